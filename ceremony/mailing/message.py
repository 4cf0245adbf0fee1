"""One invitation e-mail for one person: subject, text and HTML parts, the .ics attached.

Pure: takes the person's fields, the ceremony row and the settings, returns an
`EmailMessage`. `To:` holds that one person (their name encoded per RFC 2047 by the
standard library's policy) at `wire_address`: an internationalised domain in its ASCII
form (xn--), so only a local part with non-ASCII letters needs SMTPUTF8 from the relay.
The message never has `Cc` or `Bcc`. Every value that came
from a person or a setting is HTML-escaped in the HTML part: data is text.
"""

from __future__ import annotations

import html
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from email_validator import EmailNotValidError, validate_email

from ceremony.answers.codes import AnswerLink
from ceremony.clock import now_utc
from ceremony.config import DEFAULT_MAIL_SUBJECT
from ceremony.exports.common import ceremony_date, ceremony_time, hour_text, long_date
from ceremony.exports.ics import build_calendar, calendar_method
from ceremony.privacy import fill_placeholders, notice_text
from ceremony.texts import t

# the fields a subject or body may use (documented in the README and on the mail panel)
FIELDS = (
    "voornaam", "naam", "ceremonie", "datum", "uur", "moment", "locatie", "gemeente", "contact",
    "privacy",
)

# an update or cancellation: its own text (it always names the moment and place) and prefix
_NOTICE_BODY = {"update": "mail.body.update", "cancel": "mail.body.cancel"}
_NOTICE_PREFIX = {"update": "mail.update_prefix", "cancel": "mail.cancel_prefix"}


def body_template(settings: dict) -> str:
    """The body to fill: the setting `mail_body`, else the standard text in klare taal."""
    return str(settings.get("mail_body") or "").strip() or t("mail.body.default")


def field_values(person: dict, ceremony: dict, settings: dict) -> dict[str, str]:
    """The value of every field for one person (names exactly as stored)."""
    day, start = ceremony_date(ceremony), ceremony_time(ceremony)
    moment = long_date(day)
    if start:
        moment = t("mail.moment", datum=moment, uur=hour_text(start))
    return {
        "voornaam": person.get("first_name", ""),
        "naam": person.get("last_name", ""),
        "ceremonie": ceremony["name"],
        "datum": long_date(day),
        "uur": hour_text(start),
        "moment": moment,
        "locatie": ceremony.get("location") or t("mail.location_unknown"),
        "gemeente": str(settings.get("municipality") or "").strip() or t("exports.privacy.fallback.gemeente"),
        "contact": str(settings.get("contact_email") or "").strip() or t("exports.privacy.fallback.contact"),
        "privacy": notice_text(settings),
    }


QR_PIXELS = 180  # the QR code's size in the e-mail, enough for a phone to read it from a screen


def render_text(template: str, values: dict[str, str], answer: str = "") -> str:
    """The template with fields filled in, then the `answer` paragraph (the answer link) if
    any; the privacy notice is appended when the template lacks {privacy}."""
    text = fill_placeholders(template, values)
    if answer:
        text = text.rstrip() + "\n\n" + answer
    if "{privacy}" not in template:
        text = text.rstrip() + "\n\n" + values["privacy"]
    return text


