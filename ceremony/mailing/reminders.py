"""Reminder e-mails a few days before a ceremony, once per invitee, with their own send log.

Who: the one rule of `mailing.recipients` (channel e-mail, may be contacted, a usable
address, did not answer "komt niet"): so those who said yes, said maybe or have not
answered; never who said no, objected, may not be contacted or was erased (their
invitation is gone). Never for a cancelled ceremony (a `cancelled_at` on the ceremony
row) nor for one that has passed.

When: `send_due` (the scheduled job, `mail remind --due` on the purge timer) reminds every
ceremony whose reminder day has come: from `reminder_days` (setting; 0 = off) before the
ceremony until the day before, so a timer that missed a day catches up. It leaves out who
got the invitation e-mail itself on or after the reminder day: they have just read it.
`send_reminders` (`mail remind --ceremony ID`) is the coordinator's "now" for one ceremony,
also while `reminder_days` is 0.

Owner of the table `reminder_log`: one row per reminded invitation, `sent` or `failed`
(the server's reply, the address scrubbed out), with the ceremony date it reminded of.
A reminder counts as given for that date only: a ceremony moved to another day is
reminded again. Sending reuses `mailing.sending` (the connection, the pace of
`mail_rate_per_minute`, one outcome per message written as soon as the server answered),
so a batch that stops halfway keeps what was sent and the next run sends the rest. One
audit entry per ceremony batch, counts only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
from dataclasses import dataclass
from email import errors

from ceremony import audit, ceremonies, permissions
from ceremony.answers import codes as answer_codes
from ceremony.clock import BRUSSELS, parse_utc, today, utc_iso
from ceremony.errors import InvalidInput
from ceremony.exports.common import PERMISSION, get_ceremony
from ceremony.mailing import message, recipients, sending, smtp
from ceremony.texts import t


@dataclass
class ReminderResult(sending.BatchResult):
    """A reminder run: only reminders are sent (no updates or cancellations)."""

    def counts(self) -> dict[str, int]:
        """What the CLI prints: {"sent", "failed", "skipped"}."""
        return {"sent": self.sent, "failed": self.failed, "skipped": self.skipped}


@dataclass
class DueResult(ReminderResult):
    ceremonies: int = 0  # ceremonies whose reminder day has come

    def counts(self) -> dict[str, int]:
        """What the CLI prints: {"ceremonies", "sent", "failed", "skipped"}."""
        return {"ceremonies": self.ceremonies, **super().counts()}

    def add(self, batch: ReminderResult) -> None:
        self.ceremonies += 1
        self.sent, self.failed = self.sent + batch.sent, self.failed + batch.failed
        self.skipped, self.to_send = self.skipped + batch.skipped, self.to_send + batch.to_send
        self.interrupted = self.interrupted or batch.interrupted


# --- the reminder log (table reminder_log) ----------------------------------------------------


def _log(store, invitation_id: int, status: str, reason: str = "", message_id: str = "", *,
         ceremony_date: str) -> None:
    with store.write() as db:
        db.execute(
            "INSERT INTO reminder_log(invitation_id, status, at, ceremony_date, reason, message_id) "
            "VALUES (?,?,?,?,?,?) ON CONFLICT(invitation_id) DO UPDATE SET status = excluded.status, "
            "at = excluded.at, ceremony_date = excluded.ceremony_date, reason = excluded.reason, "
            "message_id = excluded.message_id",
            [invitation_id, status, utc_iso(), ceremony_date, reason, message_id],
        )


def _reminded(store, invitation_ids: list[int], ceremony_date: str) -> set[int]:
    """Those of the invitations already reminded of this ceremony date."""
    return {
        row["invitation_id"]
        for row in store.rows(
            "SELECT invitation_id FROM reminder_log WHERE status = 'sent' AND ceremony_date = ? "
            "AND invitation_id IN (SELECT value FROM json_each(?))",
            [ceremony_date, json.dumps(invitation_ids)],
        )
    }


# --- who and when -------------------------------------------------------------------------------


def is_cancelled(ceremony: dict) -> bool:
    """Whether the ceremony row says it was cancelled."""
    return bool(ceremony.get("cancelled_at"))


def reminder_day(ceremony: dict, days: int) -> dt.date:
    """The day the scheduled job starts reminding of this ceremony."""
    return dt.date.fromisoformat(ceremony["date"]) - dt.timedelta(days=days)


def due_ceremonies(store, as_of: dt.date | None = None) -> list[dict]:
    """The ceremonies to remind on `as_of` (default today): reminder day come, not yet held,
    not cancelled. None while `reminder_days` is 0."""
    days, as_of = store.setting("reminder_days"), as_of or today()
    if not days:
        return []
    return [
        row for row in ceremonies.list_ceremonies(store)
        if not is_cancelled(row) and reminder_day(row, days) <= as_of < dt.date.fromisoformat(row["date"])
    ]


def _invited_since(store, ceremony_id: int, day: dt.date) -> set[int]:
    """Invitations whose invitation e-mail went out on or after `day` (Brussels)."""
    return {
        row["id"] for row in sending.email_invitations(store, ceremony_id)
        if row["status"] == "sent" and parse_utc(row["at"]).astimezone(BRUSSELS).date() >= day
    }


def _to_remind(store, ceremony: dict, invited_before: dt.date | None) -> tuple[list[dict], int]:
    """The e-mail invitations still to remind (clear columns only, nothing decrypted) and
    how many of the ceremony's e-mail invitations are skipped."""
    rows = recipients.email_channel(store, ceremony["id"])
    done = _reminded(store, [row["id"] for row in rows], ceremony["date"])
    if invited_before:
        done |= _invited_since(store, ceremony["id"], invited_before)
    asked = [row for row in rows if row["answer"] != recipients.DECLINED and row["id"] not in done]
    return asked, len(rows) - len(asked)


