"""The caller's queue in the phone round: who is offered next, and how many are waiting.

The queue's SQL (clear columns only, see the queue rules in `ceremony.phone_round`) lives
with the owner of `invitations` (`ceremony.invitations.phone_round`); numbers not yet checked
are sorted out first (`numbers.sort_out_numbers`), as the queue itself does.
"""

from __future__ import annotations

from ceremony import permissions
from ceremony.clock import utc_iso
from ceremony.invitations import phone_round as rounds
from ceremony.phone_round.numbers import sort_out_numbers


def queue_size(store, user: permissions.User, ceremony_id: int) -> int:
    """How many invitees this caller can be offered now: the one count Start and Belronde
    show, after the numbers not yet checked are sorted out (as the queue itself does)."""
    sort_out_numbers(store, user, ceremony_id)
    return waiting(store, user, ceremony_id)


def waiting(store, user: permissions.User, ceremony_id: int) -> int:
    """The count of `queue_size` for a page that has just sorted out the numbers itself
    (Belronde does, for its card and lists): the check is a pass over every open
    invitation, a quarter of a Belronde run at 20,000 invitees."""
    permissions.require(user, "calls.make")
    return rounds.queue_count(store, ceremony_id, user.username, utc_iso())


def queue(store, user: permissions.User, ceremony_id: int, limit: int = 50) -> list[dict]:
    """The caller's queue in order: invitation ids and clear columns only (no names)."""
    permissions.require(user, "calls.make")
    return rounds.queue_rows(store, ceremony_id, user.username, utc_iso(), limit)
