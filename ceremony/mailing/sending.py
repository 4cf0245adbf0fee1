"""Send a ceremony's e-mail invitations, one message per person, and keep the send log.

Owner of the table `mail_log`: one row per invitation that was tried, `sent` (with the
time and the Message-ID), `failed` (with the server's reply, the address scrubbed out) or
`skipped` (an address with non-ASCII letters before the @ while the relay offers no
SMTPUTF8; tried again by the next batch). A batch takes the ceremony's recipients (`mailing.recipients`: the one rule for who
gets an e-mail, which Export's e-mail list follows too), skips those already sent, and
sends the rest over one connection, paced by the setting `mail_rate_per_minute`. Each
result is written as soon as the server answered, so a batch that stops halfway (a
dropped connection, a crash) keeps what was sent; the next batch retries the rest. One
audit entry per batch holds the counts, never an address.

Changes and cancellation: each log row keeps the .ics SEQUENCE and the kind of the last
message the invitee received. When the ceremony's date, hour or venue changed since
(`ceremonies.moment_sequence` past that SEQUENCE), the batch sends that invitee one
update ("Gewijzigd: ...", the same UID, the new SEQUENCE); when the ceremony is
cancelled, one cancellation (METHOD:CANCEL) and no new invitations. People who answered
that they will not come get neither. A failed update or cancellation keeps the row
`sent` with the reason, so the next batch tries it again.

Pacing: never more than `mail_rate_per_minute` messages in any 60 seconds (`_Pacer`).
A relay that asks for a login when none is set stops the batch with a MailError that
says what to set, and marks nobody failed.

Duplicates: a message the server accepted just before the app stopped, without the
log row written, is sent again by the next batch; SMTP offers no way to ask. A
connection dropped while a message was on its way is logged as such, and when that
message goes out on a later batch its row keeps the reason `mail.reason.maybe_twice`,
so staff see who may have it twice.
"""

from __future__ import annotations

import collections
import functools
import json
import re
import smtplib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email import errors

from ceremony import audit, permissions
from ceremony.answers import codes as answer_codes
from ceremony.clock import utc_iso
from ceremony.exports.common import PERMISSION, get_ceremony
from ceremony.invitations.invitee_lists import named_page, named_rows
from ceremony.mailing import message, recipients, smtp
from ceremony.texts import t

MAX_REASON = 300
_ANY_ADDRESS = re.compile(r"<?[^\s<>@]+@[^\s<>@]+>?")

Progress = Callable[[int, int], None]


INVITATION, UPDATE, CANCEL = "invitation", "update", "cancel"
_COUNTER = {INVITATION: "sent", UPDATE: "updates", CANCEL: "cancellations"}


@dataclass
class BatchResult:
    sent: int = 0
    updates: int = 0
    cancellations: int = 0
    failed: int = 0
    skipped: int = 0
    to_send: int = 0
    interrupted: bool = False
    skipped_reasons: list[dict] = field(default_factory=list)  # {"invitation": id, "reason": text}

    def counts(self) -> dict[str, int]:
        """What the CLI prints: {"sent", "updates", "cancellations", "failed", "skipped"}."""
        return {"sent": self.sent, "updates": self.updates, "cancellations": self.cancellations,
                "failed": self.failed, "skipped": self.skipped}


def scrub(reason: str, address: str = "") -> str:
    """A server's reply without any e-mail address in it (it may quote the recipient)."""
    text = reason.replace(address, "<adres>") if address else reason
    text = _ANY_ADDRESS.sub("<adres>", " ".join(text.split()))
    return text[:MAX_REASON]


def reply_text(code, text) -> str:
    """An SMTP reply (code and text, bytes or str) as one line."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}".strip()


# --- the send log (table mail_log) ------------------------------------------------------------


def email_invitations(store, ceremony_id: int) -> list[dict]:
    """The ceremony's e-mail invitations of contactable people, with their log state."""
    rows = recipients.email_channel(store, ceremony_id)
    logged = {
        r["invitation_id"]: r
        for r in store.rows(
            "SELECT invitation_id, status, at, reason, sequence, kind FROM mail_log "
            "WHERE invitation_id IN (SELECT value FROM json_each(?))",
            [json.dumps([r["id"] for r in rows])],
        )
    }
    empty = {"status": None, "at": None, "reason": None, "sequence": None, "kind": None}
    return [
        {"id": r["id"], "person_id": r["person_id"], "answer": r["answer"],
         **{k: logged.get(r["id"], empty)[k] for k in empty}}
        for r in rows
    ]


