"""Check-in on the day ("Onthaal"): find an invitee by name, mark present, add a walk-in.

A search reads the names of that one ceremony's invitees (or, for a walk-in, its eligible
people) from `ceremony.namecache` (decrypted in memory once, until a record changes) and
matches them the one way `ceremony.names` does (case, accents, order). The search text
itself is never stored or audited; the audit entry holds the number of people shown.
Every match is reachable: a search returns `Matches`, the first `limit` of them with the
total, and the desk asks for more ("Toon meer").

Two invitees with the same name are told apart by their street and year of birth
(`detail`): only those few records are opened, and nothing more of them is shown. The
confirmation after a check-in (`guest`) names who was checked in, the same way.
"""

from __future__ import annotations

from collections import Counter

from ceremony import (
    audit,
    invitations,
    namecache,
    names,
    national_number,
    people,
    permissions,
    target_group,
)
from ceremony.ceremonies import audit_view, get_ceremony
from ceremony.errors import InvalidInput
from ceremony.invitations import get_invitation, invitee_lists, parse_companions
from ceremony.target_group import eligible_ids
from ceremony.texts import t

MIN_QUERY = 2
PAGE_SIZE = 30  # matches shown at first; "Toon meer" adds as many again


class Matches(list):
    """The first matches of a search in name order, with `total`: how many matched in all."""

    def __init__(self, rows: list[dict], total: int):
        super().__init__(rows)
        self.total = total


def _words(query: str) -> list[str]:
    words = names.words(query)
    if len("".join(words)) < MIN_QUERY:
        raise InvalidInput(t("checkin.query_short"))
    return words


def _by_name(row: dict) -> tuple[str, str]:
    return names.sort_key(row["first_name"], row["last_name"])


def search(
    store, user: permissions.User, ceremony_id: int, query: str, seen: set[str] | None = None, limit: int | None = None,
) -> Matches:
    """Invitees of a ceremony whose name contains every word of `query`, the first `limit`
    (all without one) with the total; namesakes get a `detail` (audited with the number
    shown; `seen`: see `ceremonies.audit_view`)."""
    permissions.require(user, "checkin")
    words = _words(query)
    found, ids = invitee_lists.matching_invitees(store, ceremony_id, words)
    page = found if limit is None else found[:limit]
    shown = _rows(store, page, ids, Counter(name.sort_key for _pid, name in found))
    audit_view(store, user, "checkin.search", f"ceremony:{ceremony_id}", [r["invitation_id"] for r in shown], seen,
               " ".join(words))
    return Matches(shown, len(found))


def guest(store, user: permissions.User, ceremony_id: int, invitation_id: int, seen: set[str] | None = None) -> dict | None:
    """One invitee as the desk shows them (name, `detail` when someone else invited bears the
    same name, state), to confirm who was just checked in; None if no longer invited."""
    permissions.require(user, "checkin")
    ids = invitee_lists.invitee_ids(store, ceremony_id)
    scope = invitee_lists.invitees_scope(ceremony_id)
    named = namecache.lookup(store, scope, ids)
    row = invitations.find(store, invitation_id)
    person_id = row["person_id"] if row else None
    if ids.get(person_id) != invitation_id or person_id not in named:
        return None
    rows = _rows(store, [(person_id, named[person_id])], ids, namecache.name_counts(store, scope, ids))
    if rows:
        audit_view(store, user, "checkin.search", f"ceremony:{ceremony_id}", [invitation_id], seen)
    return rows[0] if rows else None


def _rows(store, page: list, ids: dict[int, int], name_counts: Counter) -> list[dict]:
    """The desk's rows for (person id, name) pairs: invitation state, and `detail` for a
    name that `name_counts` holds more than once (only those records are opened)."""
    rows = invitee_lists.invitation_rows(store, [ids[pid] for pid, _name in page])
    shown, alike = [], {}
    for pid, name in page:
        row = rows.get(ids[pid])
        if row is None:  # no longer invited since the ids were read
            continue
        shown.append({
            "invitation_id": row["id"], "person_id": pid, "first_name": name.first_name,
            "last_name": name.last_name, "answer": row["answer"], "companions": row["companions"],
            "present": bool(row["present"]), "detail": "", "wheelchair": bool(row["wheelchair"]),
            "interpreter": row["interpreter"],
        })
        if name_counts[name.sort_key] > 1:
            alike[pid] = shown[-1]
    for person in people.iter_people(store, list(alike), include_do_not_contact=False):
        alike[person.id]["detail"] = _detail(person, alike[person.id]["invitation_id"])
    return shown


def _detail(person: people.Person, invitation_id: int) -> str:
    """What tells a person apart from a namesake without showing more: street and year of
    birth (the invitation number when neither is known)."""
    year = national_number.birth_year(person.national_number)
    parts = [person.street] if person.street else []
    parts += [t("checkin.born", year=year)] if year else []
    return " · ".join(parts) or t("checkin.invitation_number", id=invitation_id)


def _shown(store, user, action, ceremony_id, found, id_key, words, seen, limit) -> Matches:
    """Sort by name, keep the first `limit` and audit those as shown."""
    found.sort(key=_by_name)
    page = found if limit is None else found[:limit]
    audit_view(store, user, action, f"ceremony:{ceremony_id}", [r[id_key] for r in page], seen, " ".join(words))
    return Matches(page, len(found))


def search_walk_in(
    store, user: permissions.User, ceremony_id: int, query: str, seen: set[str] | None = None, limit: int | None = None,
) -> Matches:
    """Eligible people not yet invited to this ceremony whose name matches `query` (paged and
    audited like `search`)."""
    permissions.require(user, "checkin")
    words = _words(query)
    named = namecache.lookup(store, target_group.eligible_scope(ceremony_id), eligible_ids(store, ceremony_id))
    found = [
        {"person_id": pid, "first_name": name.first_name, "last_name": name.last_name}
        for pid, name in named.items()
        if name.matches(words)
    ]
    return _shown(store, user, "checkin.search_walk_in", ceremony_id, found, "person_id", words, seen, limit)


def check_in(store, user: permissions.User, invitation_id: int, companions=None) -> None:
    """Mark an invitee present (optionally with the number of companions who came)."""
    permissions.require(user, "checkin")
    with store.write():
        row = get_invitation(store, invitation_id)
        number = row["companions"] if companions is None else parse_companions(companions)
        invitations.set_presence(store, invitation_id, True, number)
        audit.record(store, user.actor, "checkin.present", f"invitation:{invitation_id}", companions=number)


def undo(store, user: permissions.User, invitation_id: int) -> None:
    """Take back a check-in made by mistake."""
    permissions.require(user, "checkin")
    with store.write():
        get_invitation(store, invitation_id)
        invitations.set_presence(store, invitation_id, False)
        audit.record(store, user.actor, "checkin.undo", f"invitation:{invitation_id}")


def walk_in(store, user: permissions.User, ceremony_id: int, person_id: int, companions=0) -> int:
    """Invite an eligible person who turned up uninvited and mark them present at once."""
    permissions.require(user, "checkin")
    number = parse_companions(companions)
    with store.write():
        get_ceremony(store, ceremony_id)
        if person_id not in set(eligible_ids(store, ceremony_id)):
            raise InvalidInput(t("ceremonies.not_eligible"))
        invitation_id = invitations.add_walk_in(store, ceremony_id, person_id, number)
        audit.record(
            store, user.actor, "checkin.walk_in", f"invitation:{invitation_id}",
            person=person_id, companions=number,
        )
    return invitation_id
