"""Shredding people: the one way personal data leaves the store (purge, erasure, early deletion).

Like pretix's shredders, everything that belongs to a person goes in one transaction:
each table's owner supplies its step (`DELETION_STEPS`: the turnout folded into
`ceremony_counts`, call attempts with sealed notes, invitations), then the person row
goes; the shredder holds no SQL of its own. What may outlive them is counted anonymously
(`ceremony_counts`, `deliveries.people_purged`). A delivery left without people has its data key destroyed
(crypto-shredding). Every deletion is also noted in the shred ledger outside the
database (`ceremony.ledger`), so a restored older copy gets it re-applied. Afterwards `compact()` checkpoints the WAL and vacuums, so that no
freed page still holds the ciphertext or a wrapped key; a crash before that is finished
at the next start (`finish_pending_compaction`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ceremony import deliveries, ledger, namecache, people, stats
from ceremony.invitations import deletion as invitation_deletion
from ceremony.phone_round import attempts
from ceremony.store import in_chunks

COMPACT_FLAG = "compact_pending"

# What goes with a person, in this order, each step from the owner of its table:
# callables (store, chunk, marks) run inside the shredder's one transaction on a slice of
# person ids (`marks`: its placeholders) before the person rows go. A table that holds
# rows about a person adds its owner's step here (one line; docs/architecture.md). Rows
# that reference an invitation (`mail_log`, `reminder_log`, `waiting_mail_log`) go with it:
# ON DELETE CASCADE.
DELETION_STEPS: list[Callable] = [
    stats.fold_counts,  # the turnout into ceremony_counts, while the invitations are still there
    attempts.delete_of_people,  # call attempts with their sealed notes
    invitation_deletion.delete_of_people,  # invitations, with their mail and reminder log rows
]

# Steps of modules ABOVE the shredder, each `step(store, person_ids)`, run inside the shred's
# transaction before the deletion steps (e.g. the answer codes of these people leave the
# public exchange file once the shred commits). Filled by `ceremony.startup`, which sits
# above both, so the shredder imports none of them.
SHRED_HOOKS: list[Callable] = []


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
    with store.write():
        namecache.people_deleted(store)  # no shredded name stays in memory, here or elsewhere
        affected = set()
        for chunk, marks in in_chunks(ids, 500):
            ledger.note(store, people=people.rows.uids_of(store, chunk, marks), reason=reason)
            for delivery_id, n in people.rows.count_per_delivery(store, chunk, marks):
                affected.add(delivery_id)
                deliveries.add_purged_people(store, delivery_id, n)
            for hook in SHRED_HOOKS:
                hook(store, chunk)
            for step in DELETION_STEPS:
                step(store, chunk, marks)
            result.people += people.rows.delete_people(store, chunk, marks)
        for delivery_id in sorted(affected):
            if destroy_if_empty(store, delivery_id, reason):
                result.deliveries.append(delivery_id)
        store.set_meta(COMPACT_FLAG, 1)
    return result


def destroy_if_empty(store, delivery_id: int, reason: str) -> bool:
    """Destroy the data key of a delivery that holds nobody any more; True if it did."""
    if people.rows.has_people(store, delivery_id):
        return False
    with store.write():
        store.destroy_data_key(delivery_id)
        ledger.note(store, deliveries=[delivery_id], reason=reason)
        changed = deliveries.mark_purged(store, delivery_id, reason)
        store.set_meta(COMPACT_FLAG, 1)
    return changed


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
