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
  `reconcile` (every start of the app, every CLI command) re-applies the lines a restored
  database has not seen, compacts, and audits the event.

Each side records how far the other went (the database its signed audit head and
`meta.ledger_seq`, the anchor the ledger's length), so deleting the evidence is noticed:
`check_evidence` (first at every start, before every CLI command) refuses while the anchor
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
from ceremony.store import in_chunks
from ceremony.texts import t

LEDGER_SEQ = "ledger_seq"
RESTORE_ACTOR = "system:restore"
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
    stays as evidence until `reconcile` records a restore or an administrator accepts a
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


def anchor_problem(store, head_seq: int) -> str | None:
    """Why the database is behind its anchor (restored or cut: a Dutch sentence), or None."""
    anchor = read_anchor(store.paths)
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
    database_ledger = store.meta(LEDGER_SEQ) or 0
    anchor = read_anchor(store.paths)
    lines = len(read_ledger(store))
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
        system_log(f"tamper evidence: {problem}")
        raise IntegrityError(problem)


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
        raise IntegrityError(t("ledger.broken", path=path, n=parsed))
    return parsed


def _render(lines: list[dict], key: bytes) -> str:
    out, prev = [], "0" * 64
    for body in lines:
        mac = _line_mac(key, prev, body)
        out.append(json.dumps({**body, "mac": mac}, sort_keys=True, separators=(",", ":")))
        prev = mac
    return "".join(line + "\n" for line in out)


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


# --- reconcile after a restore --------------------------------------------------------------


def reconcile(store) -> dict | None:
    """Re-apply the deletions a (restored) database has not seen; audit it. Returns counts or None."""
    from ceremony import audit, retention, shredder

    lines = read_ledger(store)

    def behind() -> tuple[list[dict], int, str | None]:
        todo = [line for line in lines if line["seq"] > (store.meta(LEDGER_SEQ) or 0)]
        head_seq = json.loads(store.meta("audit_head") or "[0]")[0]
        return todo, head_seq, anchor_problem(store, head_seq)

    todo, _head, rolled_back = behind()
    if not todo and not rolled_back:  # the usual case: no write transaction at all
        return None
    with store.write() as db:
        todo, head_seq, rolled_back = behind()  # again, now that no other writer can move it
        if not todo and not rolled_back:
            return None
        counts = {"people": 0, "deliveries": 0, "objections": 0}
        _local.replaying = True
        try:
            for line in todo:
                _reapply(store, db, line, counts, shredder, retention)
        finally:
            _local.replaying = False
        if lines:
            store.set_meta(LEDGER_SEQ, lines[-1]["seq"])
        anchor = read_anchor(store.paths)
        audit.record(
            store, RESTORE_ACTOR, "integrity.restore", "",
            database_entries=head_seq, anchor_entries=anchor["seq"] if anchor else None,
            ledger_lines=len(todo), **counts,
        )
        force_anchor(store)  # the restore is on record: the anchor moves on
    shredder.try_compact(store)
    system_log(
        f"restore detected: audit entries {head_seq} in the database, "
        f"{anchor['seq'] if anchor else '-'} in the anchor; re-applied {len(todo)} ledger lines, "
        f"people={counts['people']} deliveries={counts['deliveries']}"
    )
    return counts


def _reapply(store, db, line: dict, counts: dict, shredder, retention) -> None:
    ids = set()
    for chunk in in_chunks(line["people"], 500):
        marks = ",".join("?" * len(chunk))
        ids.update(r[0] for r in db.execute(f"SELECT id FROM people WHERE uid IN ({marks})", chunk))
    for delivery_id in line["deliveries"]:  # whatever the destroyed key sealed goes too
        ids.update(r[0] for r in db.execute("SELECT id FROM people WHERE delivery_id = ?", [delivery_id]))
    counts["people"] += shredder.shred_people(store, ids, "erasure").people
    for delivery_id in line["deliveries"]:
        if store.scalar("SELECT wrapped_key FROM deliveries WHERE id = ?", [delivery_id]) is not None:
            shredder.destroy_if_empty(store, delivery_id, "erasure")
            counts["deliveries"] += 1
    for blind in line["objections"]:
        counts["objections"] += db.execute(
            "INSERT INTO objections(blind_index, created_at) VALUES (?, ?) ON CONFLICT(blind_index) DO NOTHING",
            [blind, line["at"]],
        ).rowcount
    if line.get("purge"):
        plan = retention.plan_purge(store, dt.date.fromisoformat(line["purge"]))
        counts["people"] += shredder.shred_people(store, plan.people, "term").people
        for delivery_id in plan.deliveries:
            shredder.destroy_if_empty(store, delivery_id, "term")