def render_html(template: str, values: dict[str, str], link: AnswerLink | None = None, qr_cid: str = "") -> str:
    """The HTML part: the same text, every value and the template escaped, paragraphs kept;
    with a `link`, its paragraph (a real link, the code, and the QR code image `qr_cid` when
    the message carries it) after the text."""
    escaped = {key: html.escape(value) for key, value in values.items()}
    text = render_text(html.escape(template), escaped, answer_html(link, qr_cid) if link else "")
    paragraphs = [p for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    body = "\n".join("<p>" + p.strip().replace("\n", "<br>\n") + "</p>" for p in paragraphs)
    return f'<!DOCTYPE html>\n<html lang="nl-BE"><head><meta charset="utf-8"></head>\n<body>\n{body}\n</body></html>\n'


def answer_text(link: AnswerLink) -> str:
    """The answer paragraph of the text part: the link, the short address and the code."""
    return t("answer_links.mail.text", url=link.url, address=link.short_address, code=link.code)


def answer_html(link: AnswerLink, qr_cid: str = "") -> str:
    """The answer paragraph of the HTML part (every value escaped; one paragraph, no blank
    line); with `qr_cid`, the QR code of the link above it: an image inside the message
    (multipart/related), so nothing is fetched from elsewhere when the mail is opened."""
    anchor = f'<a href="{html.escape(link.url, quote=True)}">{html.escape(t("answer_links.mail.button"))}</a>'
    text = t(
        "answer_links.mail.html", link=anchor, address=html.escape(link.short_address),
        code=f"<strong>{html.escape(link.code)}</strong>",
    )
    if not qr_cid:
        return text
    image = (
        f'<img src="cid:{html.escape(qr_cid, quote=True)}" alt="{html.escape(t("answer_links.mail.qr_alt"), quote=True)}" '
        f'width="{QR_PIXELS}" height="{QR_PIXELS}">'
    )
    return f"{image}<br>\n{text}"


def subject(settings: dict, values: dict[str, str]) -> str:
    """The subject line: the setting with fields filled in, on one line."""
    template = str(settings.get("mail_subject") or "").strip() or DEFAULT_MAIL_SUBJECT
    return " ".join(fill_placeholders(template, {**values, "privacy": ""}).split())


def wire_address(address: str) -> str:
    """`address` as it travels: the domain in its ASCII form (IDNA 2008), the local part as is."""
    local, _, domain = address.rpartition("@")
    if domain.isascii():
        return address
    try:
        checked = validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        raise ValueError("unusable address") from None  # the caller skips it; no address in the text
    return f"{local}@{checked.ascii_domain}"


def build_message(person: dict, address: str, ceremony: dict, settings: dict,
                  kind: str = "invitation", link: AnswerLink | None = None) -> EmailMessage:
    """The message to `address` (the person's own), from the setting `smtp_from`.

    `kind` "update" (the moment or venue changed) starts the subject with "Gewijzigd:" and
    uses the update text, which always names the new moment and place; "cancel" the
    cancellation text (the .ics then cancels the event, see `exports.ics`). `link`: the
    person's answer link and code (`answers.codes.link_for`), put before the text; never
    in a cancellation."""
    link = None if kind == "cancel" else link
    values = field_values(person, ceremony, settings)
    template = body_template(settings) if kind == "invitation" else t(_NOTICE_BODY[kind])
    # a preview or dry run may come before the sender is set; a real send checks it first
    sender = str(settings.get("smtp_from") or "") or "afzender@example.invalid"
    msg = EmailMessage()
    msg["Subject"] = subject(settings, values)
    if kind != "invitation":
        msg.replace_header("Subject", f"{t(_NOTICE_PREFIX[kind])} {msg['Subject']}")
    msg["From"] = Address(display_name=str(settings.get("municipality") or ""), addr_spec=sender)
    # one line: a header never carries a line break from data
    name = " ".join(" ".join((person.get("first_name", ""), person.get("last_name", ""))).split())
    local, _, domain = wire_address(address).rpartition("@")
    msg["To"] = Address(display_name=name, username=local, domain=domain)
    msg["Date"] = format_datetime(now_utc())
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(render_text(template, values, answer_text(link) if link else ""))
    qr_cid = make_msgid(domain="antwoord.invalid") if link else ""
    msg.add_alternative(render_html(template, values, link, qr_cid.strip("<>")), subtype="html")
    if link:
        msg.get_body(("html",)).add_related(link.qr_png, maintype="image", subtype="png", cid=qr_cid)
    msg.add_attachment(
        build_calendar(ceremony, settings).to_ical(),
        maintype="text",
        subtype="calendar",
        filename=t("mail.ics_filename"),
        params={"method": calendar_method(ceremony), "charset": "utf-8"},
    )
    return msg


def sample_person() -> dict:
    """A fictitious invitee for the test message (never a real person's data)."""
    return {"first_name": t("mail.sample.first_name"), "last_name": t("mail.sample.last_name")}