# --- sending ----------------------------------------------------------------------------------


def build(person: dict, address: str, ceremony: dict, settings: dict, link=None):
    """The reminder to one person: the invitation's message with the reminder's subject and
    text, and the person's answer link (`answers.codes.links_for`) when there is one."""
    texts = {"mail_subject": t("mail.reminder.subject"), "mail_body": t("mail.reminder.body")}
    return message.build_message(person, address, ceremony, {**settings, **texts}, link=link)


def send_reminders(store, user: permissions.User, ceremony_id: int, *, dry_run: bool = False) -> ReminderResult:
    """Remind every invitee of the ceremony not reminded yet, now; see the module docstring.

    Refused for a cancelled ceremony and for one that has passed. `dry_run` builds every
    message and sends nothing (`to_send` says how many would go).
    """
    permissions.require(user, PERMISSION)
    ceremony = get_ceremony(store, ceremony_id)
    if is_cancelled(ceremony):
        raise InvalidInput(t("mail.reminder.cancelled"))
    if dt.date.fromisoformat(ceremony["date"]) < today():
        raise InvalidInput(t("mail.reminder.past"))
    return _batch(store, user, ceremony, dry_run, invited_before=None)


def send_due(store, user: permissions.User, *, dry_run: bool = False) -> DueResult:
    """The scheduled job: remind every ceremony whose reminder day has come (`due_ceremonies`)."""
    permissions.require(user, PERMISSION)
    total = DueResult()
    days = store.setting("reminder_days")
    for ceremony in due_ceremonies(store):
        total.add(_batch(store, user, ceremony, dry_run, invited_before=reminder_day(ceremony, days)))
    return total


def _batch(store, user: permissions.User, ceremony: dict, dry_run: bool, invited_before: dt.date | None):
    """One ceremony's reminders: choose, build, send, log, audit."""
    settings = store.settings()
    asked, skipped = _to_remind(store, ceremony, invited_before)
    result = ReminderResult(skipped=skipped)
    config = None if dry_run or not asked else smtp.config_from(settings)  # settings first, before decrypting
    messages = []
    chosen = recipients.select(store, asked)
    links = answer_codes.links_for(store, [one.invitation["id"] for one in chosen], ceremony)
    for one in chosen:
        # an address the mail library cannot write is skipped, as `mail send` does
        with contextlib.suppress(ValueError, IndexError, errors.HeaderParseError):
            messages.append((one.invitation["id"], one.address, build(
                one.person.fields, one.address, ceremony, settings, links.get(one.invitation["id"]))))
    result.skipped += len(asked) - len(messages)
    result.to_send = len(messages)
    try:
        if config and messages:
            _deliver(store, config, settings, ceremony, messages, result)
    finally:
        audit.record(
            store, user.actor, "mail.remind_dry_run" if dry_run else "mail.remind", f"ceremony:{ceremony['id']}",
            sent=result.sent, failed=result.failed, skipped=result.skipped, to_send=result.to_send,
            interrupted=result.interrupted,
        )
    return result


def _deliver(store, config, settings: dict, ceremony: dict, messages: list, result) -> None:
    """Send over one connection at the configured pace; stop when the connection is gone."""
    pacer = sending._Pacer(settings["mail_rate_per_minute"])
    with smtp.connect(config) as server:
        for invitation_id, address, msg in messages:
            pacer.wait()
            log = functools.partial(_log, store, invitation_id, ceremony_date=ceremony["date"])
            if not sending._send_one(server, config.sender, log, sending.INVITATION, message.wire_address(address),
                                     msg, result):
                break
