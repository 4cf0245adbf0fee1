"""Shredding people: the one way personal data leaves the store (purge, erasure, early deletion).

Like pretix's shredders, everything that belongs to a person goes in one transaction:
their invitations and call attempts (with sealed notes) and the person row. What may
outlive them is folded into anonymous counters first (`ceremony_counts`,
`deliveries.people_purged`). A delivery left without people has its data key destroyed
(crypto-shredding). Every deletion is also noted in the shred ledger outside the
database (`ceremony.ledger`), so a restored older copy gets it re-applied. Afterwards `compact()` checkpoints the WAL and vacuums, so that no
freed page still holds the ciphertext or a wrapped key; a crash before that is finished
at the next start (`finish_pending_compaction`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from ceremony import ledger, namecache
from ceremony.clock import utc_iso
from ceremony.store import in_chunks

COMPACT_FLAG = "compact_pending"

# Steps of modules above the shredder, each `step(store, person_ids)`, run inside the shred's
# transaction before those people's rows go (e.g. the answer codes leave the public exchange
# file once the shred commits). Filled by `ceremony.startup`, which sits above both, so the
# shredder imports none of them.
SHRED_HOOKS: list = []


@dataclass
class ShredResult:
    people: int = 0
    deliveries: list[int] = field(default_factory=list)  # deliveries whose key was destroyed


def shred_people(store, person_ids: Iterable[int], reason: str) -> ShredResult:
    """Delete people and everything linked to them, in the caller's transaction or one of its own.

    `reason` is recorded on emptied deliveries: "term", "early" or "erasure".
    The caller writes the audit entry (counts only) and calls `compact()` afterwards.
    """
    ids = sorted(set(person_ids))
    result = ShredResult()
    if not ids:
        return result
    with store.write() as db:
        namecache.people_deleted(store)  # no shredded name stays in memory, here or elsewhere
        affected = set()
        for chunk in in_chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            _fold_counts(db, marks, chunk)
            ledger.note(
                store,
                people=[r[0] for r in db.execute(f"SELECT uid FROM people WHERE id IN ({marks})", chunk)],
                reason=reason,
            )
            for row in db.execute(
                f"SELECT delivery_id, count(*) FROM people WHERE id IN ({marks}) GROUP BY delivery_id", chunk
            ).fetchall():
                affected.add(row[0])
                db.execute(
                    "UPDATE deliveries SET people_purged = people_purged + ? WHERE id = ?", [row[1], row[0]]
                )
            for hook in SHRED_HOOKS:
                hook(store, chunk)
            db.execute(f"DELETE FROM call_attempts WHERE person_id IN ({marks})", chunk)
            db.execute(f"DELETE FROM invitations WHERE person_id IN ({marks})", chunk)
            result.people += db.execute(f"DELETE FROM people WHERE id IN ({marks})", chunk).rowcount
        for delivery_id in sorted(affected):
            if destroy_if_empty(store, delivery_id, reason):
                result.deliveries.append(delivery_id)
        store.set_meta(COMPACT_FLAG, 1)
    return result


def destroy_if_empty(store, delivery_id: int, reason: str) -> bool:
    """Destroy the data key of a delivery that holds nobody any more; True if it did."""
    if store.scalar("SELECT 1 FROM people WHERE delivery_id = ? LIMIT 1", [delivery_id]):
        return False
    with store.write() as db:
        store.destroy_data_key(delivery_id)
        ledger.note(store, deliveries=[delivery_id], reason=reason)
        changed = db.execute(
            "UPDATE deliveries SET status = 'purged', purged_at = ?, purge_reason = ?, content_index = NULL "
            "WHERE id = ? AND status = 'active'",
            [utc_iso(), reason, delivery_id],
        ).rowcount
        store.set_meta(COMPACT_FLAG, 1)
    return bool(changed)


def _fold_counts(db, marks: str, chunk: list[int]) -> None:
    """Add the anonymous turnout figures of the invitations about to go to ceremony_counts."""
    rows = db.execute(
        f"""
        SELECT i.ceremony_id,
               sum(i.invited_at IS NOT NULL),
               sum(i.reached),
               sum(i.answer = 'komt'),
               sum(i.present),
               sum(i.present AND i.reached),
               (SELECT count(*) FROM call_attempts c
                  WHERE c.person_id IN ({marks}) AND c.invitation_id IN
                        (SELECT id FROM invitations j WHERE j.ceremony_id = i.ceremony_id))
        FROM invitations i WHERE i.person_id IN ({marks}) GROUP BY i.ceremony_id
        """,
        [*chunk, *chunk],
    ).fetchall()
    for ceremony_id, invited, reached, confirmed, attended, attended_reached, calls in rows:
        db.execute(
            "INSERT INTO ceremony_counts(ceremony_id) VALUES (?) ON CONFLICT(ceremony_id) DO NOTHING",
            [ceremony_id],
        )
        db.execute(
            "UPDATE ceremony_counts SET invited = invited + ?, reached = reached + ?, confirmed = confirmed + ?, "
            "attended = attended + ?, attended_reached = attended_reached + ?, calls = calls + ? "
            "WHERE ceremony_id = ?",
            [invited or 0, reached or 0, confirmed or 0, attended or 0, attended_reached or 0, calls or 0, ceremony_id],
        )


def record_purge(store, actor: str, trigger: str, as_of: dt.date, people: int, deliveries: int) -> None:
    """One row of the purge history (the caller holds the transaction that shredded).

    `trigger`: "start-up" or "schedule" (the purge), "user" (early deletion), "erasure".
    """
    store.db.execute(
        "INSERT INTO purges(at, actor, trigger, as_of, purged_people, purged_deliveries) VALUES (?,?,?,?,?,?)",
        [utc_iso(), actor, trigger, as_of.isoformat(), people, deliveries],
    )


def try_compact(store) -> bool:
    """`compact()` right after a shredding; if the database is busy the pending flag stays
    set and the next start or purge finishes it. True when done now."""
    try:
        return compact(store)
    except sqlite3.OperationalError:
        return False


def compact(store) -> bool:
    """Make shredded bytes unrecoverable on disk, then clear the pending flag; True when done.

    While another connection holds a read snapshot, the checkpoint cannot copy every page
    back (SQLite reports it busy) and old pages stay in the database file: the flag is
    then kept, so the next run (start-up or schedule) compacts again.
    """
    store.compact()
    with store.write():
        store.set_meta(COMPACT_FLAG, None)
    busy = store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    if busy:
        with store.write():
            store.set_meta(COMPACT_FLAG, 1)
        return False
    return True


def finish_pending_compaction(store) -> bool:
    """At start-up and before a purge: finish a compaction that a crash or a busy database
    left pending. True if it was pending and is done now."""
    return bool(store.meta(COMPACT_FLAG)) and try_compact(store)
