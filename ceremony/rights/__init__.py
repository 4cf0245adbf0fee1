"""Data-subject rights (deliberation par. 46, GDPR art. 15-21): search, access, rectification,
erasure and objection, for the coordinator on the "Personen" page.

Every function takes the `permissions.User` and checks the permission first. Audit entries name
the person's id, counts and field names, never a value or the search text. Erasure goes
through the shredder, the one deletion path, so an erased person is gone exactly as in a
purge. An objection can keep only the person's blind index (a keyed hash of the national
number) so that a later delivery does not add them again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ceremony import (
    audit,
    invitations,
    ledger,
    names,
    national_number,
    objections,
    people,
    permissions,
    retention,
    shredder,
)
from ceremony.clock import today
from ceremony.errors import InvalidInput, NotFound
from ceremony.intake import validate
from ceremony.rights.dossier import Dossier, build_dossier, render_csv, render_json
from ceremony.texts import t

# Contact fields a coordinator may correct. The national number and the certificate date
# come from AgII's source (the national register) and identify the person: not editable.
EDITABLE_FIELDS = tuple(name for name in people.PERSONAL_FIELDS if name != "national_number")
EXPORT_FORMATS = ("json", "csv")
_NUMBER_QUERY = re.compile(r"[\d\s.\-/]+")

__all__ = [
    "EDITABLE_FIELDS",
    "Dossier",
    "SearchResult",
    "access_export",
    "dossier",
    "erase",
    "found_people",
    "lift_do_not_contact",
    "mark_do_not_contact",
    "object_and_erase",
    "open_person",
    "rectify",
    "search",
    "withdraw_objection",
]


# --- search ---------------------------------------------------------------------------


@dataclass
class SearchResult:
    """The people found; for a national-number search also whether an objection is on file."""

    people: list[people.Person] = field(default_factory=list)
    by_number: bool = False
    objection_since: str | None = None  # UTC ISO moment the objection was recorded


def search(store, user: permissions.User, query: str) -> SearchResult:
    """Find people by (part of their) name, or by national number through the blind index.

    A name search decrypts everyone in memory and matches every word of the query as a
    substring of the folded full name. The audit entry holds the kind of search and the
    number of hits, never the query.
    """
    permissions.require(user, "people.view")
    query = (query or "").strip()
    if _NUMBER_QUERY.fullmatch(query) and any(ch.isdigit() for ch in query):
        result = _search_number(store, query)
        kind = "national_number"
    else:
        result = SearchResult(people=_search_name(store, query))
        kind = "name"
    audit.record(store, user.actor, "people.search", "", by=kind, count=len(result.people))
    return result


def _search_number(store, query: str) -> SearchResult:
    try:
        number = national_number.normalise(query)
    except national_number.Rejected:
        raise InvalidInput(t("rights.search.nn_invalid")) from None
    blind = national_number.blind_index(store.keys, number)
    found = people.find_by_blind_index(store, blind)
    since = objections.since(store, blind)
    return SearchResult(people=[found] if found else [], by_number=True, objection_since=since)


def _search_name(store, query: str) -> list[people.Person]:
    words = names.words(query)
    if len("".join(words)) < 2:
        raise InvalidInput(t("rights.search.empty"))
    hits = [p for p in people.iter_people(store) if names.matches(words, p.first_name, p.last_name)]
    hits.sort(key=lambda p: (*names.sort_key(p.first_name, p.last_name), p.id))
    return hits


def found_people(store, user: permissions.User, ids: list[int]) -> list[people.Person]:
    """Re-read the people of an earlier (audited) search, e.g. to redraw a result list."""
    permissions.require(user, "people.view")
    order = {pid: n for n, pid in enumerate(ids)}
    return sorted(people.iter_people(store, ids), key=lambda p: order[p.id])


# --- viewing and access ---------------------------------------------------------------


def dossier(store, user: permissions.User, person_id: int) -> Dossier:
    """Everything stored about one person, decrypted (no audit: see `open_person`)."""
    permissions.require(user, "people.view")
    return build_dossier(store, _person(store, person_id))


def open_person(store, user: permissions.User, person_id: int) -> Dossier:
    """Open a person's page: the dossier, audited as "person.open"."""
    result = dossier(store, user, person_id)
    audit.record(store, user.actor, "person.open", f"person:{person_id}")
    return result


def access_export(store, user: permissions.User, person_id: int, fmt: str) -> bytes:
    """The access export (GDPR art. 15) as JSON or CSV bytes, made in memory and audited."""
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(t("rights.format_unknown"))
    data = dossier(store, user, person_id)
    content = render_json(store, data) if fmt == "json" else render_csv(store, data)
    audit.record(store, user.actor, "person.access_export", f"person:{person_id}", format=fmt)
    return content


# --- rectification --------------------------------------------------------------------


