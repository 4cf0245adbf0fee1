"""What must survive a restore: the audit anchor and the shred ledger, outside the database.

Both live beside the master key (`Paths.anchor_file`, `Paths.ledger_file`), never in the
database, so that replacing the database with an older copy is noticed and undone:

- The **anchor** holds the sequence number and MAC of the newest audit entry and the
  ledger's length. It is rewritten (temp file, fsync, rename, mode 0600) as the last step
  inside every transaction that appended to the audit trail, after the ledger line, and
  only from where the database was. `audit.verify` compares the database with it:
  behind it means rolled back or truncated.
- The **shred ledger** is an HMAC-chained list of deletions: the random row uids of
  shredded people (not their blind index: that keyed hash of a national number must go
  with the person), destroyed delivery keys, objection tombstones (blind indexes that
  the `objections` table keeps anyway) and purge dates. No personal data. A line
  is written as the last step inside the transaction that shredded (so it is never
  missing for a committed deletion); `meta.ledger_seq` says how far the database is.
  `ceremony.restore.reconcile` (at every opening of the installation) re-applies the lines
  a restored database has not seen, compacts, and audits the event.

Each side records how far the other went (the database its signed audit head and
`meta.ledger_seq`, the anchor the ledger's length), so deleting the evidence is noticed:
`audit.check_evidence` (first at every start, before every CLI command) refuses while the anchor
or the ledger is missing, shorter or older than the database or the anchor has seen.
Only `incident.accept_anchor` (an administrator, audited) sets a new starting point.

Purges, erasures, restores and key rotations also leave one line in the system log
(syslog/journald) with counts and sequence numbers only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import hmac
import json
import os
import threading
from pathlib import Path

from ceremony import crypto
from ceremony.clock import utc_iso
from ceremony.errors import IntegrityError
from ceremony.texts import t

LEDGER_SEQ = "ledger_seq"
_local = threading.local()


# --- files ------------------------------------------------------------------------------


def write_private(path: Path, text: str) -> None:
    """Replace `path` atomically: a 0600 temp file beside it, fsync, rename."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.rename(temp, path)  # atomic on POSIX, replaces an existing file
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


