"""The audit trail: append-only, HMAC-chained, never a personal value.

Entry i carries mac_i = HMAC(audit_key, mac_{i-1} || canonical(entry_i)). The newest
(id, mac) is also kept in `meta.audit_head`, so removing entries at the end is noticed
as well as changing, inserting or deleting one in the middle.
"""

from __future__ import annotations

import getpass
import json
from dataclasses import dataclass
from typing import Any

from ceremony import crypto
from ceremony.clock import utc_iso
from ceremony.errors import VerificationFailed
from ceremony.texts import t

GENESIS = "0" * 64


def _canonical(entry_id: int, at: str, actor: str, action: str, target: str, details: str) -> bytes:
    return json.dumps([entry_id, at, actor, action, target, details], ensure_ascii=False).encode()


def record(store, actor: str, action: str, target: str = "", **details: Any) -> int:
    """Append one entry (in the caller's transaction, or its own). Returns its id.

    `target` names record ids (e.g. "person:12", "delivery:3"); `details` holds counts,
    field names and other non-personal facts. Never pass a personal value here.
    """
    with store.write() as db:
        head = store.meta("audit_head")
        prev_id, prev_mac = json.loads(head) if head else (0, GENESIS)
        entry_id = prev_id + 1
        at = utc_iso()
        body = json.dumps(details, ensure_ascii=False, sort_keys=True, default=str)
        mac = crypto.mac(
            store.keys.audit_key,
            prev_mac.encode() + _canonical(entry_id, at, actor, action, target, body),
        )
        db.execute(
            "INSERT INTO audit(id, at, actor, action, target, details, mac) VALUES (?,?,?,?,?,?,?)",
            [entry_id, at, actor, action, target, body, mac],
        )
        store.set_meta("audit_head", json.dumps([entry_id, mac]))
    return entry_id


@dataclass
class Verification:
    entries: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None

    def message(self) -> str:
        if self.ok:
            return t("audit.ok", n=self.entries)
        return t("audit.broken", id=self.broken_at, why=t(f"audit.why.{self.reason}"))


def verify(store) -> Verification:
    """Walk the chain; report the first entry that does not fit."""
    prev_id, prev_mac, count = 0, GENESIS, 0
    for row in store.db.query("SELECT * FROM audit ORDER BY id"):
        if row["id"] != prev_id + 1:
            return Verification(count, row["id"], "gap")
        expected = crypto.mac(
            store.keys.audit_key,
            prev_mac.encode()
            + _canonical(row["id"], row["at"], row["actor"], row["action"], row["target"], row["details"]),
        )
        if expected != row["mac"]:
            return Verification(count, row["id"], "mac")
        prev_id, prev_mac, count = row["id"], row["mac"], count + 1
    head = store.meta("audit_head")
    if head:
        head_id, head_mac = json.loads(head)
        if head_id != prev_id or head_mac != prev_mac:
            return Verification(count, prev_id + 1, "tail")
    return Verification(count)


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


def entries(store, action: str | None = None, actor: str | None = None, limit: int = 500) -> list[dict]:
    """Newest entries first, optionally filtered by action prefix and actor."""
    sql, params = "SELECT id, at, actor, action, target, details FROM audit WHERE 1=1", []
    if action:
        sql += " AND action LIKE ?"
        params.append(action + "%")
    if actor:
        sql += " AND actor = ?"
        params.append(actor)
    sql += " ORDER BY id DESC LIMIT ?"
    params.append(limit)
    return store.rows(sql, params)
