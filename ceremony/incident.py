"""The administrator's way back after a tamper-evidence alarm (docs/operations.md#incidents).

While the anchor or the shred ledger outside the database is missing, shorter or older
than the database has seen (`audit.evidence_problem`), the start-up and every command
refuse. Once the incident procedure is done, `python -m ceremony audit accept-anchor
--reason ... --confirm` calls `accept_anchor`: the only way to set a new anchor.
"""

from __future__ import annotations

import json

from ceremony import audit, ledger, permissions
from ceremony.errors import IntegrityError, InvalidInput
from ceremony.texts import t

MAX_REASON = 200


def accept_anchor(store, user: permissions.User, reason: str) -> dict:
    """Take the database as it is as the new starting point; returns {"seq", "ledger"}.

    The ledger position the database expects comes down to the lines the ledger holds
    (never up: lines it has not seen are re-applied by the next `restore.reconcile`); an
    `integrity.accept_anchor` entry records the reason with the old and new positions;
    the anchor is written at that entry. The reason is the administrator's text: an
    incident number, never personal data.
    """
    permissions.require(user, "integrity.accept")
    reason = " ".join(reason.split())
    if not reason or len(reason) > MAX_REASON:
        raise InvalidInput(t("integrity.accept_reason", n=MAX_REASON))
    old_anchor = _old_anchor(store)
    with store.write():
        lines = len(ledger.read_ledger(store))
        database_ledger = store.meta(ledger.LEDGER_SEQ) or 0
        head = json.loads(store.meta("audit_head") or "[0]")[0]
        if database_ledger > lines:
            store.set_meta(ledger.LEDGER_SEQ, lines)
        seq = audit.record(
            store, user.actor, "integrity.accept_anchor", "", reason=reason, **old_anchor,
            database_entries=head, database_ledger=database_ledger, ledger_lines=lines,
        )
        ledger.force_anchor(store)
    ledger.system_log(
        f"new anchor accepted by {user.actor} at audit entry {seq}: the database had {head} entries "
        f"and expected {database_ledger} ledger lines, the ledger holds {lines}; old anchor {json.dumps(old_anchor)}"
    )
    return {"seq": seq, "ledger": min(lines, database_ledger)}


def _old_anchor(store) -> dict:
    """The anchor being replaced, for the record: present, missing or unreadable, and its positions."""
    try:
        old = ledger.read_anchor(store.paths)
    except IntegrityError:
        return {"old_anchor": "unreadable"}
    if old is None:
        return {"old_anchor": "missing"}
    return {"old_anchor": "present", "old_anchor_entries": old["seq"], "old_anchor_ledger": old["ledger"]}