def log_counts(store, ceremony_id: int) -> dict[str, int]:
    """Anonymous counts for the ceremony's e-mail invitations (`total`): `sent`; of those who
    get an e-mail (`recipients`, at `addresses` distinct addresses, as Export's e-mail list
    holds them) `failed`, `open` (not tried yet) and `skipped` (the relay cannot take the
    address); `maybe_twice`: sent after a connection dropped mid-message; `no_mail`: the others, not sent, who get
    none (no usable address, or answered that they will not come)."""
    rows = email_invitations(store, ceremony_id)
    chosen, addresses = recipients.tally(store, rows)
    status = [r["status"] for r in chosen]
    sent = sum(r["status"] == "sent" for r in rows)
    failed, still_open, skipped = status.count("failed"), status.count(None), status.count("skipped")
    twice = sum(r["status"] == "sent" and r["reason"] == t("mail.reason.maybe_twice") for r in rows)
    return {"total": len(rows), "recipients": len(chosen), "addresses": addresses, "sent": sent,
            "failed": failed, "open": still_open, "skipped": skipped, "maybe_twice": twice,
            "no_mail": len(rows) - sent - failed - still_open - skipped}


def due_counts(store, ceremony_id: int) -> dict[str, int]:
    """Anonymous counts of what the next batch sends: {"invitations", "updates",
    "cancellations"} (of those who get an e-mail, as `log_counts` counts them)."""
    ceremony = get_ceremony(store, ceremony_id)
    chosen, _addresses = recipients.tally(store, email_invitations(store, ceremony_id))
    kinds = [message_kind(row, ceremony) for row in chosen]
    return {"invitations": kinds.count(INVITATION), "updates": kinds.count(UPDATE),
            "cancellations": kinds.count(CANCEL)}


def _log(store, invitation_id: int, status: str, reason: str = "", message_id: str = "",
         kind: str = INVITATION, sequence: int = 0) -> None:
    """Record a message's outcome; a failed update or cancellation keeps the row `sent`
    (the invitee still holds the earlier message) with the reason."""
    with store.write() as db:
        if status in ("failed", "skipped") and kind != INVITATION:
            db.execute("UPDATE mail_log SET reason = ?, at = ? WHERE invitation_id = ?",
                       [reason, utc_iso(), invitation_id])
            return
        db.execute(
            "INSERT INTO mail_log(invitation_id, status, at, reason, message_id, kind, sequence) "
            "VALUES (?,?,?,?,?,?,?) "
            "ON CONFLICT(invitation_id) DO UPDATE SET status = excluded.status, at = excluded.at, "
            "reason = excluded.reason, message_id = excluded.message_id, kind = excluded.kind, "
            "sequence = excluded.sequence",
            [invitation_id, status, utc_iso(), reason, message_id, kind, sequence],
        )


def notified_count(store, ceremony_id: int) -> int:
    """How many invitees got an e-mail and would get an update or cancellation (not those
    who answered that they will not come)."""
    return sum(r["status"] == "sent" and r["answer"] != recipients.DECLINED
               for r in email_invitations(store, ceremony_id))


def send_log(store, user: permissions.User, ceremony_id: int, seen: set[str] | None = None) -> list[dict]:
    """The log per e-mail invitation with the invitee's name (decrypted: audited as an
    access; `seen`: a page's memo, see `ceremonies.audit_view`)."""
    permissions.require(user, PERMISSION)
    return named_rows(store, user, email_invitations(store, ceremony_id), "mail.log_view", ceremony_id, seen)


def send_log_page(store, user: permissions.User, ceremony_id: int, offset: int = 0, limit: int = 50,
                  seen: set[str] | None = None) -> list[dict]:
    """One page of `send_log` in name order (`ceremony.invitations.invitee_lists.Page`: with `total` and `offset`);
    only the page's people are shown and audited."""
    permissions.require(user, PERMISSION)
    return named_page(store, user, email_invitations(store, ceremony_id), "mail.log_view", ceremony_id, offset,
                      limit, seen)


# --- sending ----------------------------------------------------------------------------------


def message_kind(row: dict, ceremony: dict) -> str | None:
    """What one e-mail invitee is due: an invitation, an update, a cancellation, or None."""
    if row["status"] != "sent":
        return None if ceremony.get("cancelled_at") else INVITATION
    if row["kind"] == CANCEL:
        return None
    if ceremony.get("cancelled_at"):
        return CANCEL
    return UPDATE if (row["sequence"] or 0) < ceremony["moment_sequence"] else None


def _pending(store, ceremony: dict) -> tuple[list[tuple[str, recipients.Recipient]], int]:
    """The recipients with the message each is due, and how many e-mail invitations are skipped."""
    rows = email_invitations(store, ceremony["id"])
    due = [row for row in rows if message_kind(row, ceremony)]
    pending = [(message_kind(r.invitation, ceremony), r) for r in recipients.select(store, due)]
    return pending, len(rows) - len(pending)