@contextlib.contextmanager
def _locked(path: Path):
    """An exclusive lock beside `path`, between processes (read-compare-write)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def system_log(message: str) -> None:
    """One line to syslog/journald; never fails (no syslog daemon, no socket: nothing)."""
    with contextlib.suppress(Exception):
        import syslog

        syslog.openlog("ceremony", syslog.LOG_PID, syslog.LOG_AUTH)
        syslog.syslog(syslog.LOG_NOTICE, message)


# --- the anchor -------------------------------------------------------------------------


def read_anchor(paths) -> dict | None:
    """{"seq", "mac", "ledger"} of the newest audit entry and ledger line the anchor has
    seen (`ledger` is None in an anchor written before it was recorded), or None."""
    path = paths.anchor_file
    try:
        data = json.loads(path.read_text())
        ledger = data.get("ledger")
        return {"seq": int(data["seq"]), "mac": str(data["mac"]), "ledger": None if ledger is None else int(ledger)}
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError, AttributeError, OSError):
        raise IntegrityError(t("audit.anchor_unreadable", path=path)) from None


def follow_append(store, prev_id: int, prev_mac: str) -> None:
    """Called by every audit append: the anchor follows, last thing before this transaction commits.

    Written inside the transaction (under SQLite's write lock), the anchor is never
    behind a committed head, so an anchor behind the database is evidence, not a race.
    """
    state = store.tx_state("anchor", dict)
    state.setdefault("from", (prev_id, prev_mac))
    store.before_commit("ledger", lambda: _before_commit(store))


def _before_commit(store) -> None:
    """Write this transaction's ledger line, then move the anchor to the new audit head."""
    flushed = _flush(store, store.tx_state("ledger", _new_pending))
    state = store.tx_state("anchor", dict)
    if "from" in state or flushed or state.get("force"):
        # no entry appended here (a ledger line alone): the database was at its head
        start = state.get("from") or tuple(json.loads(store.meta("audit_head") or '[0, "-"]')[:2])
        _write_anchor(store, start, state.get("force", False))


def force_anchor(store) -> None:
    """At this transaction's commit the anchor moves to its head, whatever it said before
    (a restore on record, or an administrator's acceptance)."""
    store.tx_state("anchor", dict)["force"] = True
    store.before_commit("ledger", lambda: _before_commit(store))


def _write_anchor(store, start: tuple[int, str], force: bool) -> None:
    """Move the anchor to the database's audit head and ledger position.

    Only from where this database was when the transaction began: a missing anchor
    (unless the trail starts here), an older one, or one this database has not reached
    stays as evidence until `restore.reconcile` records a restore or an administrator accepts a
    new anchor (`force`).
    """
    head = store.meta("audit_head")
    if not head:
        return
    seq, mac = json.loads(head)[:2]
    with _locked(store.paths.anchor_file):
        if not force and not _at(store.paths, start):
            return
        body = {"seq": seq, "mac": mac, "ledger": store.meta(LEDGER_SEQ) or 0, "at": utc_iso()}
        write_private(store.paths.anchor_file, json.dumps(body) + "\n")


def _at(paths, start: tuple[int, str]) -> bool:
    """Is the anchor where the database was? (No anchor fits only an empty trail; an
    unreadable one fits nothing and stays as evidence.)"""
    try:
        anchor = read_anchor(paths)
    except IntegrityError:
        return False
    if anchor is None:
        return start[0] == 0
    return (anchor["seq"], anchor["mac"]) == tuple(start)


# --- the shred ledger ---------------------------------------------------------------------


def _ledger_key(master_key: bytes) -> bytes:
    return crypto.derive(master_key, "ceremony shred ledger v1")


def _line_mac(key: bytes, prev: str, body: dict) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(key, prev.encode() + canonical, hashlib.sha256).hexdigest()


def _parse(text: str, key: bytes) -> list[dict] | int:
    """The verified lines, or the number of the first line that does not verify."""
    lines, prev = [], "0" * 64
    for number, raw in enumerate(text.splitlines(), start=1):
        try:
            line = json.loads(raw)
            body = {k: v for k, v in line.items() if k != "mac"}
            ok = line["seq"] == number and hmac.compare_digest(_line_mac(key, prev, body), line["mac"])
        except (ValueError, KeyError, TypeError, AttributeError):
            ok = False
        if not ok:
            return number
        lines.append(body)
        prev = line["mac"]
    return lines


def read_ledger(store) -> list[dict]:
    """Every ledger line, verified under the current master key.

    A rotation that died between its commit and renaming the re-keyed ledger left
    `<ledger>.new`: if that verifies and the old one does not, it is promoted here.
    """
    path = store.paths.ledger_file
    key = _ledger_key(store.keys.master_key)
    text = path.read_text() if path.exists() else ""
    parsed = _parse(text, key)
    staged = path.with_name(path.name + ".new")
    if isinstance(parsed, int) and staged.exists():
        again = _parse(staged.read_text(), key)
        if not isinstance(again, int):
            os.replace(staged, path)
            return again
    if isinstance(parsed, int):
        raise IntegrityError(t("integrity.ledger_broken", path=path, n=parsed))
    return parsed


def _render(lines: list[dict], key: bytes) -> str:
    out, prev = [], "0" * 64
    for body in lines:
        mac = _line_mac(key, prev, body)
        out.append(json.dumps({**body, "mac": mac}, sort_keys=True, separators=(",", ":")))
        prev = mac
    return "".join(line + "\n" for line in out)


@contextlib.contextmanager
def replaying():
    """While deletions from the ledger are re-applied (`restore.reconcile`), they are not noted again."""
    _local.replaying = True
    try:
        yield
    finally:
        _local.replaying = False


def note(store, people=(), deliveries=(), objections=(), purge: dt.date | None = None, reason: str = "") -> None:
    """Add deletions to the current transaction's ledger line (written just before commit)."""
    if getattr(_local, "replaying", False):
        return
    pending = store.tx_state("ledger", _new_pending)
    store.before_commit("ledger", lambda: _before_commit(store))
    pending["people"].extend(people)
    pending["deliveries"].extend(deliveries)
    pending["objections"].extend(objections)
    if purge is not None:
        pending["purge"] = max(filter(None, [pending["purge"], purge.isoformat()]))
    if reason and reason not in pending["reasons"]:
        pending["reasons"].append(reason)


def _new_pending() -> dict:
    return {"people": [], "deliveries": [], "objections": [], "purge": None, "reasons": []}


def _flush(store, pending: dict) -> bool:
    """Append the pending deletions as one ledger line; False when there were none."""
    if not (pending["people"] or pending["deliveries"] or pending["objections"] or pending["purge"]):
        return False
    lines = read_ledger(store)
    seq = len(lines) + 1
    body = {
        "seq": seq,
        "at": utc_iso(),
        "people": sorted(set(pending["people"])),
        "deliveries": sorted(set(pending["deliveries"])),
        "objections": sorted(set(pending["objections"])),
        "purge": pending["purge"],
        "reason": ",".join(pending["reasons"]),
    }
    key = _ledger_key(store.keys.master_key)
    write_private(store.paths.ledger_file, _render([*lines, body], key))
    store.set_meta(LEDGER_SEQ, seq)
    head = json.loads(store.meta("audit_head") or "[0]")[0]
    system_log(
        f"shred ledger line {seq}: reason={body['reason'] or '-'} people={len(body['people'])} "
        f"deliveries={len(body['deliveries'])} objections={len(body['objections'])} audit_seq={head}"
    )
    return True


def rekeyed(store, new_ring) -> str:
    """The ledger re-MACed under a new master key, objection tombstones carried into the new epoch."""
    lines = []
    for body in read_ledger(store):
        lines.append(
            {
                **body,
                "objections": [new_ring.rekey_blind_index(b) for b in body["objections"]],
            }
        )
    return _render(lines, _ledger_key(new_ring.master_key))


def stage_rekeyed(store, new_ring) -> Path:
    """Write the re-keyed ledger to `<ledger>.new` (promoted after the rotation commits)."""
    staged = store.paths.ledger_file.with_name(store.paths.ledger_file.name + ".new")
    write_private(staged, rekeyed(store, new_ring))
    return staged
