"""Claims in the phone round: one per call card, so a stale card never saves.

A caller holds at most one person at a time. The claim belongs to one call card (a browser
tab): `Claim` carries a random token only that card holds, stored with the invitation
(`invitations.claim_token`). `claim_next` keeps the card's claim, takes over the caller's
claim for a new card (another window then loses it), or claims the head of the queue in one
`BEGIN IMMEDIATE` transaction, so two callers never hold the same person. An outcome is
saved only while its card's claim holds (`outcomes.record_outcome`).

Part of `ceremony.phone_round`; the SQL is the `invitations` owner's (`ceremony.invitations.phone_round`).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from ceremony import audit, permissions
from ceremony.ceremonies import get_ceremony
from ceremony.clock import now_utc, utc_iso
from ceremony.invitations import phone_round as rounds
from ceremony.phone_round.numbers import sort_out_numbers


@dataclass(frozen=True)
class Claim:
    """One call card's hold on a person: the invitation, a random token only this card holds
    (another window or another caller gets a token of its own) and when it was taken."""

    invitation_id: int
    token: str
    since: str  # UTC ISO


def claim_until(store) -> dt.datetime:
    """When a claim taken now expires (`call_claim_minutes`)."""
    return now_utc() + dt.timedelta(minutes=store.setting("call_claim_minutes"))


def take(store, user: permissions.User, invitation_id: int) -> Claim:
    """A new card's claim on one invitation (the caller holds the transaction); audited as
    an access (`calls.open`)."""
    claim = Claim(invitation_id, secrets.token_urlsafe(16), utc_iso())
    rounds.take_claim(store, invitation_id, user.username, utc_iso(claim_until(store)), claim.token)
    audit.record(store, user.actor, "calls.open", f"invitation:{invitation_id}")
    return claim


def current_claim(store, user: permissions.User, ceremony_id: int) -> int | None:
    """The invitation this caller holds an unexpired claim on in this ceremony, if any.

    A person marked "niet contacteren" is never held, even if a claim was left behind.
    """
    permissions.require(user, "calls.make")
    return rounds.held_claim(store, ceremony_id, user.username, utc_iso())


def held(store, user: permissions.User, ceremony_id: int, claim: Claim | None) -> Claim | None:
    """`claim` if its card still holds it (expired or not, as long as nobody took the person
    since, and never someone marked "niet contacteren"); else None."""
    permissions.require(user, "calls.make")
    if claim is None or rounds.card_claim(store, ceremony_id, user.username, claim.token) != claim.invitation_id:
        return None
    return claim


def claim_next(store, user: permissions.User, ceremony_id: int, claim: Claim | None = None) -> Claim | None:
    """The card's `claim` kept while it holds, else the caller's claim in this ceremony
    taken over by a new card (another window loses it), else the first invitee of the
    caller's queue; None if the queue is empty.

    One transaction: a claim another caller holds is never taken before it expires. A new
    card is an access to the person and is audited as `calls.open`.
    """
    permissions.require(user, "calls.make")
    get_ceremony(store, ceremony_id)
    sort_out_numbers(store, user, ceremony_id)
    with store.write():
        kept = held(store, user, ceremony_id, claim)
        if kept is not None:
            rounds.extend_claim(store, kept.invitation_id, utc_iso(claim_until(store)))
            return kept
        found = current_claim(store, user, ceremony_id)
        if found is None:
            found = rounds.first_in_queue(store, ceremony_id, user.username, utc_iso())
        return None if found is None else take(store, user, found)


def resume(store, user: permissions.User, ceremony_id: int) -> Claim | None:
    """For a card that holds no claim yet (a page just opened or reloaded): take over the
    caller's unexpired claim in this ceremony, if any; never a new person."""
    permissions.require(user, "calls.make")
    with store.write():
        held = current_claim(store, user, ceremony_id)
        return None if held is None else take(store, user, held)


def reclaim(store, user: permissions.User, ceremony_id: int, invitation_id: int) -> Claim | None:
    """After a refused outcome: the same person on a new card, if they are still in this
    caller's queue (not held by another caller, not reached, no call-back pending); else None."""
    permissions.require(user, "calls.make")
    with store.write():
        found = rounds.first_in_queue(store, ceremony_id, user.username, utc_iso(), only=invitation_id)
        return None if found is None else take(store, user, found)


def release(store, user: permissions.User, ceremony_id: int, claim: Claim | None = None) -> None:
    """Give back the card's `claim` (without one, the caller's claim in this ceremony): the
    person returns to the queue."""
    permissions.require(user, "calls.make")
    with store.write():
        if claim is None:
            invitation_id = current_claim(store, user, ceremony_id)
        else:
            invitation_id = claim.invitation_id if held(store, user, ceremony_id, claim) else None
        if invitation_id is None:
            return
        rounds.release_claim(store, invitation_id)
        audit.record(store, user.actor, "calls.release", f"invitation:{invitation_id}")
