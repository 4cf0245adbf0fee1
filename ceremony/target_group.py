"""The target group: who may be invited to a ceremony, by certificate date.

One rule (`window_start`) for the importer's scope (counted from today) and a ceremony's
target group (counted from its date). Eligibility is decided on clear columns only, by
`people.target_group_ids`, so proposing and inviting never decrypts anybody; `eligible`
and `search_eligible` decrypt for the coordinator and audit it.
"""

from __future__ import annotations

import calendar
import datetime as dt

from ceremony import namecache, names, people, permissions
from ceremony.ceremonies import audit_view, get_ceremony
from ceremony.errors import InvalidInput
from ceremony.texts import t

MIN_QUERY = 2  # letters of a name search (the same as check-in)


def window_start(day: dt.date | str, months: int) -> dt.date:
    """The first certificate date that counts: the same day `months` months before `day`
    (clamped to the month's last day). One rule for the import's target group (counted
    from today) and a ceremony's (counted from its date)."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last_day))


def certificate_window(store, ceremony: dict) -> tuple[dt.date, dt.date]:
    """The first and last certificate date that make someone part of a ceremony's target group."""
    end = dt.date.fromisoformat(ceremony["date"])
    return window_start(end, store.setting("certificate_window_months")), end


def target_counts(store, ceremony_id: int) -> dict:
    """Anonymous counts that explain an empty proposal (clear columns only): the window
    (`start`, `end`), how many stored people have a certificate in it (`in_window`) and how
    many of those can still be invited (`eligible`)."""
    ceremony = get_ceremony(store, ceremony_id)
    start, end = certificate_window(store, ceremony)
    first, last = start.isoformat(), end.isoformat()
    in_window = people.rows.count_certified_between(store, first, last)
    eligible = people.rows.target_group_count(store, first, last, ceremony_id)
    return {"start": start, "end": end, "in_window": in_window, "eligible": eligible}


def eligible_ids(store, ceremony_id: int) -> list[int]:
    """Ids of people eligible for a ceremony, most recent certificate first (clear columns only).

    Eligible: stored, certificate date in [ceremony date - window, ceremony date], not
    "niet contacteren", not invited to this ceremony, and not present at another one.
    """
    ceremony = get_ceremony(store, ceremony_id)
    start = certificate_window(store, ceremony)[0].isoformat()
    return people.rows.target_group_ids(store, start, ceremony["date"], ceremony_id)


def eligible_scope(ceremony_id: int) -> str:
    """The `namecache` scope of the people who can still be invited (the invite search,
    walk-ins at Onthaal)."""
    return f"eligible:{ceremony_id}"


def eligible(store, user: permissions.User, ceremony_id: int, seen: set[str] | None = None) -> list[people.Person]:
    """The eligible people, decrypted for the coordinator's selection (audited as an access;
    `seen`: see `audit_view`)."""
    permissions.require(user, "ceremonies.manage")
    ids = eligible_ids(store, ceremony_id)
    found = list(people.iter_people(store, ids, include_do_not_contact=False))
    found.sort(key=lambda p: (p.certificate_date, -p.id), reverse=True)
    if found:
        audit_view(store, user, "ceremony.eligible_view", f"ceremony:{ceremony_id}", [p.id for p in found], seen)
    return found


def search_eligible(
    store, user: permissions.User, ceremony_id: int, query: str, seen: set[str] | None = None
) -> list[people.Person]:
    """Eligible people whose name matches every word of `query` (`ceremony.names`), sorted by
    name; every match, the caller decides how many to offer. Each `Person` carries only
    first and last name (from `namecache`) and the certificate date. Audited as an access
    with the number of matches, never the query (`seen`: see `audit_view`)."""
    permissions.require(user, "ceremonies.manage")
    words = names.words(query)
    if len("".join(words)) < MIN_QUERY:
        raise InvalidInput(t("checkin.query_short"))
    named = namecache.ordered(store, eligible_scope(ceremony_id), eligible_ids(store, ceremony_id))
    for word in words:
        named = [item for item in named if word in item[1].folded]
    dates = people.certificate_dates(store, [pid for pid, _name in named])
    found = [
        people.Person(id=pid, uid="", delivery_id=0, certificate_date=dates[pid], do_not_contact=False,
                      fields={"first_name": name.first_name, "last_name": name.last_name})
        for pid, name in named
        if pid in dates
    ]
    audit_view(store, user, "ceremony.eligible_search", f"ceremony:{ceremony_id}", [p.id for p in found], seen,
               " ".join(words))
    return found