class _Pacer:
    """At most `per_minute` messages in any 60 s: `wait()` before each message.

    A message starts `60 / per_minute` s after the one before, and no sooner than 60 s
    after the one `per_minute` back has finished (a relay counts what it has received).
    The clock decides, not the timer: a sleep that wakes early sleeps again.
    """

    WINDOW = 60.0

    def __init__(self, per_minute: int, sleep=time.sleep, clock=time.monotonic):
        self.limit = max(1, int(per_minute))
        self.interval = self.WINDOW / self.limit
        self.started: float | None = None
        self.finished: collections.deque[float] = collections.deque(maxlen=self.limit)
        self.sleep, self.clock = sleep, clock

    def wait(self) -> None:
        now = self.clock()
        due = now
        if self.started is not None:
            self.finished.append(now)  # the message before is done by the time we are called
            due = self.started + self.interval
        if len(self.finished) == self.limit:
            due = max(due, self.finished[0] + self.WINDOW)
        while now < due:
            self.sleep(due - now)
            now = self.clock()
        self.started = now


def send_invitations(
    store, user: permissions.User, ceremony_id: int, *, dry_run: bool = False, progress: Progress | None = None
) -> BatchResult:
    """Send every e-mail invitation of the ceremony not sent yet, and the updates and
    cancellations due; see the module docstring.

    `dry_run` builds every message (so a broken template shows now) but sends nothing;
    `result.to_send` then says how many would go. `progress(done, total)` after each one.
    """
    permissions.require(user, PERMISSION)
    ceremony = get_ceremony(store, ceremony_id)
    settings = store.settings()
    config = None if dry_run else smtp.config_from(settings)  # settings first, before decrypting
    pending, skipped = _pending(store, ceremony)
    result = BatchResult(skipped=skipped, to_send=len(pending))
    links = answer_codes.links_for(store, [one.invitation["id"] for _kind, one in pending], ceremony)
    messages = []
    for kind, one in pending:
        try:
            messages.append((kind, one.invitation, one.address, message.build_message(
                one.person.fields, one.address, ceremony, settings, kind, links.get(one.invitation["id"]))))
        except (ValueError, IndexError, errors.HeaderParseError):  # an address the mail library cannot write
            result.skipped += 1
    result.to_send = len(messages)
    if dry_run or not messages:
        _audit_batch(store, user, ceremony_id, result, dry_run)
        return result
    pacer = _Pacer(settings["mail_rate_per_minute"])
    try:
        with smtp.connect(config) as server:
            for done, (kind, row, address, msg) in enumerate(messages, start=1):
                pacer.wait()
                logged = functools.partial(_log, store, row["id"], kind=kind, sequence=ceremony["sequence"])
                connected = _send_one(server, config.sender, logged, kind, message.wire_address(address), msg,
                                      result, row)
                if progress:
                    progress(done, len(messages))
                if not connected:
                    break
    finally:
        _audit_batch(store, user, ceremony_id, result, dry_run)
    return result


def _send_one(server, sender: str, log: Callable, kind: str, address: str, msg, result: BatchResult,
              row: dict | None = None) -> bool:
    """Send one message to its one recipient and `log(status, reason, message_id)` the
    outcome; False when the connection is gone. `row`: the invitation's send-log row (its
    id for a skip, its earlier reason for "may have it twice"). A relay that wants a login
    raises MailError (nobody is marked failed for a setting)."""
    try:
        refused = server.send_message(msg, from_addr=sender, to_addrs=[address])
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()), (0, b""))
        reason = reply_text(code, text)
    except smtplib.SMTPServerDisconnected:
        log("failed", t("mail.reason.disconnected"))
        result.failed += 1
        result.interrupted = True
        return False
    except smtplib.SMTPResponseException as exc:
        smtp.raise_if_login_required(exc)
        reason = reply_text(exc.smtp_code, exc.smtp_error)
    except smtplib.SMTPNotSupportedError:  # raised before any command: the connection is intact
        log("skipped", t("mail.reason.smtputf8"))
        result.skipped += 1
        if row is not None:
            result.skipped_reasons.append({"invitation": row["id"], "reason": t("mail.reason.smtputf8")})
        return True
    except OSError:
        log("failed", t("mail.reason.disconnected"))
        result.failed += 1
        result.interrupted = True
        return False
    else:
        if not refused:
            earlier = (row or {}).get("reason")
            twice = earlier in (t("mail.reason.disconnected"), t("mail.reason.maybe_twice"))
            log("sent", t("mail.reason.maybe_twice") if twice else "", message_id=str(msg["Message-ID"]))
            setattr(result, _COUNTER[kind], getattr(result, _COUNTER[kind]) + 1)
            return True
        reason = reply_text(*next(iter(refused.values())))
    log("failed", scrub(reason, address))
    result.failed += 1
    return True


def _audit_batch(store, user: permissions.User, ceremony_id: int, result: BatchResult, dry_run: bool) -> None:
    audit.record(
        store, user.actor, "mail.dry_run" if dry_run else "mail.send", f"ceremony:{ceremony_id}",
        **result.counts(), to_send=result.to_send, interrupted=result.interrupted,
    )
