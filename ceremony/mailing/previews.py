"""What staff check before a batch goes: the message one invitee would get (`preview`,
decrypted, so audited as an access) and the invitation sent to the user's own address with
a fictitious invitee (`send_test`), through the same message builder and relay as a batch."""

from __future__ import annotations

import datetime as dt
import smtplib
from dataclasses import dataclass

from ceremony import audit, invitations, people, permissions
from ceremony.answers import codes as answer_codes
from ceremony.clock import today, utc_iso
from ceremony.errors import InvalidInput, NotFound
from ceremony.exports.common import PERMISSION, get_ceremony
from ceremony.mailing import message, smtp
from ceremony.mailing.recipients import usable_address
from ceremony.mailing.sending import reply_text, scrub
from ceremony.texts import t


@dataclass(frozen=True)
class Preview:
    subject: str
    text: str
    html: str
    to_name: str


def _parts(msg) -> Preview:
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    return Preview(str(msg["Subject"]), text, html, msg["To"].addresses[0].display_name)


def preview(store, user: permissions.User, invitation_id: int) -> Preview:
    """The message one e-mail invitee would get (decrypted: audited as an access)."""
    permissions.require(user, PERMISSION)
    row = invitations.find(store, invitation_id)
    if row is None:
        raise NotFound(t("ceremonies.invitation_unknown"))
    ceremony = get_ceremony(store, row["ceremony_id"])
    person = people.get_person(store, row["person_id"])
    if person is None or person.do_not_contact:
        raise NotFound(t("ceremonies.invitation_unknown"))
    settings = store.settings()
    msg = message.build_message(person.fields, "preview@example.invalid", ceremony, settings,
                                link=answer_codes.link_for(store, invitation_id, ceremony))
    audit.record(store, user.actor, "mail.preview", f"invitation:{invitation_id}")
    return _parts(msg)


def send_test(store, user: permissions.User, to_address: str, ceremony_id: int | None = None) -> None:
    """Send the invitation, filled with a fictitious invitee, to `to_address` (the user's own)."""
    permissions.require(user, PERMISSION)
    address = usable_address(to_address)
    if not address:
        raise InvalidInput(t("mail.test_address_invalid"))
    settings = store.settings()
    ceremony = get_ceremony(store, ceremony_id) if ceremony_id else sample_ceremony()
    base = answer_codes.base_url(store)  # a made-up code: the link shows, it opens no invitation
    sample_link = answer_codes.make_link(base, answer_codes.new_code()) if base else None
    msg = message.build_message(message.sample_person(), address, ceremony, settings, link=sample_link)
    config = smtp.config_from(settings)
    with smtp.connect(config) as server:
        try:
            server.send_message(msg, from_addr=config.sender, to_addrs=[message.wire_address(address)])
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()), (0, b""))
            raise InvalidInput(t("mail.test_refused", reason=scrub(reply_text(code, text), address))) from None
        except smtplib.SMTPNotSupportedError:
            raise InvalidInput(t("mail.test_refused", reason=t("mail.reason.smtputf8"))) from None
        except smtplib.SMTPResponseException as exc:
            smtp.raise_if_login_required(exc)
            reason = scrub(reply_text(exc.smtp_code, exc.smtp_error), address)
            raise InvalidInput(t("mail.test_refused", reason=reason)) from None
    audit.record(store, user.actor, "mail.test", f"ceremony:{ceremony_id}" if ceremony_id else "mail:test")


def sample_ceremony() -> dict:
    """A fictitious ceremony for a test message sent before any ceremony exists."""
    return {
        "id": 0, "name": t("mail.sample.ceremony"), "date": (today() + dt.timedelta(days=30)).isoformat(),
        "time": "14:30",
        "location": t("mail.sample.location"), "created_at": utc_iso(), "sequence": 0,
        "moment_sequence": 0,
    }
