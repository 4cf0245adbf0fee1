"""Sharing a ceremony's phone round among callers, and the "geen nummer" list.

A coordinator (permission `calls.assign`) splits the invitees still to be reached, with a usable
number, round-robin among active callers; a caller is then offered their share first
(see `ceremony.calls`). Invitees without a usable number leave the queue for a list the
coordinator reads to send them a letter instead (decrypted: audited as an access).
"""

from __future__ import annotations

from ceremony import audit, auth, calls, names, people
from ceremony.ceremonies import audit_view, get_ceremony
from ceremony.errors import InvalidInput
from ceremony.invitations import phone_round as rounds
from ceremony.texts import t


def callers(store) -> list[str]:
    """Usernames of active accounts that may make calls."""
    return [r["username"] for r in auth.active_accounts(store) if auth.can(r["role"], "calls.make")]


def assign(store, user: auth.User, ceremony_id: int, usernames: list[str]) -> dict[str, int]:
    """Share the not-yet-reached invitees with a number of a ceremony round-robin among callers.

    Returns how many each caller got. Earlier assignments of these invitees are replaced.
    """
    auth.require(user, "calls.assign")
    get_ceremony(store, ceremony_id)
    chosen = sorted({name.strip().lower() for name in usernames if name.strip()})
    if not chosen:
        raise InvalidInput(t("calls.no_callers"))
    allowed = set(callers(store))
    for name in chosen:
        if name not in allowed:
            raise InvalidInput(t("calls.caller_unknown", name=name))
    calls.sort_out_numbers(store, user, ceremony_id)
    with store.write():
        ids = rounds.assignable(store, ceremony_id)
        shares = {name: ids[index :: len(chosen)] for index, name in enumerate(chosen)}
        rounds.assign(store, shares)
        counts = {name: len(share) for name, share in shares.items()}
        audit.record(store, user.actor, "calls.assign", f"ceremony:{ceremony_id}", counts=counts)
    return counts


def clear_assignment(store, user: auth.User, ceremony_id: int) -> int:
    """Remove every assignment in a ceremony; returns how many invitees were assigned."""
    auth.require(user, "calls.assign")
    with store.write():
        changed = rounds.clear_assignments(store, ceremony_id)
        audit.record(store, user.actor, "calls.unassign", f"ceremony:{ceremony_id}", count=changed)
    return changed


def no_number_list(store, user: auth.User, ceremony_id: int, seen: set[str] | None = None) -> list[dict]:
    """First and last names of the invitees who left the queue for lack of a number, for
    the coordinator who sends them a letter (audited as an access; `seen`: see
    `ceremonies.audit_view`)."""
    auth.require(user, "calls.assign")
    ids = rounds.no_number_people(store, ceremony_id)
    found = [
        {"first_name": p.first_name, "last_name": p.last_name}
        for p in people.iter_people(store, ids, include_do_not_contact=False)
    ]
    found.sort(key=lambda r: names.sort_key(r["first_name"], r["last_name"]))
    if ids:
        audit_view(store, user, "calls.no_number_view", f"ceremony:{ceremony_id}", ids, seen)
    return found
