"""Kept objections (table `objections`): the blind index of someone who objected and was erased.

The importer skips anyone whose blind index is here, so a later delivery does not add
the person again. A blind index is a keyed hash: it reveals nothing. Deciding an
objection (permission, audit, erasure) is `ceremony.rights`; this module only keeps the list.
"""

from __future__ import annotations

from ceremony.clock import utc_iso


def add(store, blind_index: str, created_at: str | None = None) -> bool:
    """Keep an objection (a no-op when it is kept already); True when it is new. The caller
    audits; a restore re-applying the shred ledger passes the objection's own `created_at`."""
    with store.write() as db:
        return bool(db.execute(
            "INSERT INTO objections(blind_index, created_at) VALUES (?, ?) ON CONFLICT(blind_index) DO NOTHING",
            [blind_index, created_at or utc_iso()],
        ).rowcount)


def rekey(store, new_ring) -> int:
    """Key rotation: carry every kept blind index into the new epoch (an HMAC of the old
    index under the new key, no national number needed); how many. In the caller's transaction."""
    rows = store.rows("SELECT blind_index FROM objections")
    store.db.conn.executemany(
        "UPDATE objections SET blind_index = ? WHERE blind_index = ?",
        [(new_ring.rekey_blind_index(r["blind_index"]), r["blind_index"]) for r in rows],
    )
    return len(rows)


def remove(store, blind_index: str) -> bool:
    """Forget a kept objection; False when there was none."""
    with store.write() as db:
        return bool(db.execute("DELETE FROM objections WHERE blind_index = ?", [blind_index]).rowcount)


def since(store, blind_index: str) -> str | None:
    """When the objection was kept (UTC ISO), or None."""
    return store.scalar("SELECT created_at FROM objections WHERE blind_index = ?", [blind_index])


def all_indexes(store) -> set[str]:
    """Every kept blind index (the importer's skip list)."""
    return {r[0] for r in store.db.execute("SELECT blind_index FROM objections")}


def count(store) -> int:
    """How many objections are kept."""
    return store.scalar("SELECT count(*) FROM objections")
