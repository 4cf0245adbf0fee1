"""Re-applying deletions after a restore: what the shred ledger holds and the database lacks.

A database replaced by an older copy (a back-up put back, a disk image) has people in it
that were shredded since. The shred ledger (`ceremony.ledger`, outside the database)
lists every deletion; `reconcile` re-applies the lines the database has not seen through
the shredder, records the restore in the audit trail and moves the anchor on. It runs at
every opening of the installation (`ceremony.startup.open_installation`).

This sits above the shredder and retention, which it calls; the ledger below knows
nothing of them.
"""

from __future__ import annotations

import datetime as dt
import json

from ceremony import audit, ledger, objections, people, retention, shredder

RESTORE_ACTOR = "system:restore"


def reconcile(store) -> dict | None:
    """Re-apply the deletions a (restored) database has not seen; audit it. Returns counts or None."""
    lines = ledger.read_ledger(store)

    def behind() -> tuple[list[dict], int, str | None]:
        todo = [line for line in lines if line["seq"] > (store.meta(ledger.LEDGER_SEQ) or 0)]
        head_seq = json.loads(store.meta("audit_head") or "[0]")[0]
        return todo, head_seq, audit.anchor_problem(store, head_seq)

    todo, _head, rolled_back = behind()
    if not todo and not rolled_back:  # the usual case: no write transaction at all
        return None
    with store.write():
        todo, head_seq, rolled_back = behind()  # again, now that no other writer can move it
        if not todo and not rolled_back:
            return None
        counts = {"people": 0, "deliveries": 0, "objections": 0}
        with ledger.replaying():
            for line in todo:
                _reapply(store, line, counts)
        if lines:
            store.set_meta(ledger.LEDGER_SEQ, lines[-1]["seq"])
        anchor = ledger.read_anchor(store.paths)
        audit.record(
            store, RESTORE_ACTOR, "integrity.restore", "",
            database_entries=head_seq, anchor_entries=anchor["seq"] if anchor else None,
            ledger_lines=len(todo), **counts,
        )
        ledger.force_anchor(store)  # the restore is on record: the anchor moves on
    shredder.try_compact(store)
    ledger.system_log(
        f"restore detected: audit entries {head_seq} in the database, "
        f"{anchor['seq'] if anchor else '-'} in the anchor; re-applied {len(todo)} ledger lines, "
        f"people={counts['people']} deliveries={counts['deliveries']}"
    )
    return counts


def _reapply(store, line: dict, counts: dict) -> None:
    """Re-apply one ledger line: its people, delivery keys, objection tombstones and purge.
    Each table's SQL is its owner's; the shredder deletes, as it did the first time."""
    ids = set(people.rows.ids_of_uids(store, line["people"]))
    for delivery_id in line["deliveries"]:  # whatever the destroyed key sealed goes too
        ids.update(people.rows.ids_of_delivery(store, delivery_id))
    counts["people"] += shredder.shred_people(store, ids, "erasure").people
    for delivery_id in line["deliveries"]:
        if store.has_data_key(delivery_id):
            shredder.destroy_if_empty(store, delivery_id, "erasure")
            counts["deliveries"] += 1
    for blind in line["objections"]:
        counts["objections"] += objections.add(store, blind, created_at=line["at"])
    if line.get("purge"):
        plan = retention.plan_purge(store, dt.date.fromisoformat(line["purge"]))
        counts["people"] += shredder.shred_people(store, plan.people, "term").people
        for delivery_id in plan.deliveries:
            shredder.destroy_if_empty(store, delivery_id, "term")