def rectify(store, user: permissions.User, person_id: int, values: dict[str, str]) -> list[str]:
    """Correct contact fields; returns the names of the fields that changed.

    Values are checked like the importer checks them (phone to E.164, e-mail syntax only).
    The audit entry lists the changed field names, never old or new values.
    """
    permissions.require(user, "people.edit")
    unknown = sorted(set(values) - set(EDITABLE_FIELDS))
    if unknown:
        raise InvalidInput(t("rights.field_not_editable", field=unknown[0]))
    cleaned = {name: clean_field(name, raw) for name, raw in values.items()}
    with store.write():  # read and write in one transaction: no purge or import in between
        person = _person(store, person_id)
        new_fields = {**person.fields, **cleaned}
        changed = [name for name in EDITABLE_FIELDS if new_fields.get(name, "") != person.fields.get(name, "")]
        if changed:
            people.rewrite_person(store, person_id, new_fields)
            audit.record(store, user.actor, "person.rectify", f"person:{person_id}", fields=changed)
    return changed


def clean_field(name: str, raw: object) -> str:
    """One corrected contact field, normalised as at import; InvalidInput says what to fix."""
    try:
        if name in ("first_name", "last_name"):
            return validate.name(raw, name)
        if name == "postcode":
            return _checked(validate.text(raw), validate.postcode, "rights.invalid.postcode")
        if name == "email":
            return _checked(validate.text(raw), lambda v: validate.email(v)[0], "rights.invalid.email")
        if name == "phone":
            return _checked(validate.text(raw), lambda v: validate.phone(v)[0], "rights.invalid.phone")
        return validate.text(raw)
    except validate.RowRejected:
        if name in ("first_name", "last_name"):
            raise InvalidInput(t("rights.invalid.name")) from None
        raise InvalidInput(t("rights.invalid.text", field=t(f"rights.field.{name}"))) from None


def _checked(value: str, normalise, error_key: str) -> str:
    """Empty stays empty; anything else must normalise to a non-empty value."""
    if not value:
        return ""
    result = normalise(value)
    if not result:
        raise InvalidInput(t(error_key))
    return result


# --- erasure and objection ------------------------------------------------------------


def erase(store, user: permissions.User, person_id: int) -> None:
    """Delete a person now and everything linked to them, exactly as the purge does."""
    permissions.require(user, "people.erase")
    with store.write():
        _require_row(store, person_id)
        _shred(store, user, person_id)
        audit.record(store, user.actor, "person.erase", f"person:{person_id}")
    shredder.try_compact(store)  # a busy database: the next start or purge finishes it


def object_and_erase(store, user: permissions.User, person_id: int) -> None:
    """Objection with erasure: keep only the blind index in `objections`, delete the rest.

    The importer skips anyone whose blind index is in `objections`, so a later delivery
    does not add the person again. The blind index is a keyed hash: it reveals nothing.
    """
    permissions.require(user, "people.erase")
    with store.write():
        row = _require_row(store, person_id)
        objections.add(store, row["blind_index"])
        ledger.note(store, objections=[row["blind_index"]], reason="objection")  # survives a restore
        _shred(store, user, person_id)
        audit.record(store, user.actor, "person.objection", f"person:{person_id}", tombstone=True)
    shredder.try_compact(store)  # a busy database: the next start or purge finishes it


def mark_do_not_contact(store, user: permissions.User, person_id: int) -> None:
    """Objection without erasure: the person leaves every list, queue and export."""
    invitations.set_do_not_contact(store, user, person_id, True)


def lift_do_not_contact(store, user: permissions.User, person_id: int) -> None:
    """The person may be contacted again (they withdrew the objection)."""
    invitations.set_do_not_contact(store, user, person_id, False)


def withdraw_objection(store, user: permissions.User, number: str) -> None:
    """Remove a kept objection, so that a later delivery may add the person again."""
    permissions.require(user, "people.edit")
    try:
        blind = national_number.blind_index(store.keys, national_number.normalise(number))
    except national_number.Rejected:
        raise InvalidInput(t("rights.search.nn_invalid")) from None
    with store.write():
        if not objections.remove(store, blind):
            raise NotFound(t("rights.no_objection"))
        audit.record(store, user.actor, "objection.withdraw", "objection")


def _shred(store, user: permissions.User, person_id: int) -> None:
    """Shred one person and note it in the purge history (caller holds the transaction)."""
    result = shredder.shred_people(store, [person_id], reason="erasure")
    retention.record_purge(store, user.actor, "erasure", today(), result.people, len(result.deliveries))


def _require_row(store, person_id: int) -> dict:
    row = people.rows.clear_row(store, person_id)
    if row is None:
        raise NotFound(t("rights.person_gone"))
    return row


def _person(store, person_id: int) -> people.Person:
    person = people.get_person(store, person_id)
    if person is None:
        raise NotFound(t("rights.person_gone"))
    return person
