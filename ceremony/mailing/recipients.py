"""Who gets a ceremony's e-mail invitation: the one rule that the send batch, the mail
panel's counts and Export's e-mail list share, so they cannot disagree.

An invitee gets an e-mail when the invitation's channel is e-mail, the person may be
contacted (not "niet contacteren"), did not answer that they will not come, and has a
stored address that can receive mail (syntax only, email-validator). The batch sends one
message per invitee; the e-mail list holds each address once, so two invitees who share
an address are two messages and one line.
"""

from __future__ import annotations

from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from ceremony import invitations, people

EMAIL_CHANNEL = "e-mail"
DECLINED = "komt_niet"


@dataclass(frozen=True)
class Recipient:
    """One invitee who gets an e-mail: the invitation row as given, the person, the address."""

    invitation: dict
    person: people.Person
    address: str


def usable_address(raw: str) -> str | None:
    """The address as stored when it can receive mail (syntax only), else None."""
    address = (raw or "").strip()
    if not address:
        return None
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return None
    return address


def email_channel(store, ceremony_id: int) -> list[dict]:
    """The ceremony's invitations with the channel e-mail of people who may be contacted."""
    return invitations.contactable(store, ceremony_id, EMAIL_CHANNEL)


def select(store, rows: list[dict]) -> list[Recipient]:
    """Those of `rows` (invitation rows with id, person_id, answer) who get an e-mail,
    in the order of `rows`. Decrypts their records; shows nothing."""
    asked = [row for row in rows if row.get("answer") != DECLINED]
    found = {p.id: p for p in people.iter_people(store, [r["person_id"] for r in asked],
                                                  include_do_not_contact=False)}
    chosen = []
    for row in asked:
        person = found.get(row["person_id"])
        address = usable_address(person.email) if person else None
        if address:
            chosen.append(Recipient(row, person, address))
    return chosen


def of_ceremony(store, ceremony_id: int) -> list[Recipient]:
    """Everyone of the ceremony who gets an e-mail, in invitation order."""
    return select(store, email_channel(store, ceremony_id))


def unique_addresses(chosen: list[Recipient]) -> list[str]:
    """The recipients' addresses in order, each once (case-insensitive)."""
    seen, result = set(), []
    for recipient in chosen:
        key = recipient.address.casefold()
        if key not in seen:
            seen.add(key)
            result.append(recipient.address)
    return result
