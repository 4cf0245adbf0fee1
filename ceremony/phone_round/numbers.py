"""The number check of the phone round: who has a number a caller can dial.

Each invitee's number is checked once per version of their record, in memory; those without
a usable number leave the queue for the "geen nummer" list (`assignment.py`).
Part of `ceremony.phone_round`; the SQL is the `invitations` owner's (`ceremony.invitations.phone_round`).
"""

from __future__ import annotations

from ceremony import audit, people, permissions, phones
from ceremony.clock import utc_iso
from ceremony.invitations import phone_round as rounds


def _usable(number: str) -> bool:
    """A number the caller can dial: one that parses (it then gets a `tel:` link)."""
    return phones.for_caller(number)[1] is not None


def sort_out_numbers(store, user: permissions.User, ceremony_id: int) -> int:
    """Check the numbers of invitees still to be reached that were not checked since their
    record last changed; those without a usable number leave the queue for the "geen nummer"
    list. Returns how many were checked (0 on most runs: each record version is checked once).
    """
    permissions.require(user, "calls.make")
    todo = rounds.unchecked_numbers(store, ceremony_id)
    if not todo:
        return 0
    checked = utc_iso()  # taken before decrypting: a record changed meanwhile is checked again
    marks = [
        (checked, int(not _usable(person.phone)), todo[person.id])
        for person in people.iter_people(store, list(todo), include_do_not_contact=False)
    ]
    with store.write():
        rounds.mark_numbers(store, marks)
        audit.record(
            store, user.actor, "calls.check_numbers", f"ceremony:{ceremony_id}",
            count=len(marks), no_number=sum(m[1] for m in marks),
        )
    return len(marks)


def no_number_count(store, user: permissions.User, ceremony_id: int) -> int:
    """How many invitees still to be reached have no usable number (clear columns only)."""
    permissions.require(user, "calls.make")
    return rounds.no_number_count(store, ceremony_id)
