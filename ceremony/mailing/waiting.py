"""The e-mail to someone taken off the waiting list: there is a place for them now.

Owner of the table `waiting_mail_log`: one row per invitation that was told (sent, with
the time and the Message-ID, or failed, with the server's reply, the address scrubbed
out), written as `mailing.sending` writes its log. One message, one recipient, the
invitation's own .ics attached; the text comes from the catalogue (`answers.mail.*`).
Without a usable address, or when the relay cannot be reached, staff are told to phone or
write; the place stays given either way. One audit entry per try, never an address.
"""

from __future__ import annotations

from dataclasses import dataclass
from email import errors

from ceremony import audit, permissions
from ceremony.ceremonies import get_ceremony
from ceremony.clock import utc_iso
from ceremony.errors import MailError
from ceremony.invitations import find
from ceremony.mailing import message, recipients, sending, smtp
from ceremony.texts import t

SENT, FAILED, NO_ADDRESS = "sent", "failed", "no_address"
_TOLD = {SENT: "answers.notice.sent", FAILED: "answers.notice.failed", NO_ADDRESS: "answers.notice.no_address"}


@dataclass(frozen=True)
class Notice:
    """How the person was told: `status` sent / failed / no_address, and what staff read."""

    status: str
    text: str


def _log(store, invitation_id: int, status: str, reason: str = "", message_id: str = "") -> None:
    with store.write() as db:
        db.execute(
            "INSERT INTO waiting_mail_log(invitation_id, status, at, reason, message_id) VALUES (?,?,?,?,?) "
            "ON CONFLICT(invitation_id) DO UPDATE SET status = excluded.status, at = excluded.at, "
            "reason = excluded.reason, message_id = excluded.message_id",
            [invitation_id, status, utc_iso(), reason, message_id],
        )


def log_status(store, invitation_id: int) -> str | None:
    """The send log's status for this invitation (sent / failed), or None."""
    return store.scalar("SELECT status FROM waiting_mail_log WHERE invitation_id = ?", [invitation_id])


def build(person: dict, address: str, ceremony: dict, settings: dict):
    """The message: the invitation's form with the waiting list's subject and text."""
    texts = {"mail_subject": t("answers.mail.subject"), "mail_body": t("answers.mail.body")}
    return message.build_message(person, address, ceremony, {**settings, **texts})


def notify(store, user: permissions.User, invitation_id: int) -> Notice:
    """Tell the person taken off the waiting list by e-mail where there is an address;
    otherwise (or when sending fails) a Notice that asks staff to phone or write."""
    row = find(store, invitation_id)
    chosen = recipients.select(store, [row]) if row else []
    status = NO_ADDRESS
    if chosen:
        status = _send(store, chosen[0], get_ceremony(store, row["ceremony_id"]))
    audit.record(store, user.actor, "mail.waiting_off", f"invitation:{invitation_id}", status=status)
    return Notice(status, t(_TOLD[status]))


def _send(store, one: recipients.Recipient, ceremony: dict) -> str:
    """Send one message and log its outcome (a skip counts as failed); SENT or FAILED."""
    settings = store.settings()
    said: list[str] = []

    def log(status: str, reason: str = "", message_id: str = "") -> None:
        said.append(status)
        _log(store, one.invitation["id"], SENT if status == SENT else FAILED, reason, message_id)

    try:
        config = smtp.config_from(settings)
        msg = build(one.person.fields, one.address, ceremony, settings)
        address = message.wire_address(one.address)
        with smtp.connect(config) as server:
            sending._send_one(server, config.sender, log, sending.INVITATION, address, msg, sending.BatchResult())
    except MailError as exc:
        log(FAILED, sending.scrub(str(exc), one.address))
    except (ValueError, IndexError, errors.HeaderParseError):  # an address the mail library cannot write
        log(FAILED, t("answers.mail.unusable"))
    return SENT if said[-1:] == [SENT] else FAILED
