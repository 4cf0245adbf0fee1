"""The call card: everything a caller sees of the person they claimed, and nothing more.

Only the claimed person is decrypted (names and number); the script is the ceremony's, or
the catalogue's cancellation script once the ceremony is cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ceremony import people, permissions, phones
from ceremony.ceremonies import get_ceremony
from ceremony.clock import be_date
from ceremony.errors import AccessDenied
from ceremony.invitations import get_invitation
from ceremony.phone_round.attempts import Attempt, history
from ceremony.texts import t


@dataclass
class CallCard:
    """Everything a caller sees of one person, and nothing more."""

    invitation_id: int
    first_name: str
    last_name: str
    phone: str  # display form, e.g. "0470 12 34 56"
    phone_uri: str | None  # "tel:+32470123456", None without a usable number
    call_script: str
    callback_at: str | None
    claim_expires: str | None
    attempts: list[Attempt] = field(default_factory=list)
    cancelled: bool = False  # a cancellation call: tell the person, take no answer
    call_me: bool = False  # asked "Bel mij" on the answer page


def card(store, user: permissions.User, invitation_id: int) -> CallCard:
    """What the caller needs to call the person they claimed: names, number, script, history."""
    permissions.require(user, "calls.make")
    row = get_invitation(store, invitation_id)
    if row["claimed_by"] != user.username:
        raise AccessDenied(t("calls.not_yours"))
    person = people.get_person(store, row["person_id"])
    phone, uri = phones.for_caller(person.phone)
    ceremony = get_ceremony(store, row["ceremony_id"])
    script = cancellation_script(ceremony) if ceremony.get("cancelled_at") else ceremony["call_script"]
    return CallCard(
        invitation_id=invitation_id,
        first_name=person.first_name,
        last_name=person.last_name,
        phone=phone or t("calls.no_phone"),
        phone_uri=uri,
        call_script=script or "",
        callback_at=row["callback_at"],
        claim_expires=row["claim_expires"],
        attempts=history(store, invitation_id, row["delivery_id"]),
        cancelled=bool(ceremony.get("cancelled_at")),
        call_me=bool(row["call_me"]),
    )


def cancellation_script(ceremony: dict) -> str:
    """What a caller says when the ceremony is cancelled (the catalogue's script)."""
    return t("calls.cancel_script", ceremonie=ceremony["name"], datum=be_date(ceremony["date"]))
