"""Sharing a ceremony's phone round among callers, and the "geen nummer" list.

A coordinator (permission `calls.assign`) splits the invitees still to be reached, with a usable
number, round-robin among active callers; a caller is then offered their share first
(see `queue.py`). Invitees without a usable number leave the queue for a list the
coordinator reads (names from `namecache`, audited as an access) and moves to the letter
channel in one action (`no_number_to_letter`), so that Export makes their letters.
"""

from __future__ import annotations

from ceremony import audit, auth, permissions
from ceremony.ceremonies import get_ceremony
from ceremony.errors import InvalidInput
from ceremony.invitations import invitee_lists
from ceremony.invitations import phone_round as rounds
from ceremony.phone_round.numbers import sort_out_numbers
from ceremony.texts import t


def callers(store) -> list[str]:
    """Usernames of active accounts that may make calls."""
    return [r["username"] for r in auth.active_accounts(store) if permissions.can(r["role"], "calls.make")]


def assign(store, user: permissions.User, ceremony_id: int, usernames: list[str]) -> dict[str, int]:
    """Share the not-yet-reached invitees with a number of a ceremony round-robin among callers.

    Returns how many each caller got. Earlier assignments of these invitees are replaced.
    """
    permissions.require(user, "calls.assign")
    get_ceremony(store, ceremony_id)
    chosen = sorted({name.strip().lower() for name in usernames if name.strip()})
    if not chosen:
        raise InvalidInput(t("calls.no_callers"))
    allowed = set(callers(store))
    for name in chosen:
        if name not in allowed:
            raise InvalidInput(t("calls.caller_unknown", name=name))
    sort_out_numbers(store, user, ceremony_id)
    with store.write():
        ids = rounds.assignable(store, ceremony_id)
        shares = {name: ids[index :: len(chosen)] for index, name in enumerate(chosen)}
        rounds.assign(store, shares)
        counts = {name: len(share) for name, share in shares.items()}
        audit.record(store, user.actor, "calls.assign", f"ceremony:{ceremony_id}", counts=counts)
    return counts


def clear_assignment(store, user: permissions.User, ceremony_id: int) -> int:
    """Remove every assignment in a ceremony; returns how many invitees were assigned."""
    permissions.require(user, "calls.assign")
    with store.write():
        changed = rounds.clear_assignments(store, ceremony_id)
        audit.record(store, user.actor, "calls.unassign", f"ceremony:{ceremony_id}", count=changed)
    return changed


def no_number_list(store, user: permissions.User, ceremony_id: int, seen: set[str] | None = None) -> list[dict]:
    """The invitees who left the queue for lack of a number, by name, for the coordinator
    who sends them a letter: invitation `id`, `first_name`, `last_name` and `channel`.
    Names come from `namecache`; showing them is audited as an access (`seen`: see
    `ceremonies.audit_view`)."""
    permissions.require(user, "calls.assign")
    rows = rounds.no_number_rows(store, ceremony_id)
    named = invitee_lists.named_rows(store, user, rows, "calls.no_number_view", ceremony_id, seen)
    return [{k: r[k] for k in ("id", "first_name", "last_name", "channel")} for r in named]


def no_number_to_letter(store, user: permissions.User, ceremony_id: int, invitation_ids: list[int] | None = None) -> int:
    """Move the invitees without a usable number (all, or a selection of invitation ids) to
    the letter channel, so that Export makes their letters; returns how many moved
    (audited with the count)."""
    permissions.require(user, "ceremonies.manage")
    get_ceremony(store, ceremony_id)
    if invitation_ids is not None and not invitation_ids:
        raise InvalidInput(t("calls.nobody_selected"))
    sort_out_numbers(store, user, ceremony_id)
    with store.write():
        moved = rounds.to_letter(store, ceremony_id, invitation_ids)
        audit.record(store, user.actor, "invitation.to_letter", f"ceremony:{ceremony_id}",
                     count=moved, selected=invitation_ids is not None)
    return moved
