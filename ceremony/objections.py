"""Kept objections (table `objections`): the blind index of someone who objected and was erased.

The importer skips anyone whose blind index is here, so a later delivery does not add
the person again. A blind index is a keyed hash: it reveals nothing. Deciding an
objection (permission, audit, erasure) is `ceremony.rights`; this module only keeps the list.
"""

from __future__ import annotations

from ceremony.clock import utc_iso


def add(store, blind_index: str) -> None:
    """Keep an objection (a no-op when it is kept already); the caller audits."""
    with store.write() as db:
        db.execute(
            "INSERT INTO objections(blind_index, created_at) VALUES (?, ?) ON CONFLICT(blind_index) DO NOTHING",
            [blind_index, utc_iso()],
        )


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
