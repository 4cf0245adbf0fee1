"""The audit trail: append-only, HMAC-chained, never a personal value.

Entry i carries mac_i = HMAC(audit_key, mac_{i-1} || canonical(entry_i)). The head
`meta.audit_head` = [id, mac, tag] is authenticated (tag = HMAC of id and mac under the
audit key), so deleting entries at the end and rewriting the head with SQL is noticed as
well as changing, inserting or deleting one in the middle. The head is also anchored
outside the database (`ceremony.ledger`): a database restored from an older copy, or
truncated with a head copied from an earlier state, is behind its anchor.

Key epochs: a key rotation appends a hand-over entry (`keys.handover`, naming the new
epoch) MACed under the old audit key; every later entry uses the new epoch's key. The
current master key opens the audit key of every epoch, so `verify` covers the whole
trail; an old master key opens none of the new ones, so it cannot forge a new entry.
"""

from __future__ import annotations

import getpass
import json
from dataclasses import dataclass
from typing import Any

from ceremony import crypto, ledger
from ceremony.clock import utc_iso
from ceremony.errors import IntegrityError, VerificationFailed
from ceremony.texts import t

GENESIS = "0" * 64
HANDOVER = "keys.handover"


def _canonical(entry_id: int, at: str, actor: str, action: str, target: str, details: str) -> bytes:
    return json.dumps([entry_id, at, actor, action, target, details], ensure_ascii=False).encode()


def record(store, actor: str, action: str, target: str = "", **details: Any) -> int:
    """Append one entry (in the caller's transaction, or its own). Returns its id.

    `target` names record ids (e.g. "person:12", "delivery:3"); `details` holds counts,
    field names and other non-personal facts. Never pass a personal value here.
    """
    with store.write():
        return _append(store, store.keys.audit_key, actor, action, target, details)


def record_handover(store, actor: str, old_ring, new_epoch: int) -> int:
    """The hand-over entry of a key rotation, MACed under the old epoch's audit key."""
    with store.write():
        return _append(store, old_ring.audit_key, actor, HANDOVER, "", {"epoch": new_epoch})


def _append(store, key: bytes, actor: str, action: str, target: str, details: dict) -> int:
    head = store.meta("audit_head")
    prev_id, prev_mac = json.loads(head)[:2] if head else (0, GENESIS)
    entry_id = prev_id + 1
    at = utc_iso()
    body = json.dumps(details, ensure_ascii=False, sort_keys=True, default=str)
    mac = crypto.mac(key, prev_mac.encode() + _canonical(entry_id, at, actor, action, target, body))
    store.db.execute(
        "INSERT INTO audit(id, at, actor, action, target, details, mac) VALUES (?,?,?,?,?,?,?)",
        [entry_id, at, actor, action, target, body, mac],
    )
    store.set_meta("audit_head", json.dumps([entry_id, mac, _head_tag(key, entry_id, mac)]))
    ledger.follow_append(store, prev_id, prev_mac)
    return entry_id


def _head_tag(key: bytes, entry_id: int, mac: str) -> str:
    return crypto.mac(key, f"audit-head:{entry_id}:{mac}".encode())


def upgrade_head(store) -> None:
    """Sign a head written before heads were signed: only on the first run of this version
    (no anchor yet); once an anchor exists an unsigned head is a finding, not an upgrade.

    It makes no anchor: an installation without one is refused until an administrator
    accepts one (`ledger.accept_anchor`), since deleting the anchor and rewriting the head
    with SQL would look the same.
    """
    head = store.meta("audit_head")
    if not head or len(json.loads(head)) != 2 or ledger.read_anchor(store.paths) is not None:
        return
    entry_id, mac = json.loads(head)
    with store.write():
        store.set_meta("audit_head", json.dumps([entry_id, mac, _head_tag(store.keys.audit_key, entry_id, mac)]))


@dataclass
class Verification:
    entries: int
    broken_at: int | None = None
    reason: str = ""
    problem: str = ""  # a whole sentence (the anchor), instead of broken_at + reason

    @property
    def ok(self) -> bool:
        return self.broken_at is None and not self.problem

    def message(self) -> str:
        if self.ok:
            return t("audit.ok", n=self.entries)
        if self.problem:
            return self.problem
        return t("audit.broken", id=self.broken_at, why=t(f"audit.why.{self.reason}"))


def verify(store) -> Verification:
    """Walk the chain epoch by epoch, check the signed head, then the anchor and the shred
    ledger outside the database (missing, shorter or older is a finding, as is behind)."""
    keys = store.keys
    epoch, prev_id, prev_mac, count = 0, 0, GENESIS, 0
    for row in store.db.query("SELECT * FROM audit ORDER BY id"):
        if row["id"] != prev_id + 1:
            return Verification(count, row["id"], "gap")
        expected = crypto.mac(
            keys.audit_keys[epoch],
            prev_mac.encode()
            + _canonical(row["id"], row["at"], row["actor"], row["action"], row["target"], row["details"]),
        )
        if expected != row["mac"]:
            return Verification(count, row["id"], "mac")
        if row["action"] == HANDOVER:  # only ever to the next epoch, whose key we hold
            named = json.loads(row["details"]).get("epoch")
            if named != epoch + 1 or named > keys.epoch:
                return Verification(count, row["id"], "epoch")
            epoch = named
        prev_id, prev_mac, count = row["id"], row["mac"], count + 1
    head = json.loads(store.meta("audit_head") or "null")
    if head:
        if head[:2] != [prev_id, prev_mac]:
            return Verification(count, prev_id + 1, "tail")
        if len(head) != 3 or head[2] != _head_tag(keys.audit_keys[epoch], prev_id, prev_mac):
            return Verification(count, prev_id, "head")
    if count and epoch != keys.epoch:
        return Verification(count, prev_id, "epoch")
    try:
        problem = evidence_problem(store) or anchor_problem(store, prev_id)
    except IntegrityError as exc:  # an unreadable anchor or a broken ledger is a finding too
        problem = str(exc)
    if problem:
        return Verification(count, problem=problem)
    return Verification(count)


# --- the database against the evidence outside it (`ceremony.ledger`) ---------------------


def anchor_problem(store, head_seq: int) -> str | None:
    """Why the database is behind its anchor (restored or cut: a Dutch sentence), or None."""
    anchor = ledger.read_anchor(store.paths)
    if anchor is None:
        return None
    if anchor["seq"] > head_seq:
        return t("audit.rolled_back", anchor=anchor["seq"], db=head_seq)
    if store.scalar("SELECT mac FROM audit WHERE id = ?", [anchor["seq"]]) != anchor["mac"]:
        return t("audit.diverged", id=anchor["seq"])
    return None


def evidence_problem(store) -> str | None:
    """What outside the database is missing, shorter or older than the database (or the
    anchor) has seen, as one Dutch sentence naming the administrator's command; or None.

    Read in this order (database, anchor, ledger), each is written before the one read
    earlier commits, so a writer in another process never makes a false alarm. A fresh
    installation has no audit head, no anchor and no ledger.
    """
    head = json.loads(store.meta("audit_head") or "[0]")[0]
    database_ledger = store.meta(ledger.LEDGER_SEQ) or 0
    anchor = ledger.read_anchor(store.paths)
    lines = len(ledger.read_ledger(store))
    if anchor is None and head:
        return t("integrity.anchor_missing", db=head)
    if anchor and anchor["seq"] < head and _holds(store, anchor):
        return t("integrity.anchor_older", anchor=anchor["seq"], db=head)
    if lines < database_ledger:
        return t("integrity.ledger_shorter", lines=lines, db=database_ledger)
    if anchor and (anchor["ledger"] or 0) > lines:
        return t("integrity.ledger_shorter_than_anchor", lines=lines, anchor=anchor["ledger"])
    return None


def _holds(store, anchor: dict) -> bool:
    """Is the anchored entry in this database? (If not, the database is another copy: a restore.)"""
    return store.scalar("SELECT mac FROM audit WHERE id = ?", [anchor["seq"]]) == anchor["mac"]


def check_evidence(store) -> None:
    """A start-up and command step: refuse (IntegrityError) while `evidence_problem` finds one."""
    problem = evidence_problem(store)
    if problem:
        ledger.system_log(f"tamper evidence: {problem}")
        raise IntegrityError(problem)


def verify_or_raise(store) -> Verification:
    """Like `verify`, but a broken chain raises VerificationFailed (CLI exit 1)."""
    result = verify(store)
    if not result.ok:
        raise VerificationFailed(result.message())
    return result


def cli_actor() -> str:
    """The actor name of a command-line call: cli:<os user>."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "onbekend"
    return f"cli:{name}"


def user_actor(username: str) -> str:
    """The actor name of a logged-in user."""
    return f"user:{username}"


def entries(store, action: str | None = None, actor: str | None = None, limit: int = 500,
            exact: bool = False) -> list[dict]:
    """Newest entries first, optionally filtered by action (prefix, or `exact`) and actor."""
    sql, params = "SELECT id, at, actor, action, target, details FROM audit WHERE 1=1", []
    if action and exact:
        sql += " AND action = ?"
        params.append(action)
    elif action:
        sql += " AND action LIKE ?"
        params.append(action + "%")
    if actor:
        sql += " AND actor = ?"
        params.append(actor)
    sql += " ORDER BY id DESC LIMIT ?"
    params.append(limit)
    return store.rows(sql, params)


def actions(store) -> list[str]:
    """The distinct actions in the trail (for the Auditlog filter)."""
    return [r[0] for r in store.db.execute("SELECT DISTINCT action FROM audit ORDER BY action")]


def actors(store) -> list[str]:
    """The distinct actors in the trail, in order (for the Auditlog filter)."""
    return [r[0] for r in store.db.execute("SELECT DISTINCT actor FROM audit ORDER BY actor")]


def count(store) -> int:
    """How many entries the trail holds."""
    return store.scalar("SELECT count(*) FROM audit")


def action_counts(store) -> dict[str, int]:
    """How many entries per action (compliance evidence)."""
    return dict(store.db.execute("SELECT action, count(*) FROM audit GROUP BY action").fetchall())
