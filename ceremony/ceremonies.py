"""Ceremonies and invitations: plan a ceremony, propose the target group, invite, track answers.

Who is eligible for a ceremony is decided on clear columns only (certificate date,
do-not-contact flag, existing invitations), so proposing and inviting never decrypts
anybody. Only pages that show names decrypt, and they audit it. A person marked
"niet contacteren" disappears from every list here; anonymous counts keep them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import re

from ceremony import audit, auth, namecache, names, people
from ceremony.clock import today, utc_iso
from ceremony.errors import InvalidInput, NotFound
from ceremony.texts import t

CHANNELS = ("brief", "e-mail", "telefoon")
ANSWERS = ("komt", "komt_niet", "misschien")
MAX_COMPANIONS = 20
MAX_NAME, MAX_LOCATION, MAX_SCRIPT = 120, 200, 4000
MIN_QUERY = 2  # letters of a name search (the same as check-in)
PAGE_SIZE = 50  # invitees per page of the ceremony page's list


# --- validation ---------------------------------------------------------------------------


def parse_date(value: str | dt.date) -> str:
    """A ceremony date as ISO `YYYY-MM-DD`, or InvalidInput."""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value or "").strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise InvalidInput(t("ceremonies.date_invalid"))
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise InvalidInput(t("ceremonies.date_invalid")) from None


def parse_time(value: str | dt.time | None) -> str | None:
    """A time `HH:MM` (24 h), None when empty, or InvalidInput.

    Accepts 14:30, 14.30, 14u30, 14h30, and a whole hour as 14, 14u or 14h.
    """
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    text = str(value or "").strip().lower()
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,2})(?:[:.uh](\d{2})?)?", text)
    minutes = (match[2] or "00") if match else ""
    if not match or int(match[1]) > 23 or int(minutes) > 59:
        raise InvalidInput(t("ceremonies.time_invalid"))
    return f"{int(match[1]):02d}:{minutes}"


def parse_capacity(value) -> int | None:
    """Capacity: None when empty, else an int >= 0 (0 means no limit)."""
    if value is None or str(value).strip() == "":
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise InvalidInput(t("ceremonies.capacity_invalid")) from None
    if number < 0:
        raise InvalidInput(t("ceremonies.capacity_invalid"))
    return number


def parse_companions(value) -> int:
    """Number of companions, 0..MAX_COMPANIONS."""
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        raise InvalidInput(t("ceremonies.companions_invalid", n=MAX_COMPANIONS)) from None
    if not 0 <= number <= MAX_COMPANIONS:
        raise InvalidInput(t("ceremonies.companions_invalid", n=MAX_COMPANIONS))
    return number


def _clean(name, date, time, location, capacity, call_script) -> dict:
    name = str(name or "").strip()
    if not name:
        raise InvalidInput(t("ceremonies.name_missing"))
    if len(name) > MAX_NAME:
        raise InvalidInput(t("ceremonies.name_long", n=MAX_NAME))
    location = str(location or "").strip()
    if len(location) > MAX_LOCATION:
        raise InvalidInput(t("ceremonies.location_long", n=MAX_LOCATION))
    call_script = str(call_script or "").strip()
    if len(call_script) > MAX_SCRIPT:
        raise InvalidInput(t("ceremonies.script_long", n=MAX_SCRIPT))
    return {
        "name": name,
        "date": parse_date(date),
        "time": parse_time(time),
        "location": location,
        "capacity": parse_capacity(capacity),
        "call_script": call_script,
    }


# --- ceremonies ---------------------------------------------------------------------------


def create_ceremony(
    store, user: auth.User, *, name: str, date, time=None, location: str = "", capacity=None,
    call_script: str = "",
) -> int:
    """Add a ceremony; returns its id."""
    auth.require(user, "ceremonies.manage")
    values = _clean(name, date, time, location, capacity, call_script)
    with store.write() as db:
        cur = db.execute(
            "INSERT INTO ceremonies(name, date, time, location, capacity, call_script, created_at, created_by) "
            "VALUES (:name, :date, :time, :location, :capacity, :call_script, :at, :by)",
            {**values, "at": utc_iso(), "by": user.actor},
        )
        audit.record(store, user.actor, "ceremony.create", f"ceremony:{cur.lastrowid}")
    return cur.lastrowid


def update_ceremony(
    store, user: auth.User, ceremony_id: int, *, name: str, date, time=None, location: str = "",
    capacity=None, call_script: str = "",
) -> None:
    """Change a ceremony's name, moment, venue, capacity or call script."""
    auth.require(user, "ceremonies.manage")
    values = _clean(name, date, time, location, capacity, call_script)
    with store.write() as db:
        get_ceremony(store, ceremony_id)
        db.execute(
            "UPDATE ceremonies SET name = :name, date = :date, time = :time, location = :location, "
            "capacity = :capacity, call_script = :call_script WHERE id = :id",
            {**values, "id": ceremony_id},
        )
        audit.record(store, user.actor, "ceremony.update", f"ceremony:{ceremony_id}")


def get_ceremony(store, ceremony_id: int) -> dict:
    """One ceremony row (no personal data), or NotFound."""
    row = store.one("SELECT * FROM ceremonies WHERE id = ?", [ceremony_id])
    if row is None:
        raise NotFound(t("ceremonies.unknown"))
    return row


def list_ceremonies(store) -> list[dict]:
    """All ceremonies, the next upcoming first, then past ones (newest first)."""
    rows = store.rows("SELECT * FROM ceremonies ORDER BY date, time, id")
    now = today().isoformat()
    upcoming = [r for r in rows if r["date"] >= now]
    past = [r for r in rows if r["date"] < now]
    return upcoming + past[::-1]


# --- the target group ----------------------------------------------------------------------


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
    in_window = store.scalar(
        "SELECT count(*) FROM people WHERE certificate_date >= ? AND certificate_date <= ?",
        [start.isoformat(), end.isoformat()],
    )
    return {"start": start, "end": end, "in_window": in_window, "eligible": len(eligible_ids(store, ceremony_id))}


def eligible_ids(store, ceremony_id: int) -> list[int]:
    """Ids of people eligible for a ceremony, most recent certificate first (clear columns only).

    Eligible: stored, certificate date in [ceremony date - window, ceremony date], not
    "niet contacteren", not invited to this ceremony, and not present at another one.
    """
    ceremony = get_ceremony(store, ceremony_id)
    start = certificate_window(store, ceremony)[0].isoformat()
    rows = store.db.execute(
        "SELECT p.id FROM people p WHERE p.do_not_contact = 0 "
        "AND p.certificate_date >= ? AND p.certificate_date <= ? "
        "AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.person_id = p.id "
        "                AND (i.ceremony_id = ? OR i.present = 1)) "
        "ORDER BY p.certificate_date DESC, p.id",
        [start, ceremony["date"], ceremony_id],
    ).fetchall()
    return [row[0] for row in rows]


def audit_view(
    store, user: auth.User, action: str, target: str, shown: list[int], seen: set[str] | None = None,
    query: str = "",
) -> None:
    """Record that `user` was shown these people (an access), with their count.

    A page passes `seen`, its memo of the views already recorded in this session: a
    rerun that shows the same people for the same query then adds no entry, a new
    search or a changed list does. The memo holds short hashes, never a query or a name.
    """
    key = json.dumps([user.username, action, target, query, sorted(shown)], ensure_ascii=False)
    digest = hashlib.sha256(key.encode()).hexdigest()[:24]
    if seen is not None:
        if digest in seen:
            return
        seen.add(digest)
    audit.record(store, user.actor, action, target, count=len(shown))


def eligible(store, user: auth.User, ceremony_id: int, seen: set[str] | None = None) -> list[people.Person]:
    """The eligible people, decrypted for the coordinator's selection (audited as an access;
    `seen`: see `audit_view`)."""
    auth.require(user, "ceremonies.manage")
    ids = eligible_ids(store, ceremony_id)
    found = list(people.iter_people(store, ids, include_do_not_contact=False))
    found.sort(key=lambda p: (p.certificate_date, -p.id), reverse=True)
    if found:
        audit_view(store, user, "ceremony.eligible_view", f"ceremony:{ceremony_id}", [p.id for p in found], seen)
    return found


def search_eligible(
    store, user: auth.User, ceremony_id: int, query: str, seen: set[str] | None = None
) -> list[people.Person]:
    """Eligible people whose name matches every word of `query` (`ceremony.names`), sorted by
    name; every match, the caller decides how many to offer. Each `Person` carries only
    first and last name (from `namecache`) and the certificate date. Audited as an access
    with the number of matches, never the query (`seen`: see `audit_view`)."""
    auth.require(user, "ceremonies.manage")
    words = names.words(query)
    if len("".join(words)) < MIN_QUERY:
        raise InvalidInput(t("checkin.query_short"))
    named = namecache.ordered(store, f"eligible:{ceremony_id}", eligible_ids(store, ceremony_id))
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


def invite(
    store, user: auth.User, ceremony_id: int, person_ids: list[int] | None = None,
    channel: str = "brief", invited_on: dt.date | str | None = None,
) -> int:
    """Invite all eligible people (person_ids None) or the eligible ones among `person_ids`.

    Returns how many invitations were made. People who are not eligible are skipped.
    """
    auth.require(user, "ceremonies.manage")
    if channel not in CHANNELS:
        raise InvalidInput(t("ceremonies.channel_invalid"))
    if person_ids is not None and not person_ids:
        raise InvalidInput(t("ceremonies.nobody_selected"))
    invited_at = parse_date(invited_on or today())
    with store.write() as db:
        allowed = eligible_ids(store, ceremony_id)
        chosen = allowed if person_ids is None else sorted(set(allowed) & {int(p) for p in person_ids})
        now = utc_iso()
        db.conn.executemany(
            "INSERT INTO invitations(ceremony_id, person_id, channel, invited_at, created_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(ceremony_id, person_id) DO NOTHING",
            [(ceremony_id, pid, channel, invited_at, now) for pid in chosen],
        )
        audit.record(
            store, user.actor, "invitation.create", f"ceremony:{ceremony_id}",
            count=len(chosen), channel=channel, person_ids=chosen,
        )
    return len(chosen)


# --- invitations ----------------------------------------------------------------------------


def get_invitation(store, invitation_id: int) -> dict:
    """One invitation row with the person's clear columns, or NotFound."""
    row = store.one(
        "SELECT i.*, p.do_not_contact, p.certificate_date, p.delivery_id "
        "FROM invitations i JOIN people p ON p.id = i.person_id WHERE i.id = ?",
        [invitation_id],
    )
    if row is None or row["do_not_contact"]:
        raise NotFound(t("ceremonies.invitation_unknown"))
    return row


class Page(list):
    """One page of a longer list: its rows, `total` (how many in all), `offset` (of the
    first row) and `invited` (the ceremony's invitees before any name filter)."""

    def __init__(self, rows: list[dict], total: int, offset: int = 0, invited: int = 0):
        super().__init__(rows)
        self.total, self.offset, self.invited = total, offset, invited


def invitees_scope(ceremony_id: int) -> str:
    """The `namecache` scope of a ceremony's invitees (one for the ceremony page and check-in)."""
    return f"invitees:{ceremony_id}"


def invitee_ids(store, ceremony_id: int) -> dict[int, int]:
    """{person id: invitation id} of a ceremony's invitees, "niet contacteren" left out
    (clear columns only)."""
    return dict(
        store.db.execute(
            "SELECT i.person_id, i.id FROM invitations i JOIN people p ON p.id = i.person_id "
            "WHERE i.ceremony_id = ? AND p.do_not_contact = 0",
            [ceremony_id],
        ).fetchall()
    )


def invitation_rows(store, invitation_ids: list[int]) -> dict[int, dict]:
    """Invitation rows (with the person's certificate date) by id, for the few a page shows."""
    found = {}
    for start in range(0, len(invitation_ids), 900):
        chunk = invitation_ids[start : start + 900]
        for row in store.rows(
            "SELECT i.*, p.certificate_date FROM invitations i JOIN people p ON p.id = i.person_id "
            f"WHERE i.id IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            found[row["id"]] = row
    return found


def matching_invitees(store, ceremony_id: int, query_words: list[str]) -> tuple[list, dict[int, int]]:
    """The invitees whose name matches every query word (all with no words) as (person id,
    `namecache.Name`) sorted by name, and {person id: invitation id} of every invitee.
    Names come from `namecache` (no audit here: callers audit what they show)."""
    ids = invitee_ids(store, ceremony_id)
    named = namecache.ordered(store, invitees_scope(ceremony_id), ids)
    for word in query_words:  # one pass per word: the first narrows the list for the rest
        named = [item for item in named if word in item[1].folded]
    return named, ids


def invitee_page(
    store, user: auth.User, ceremony_id: int, query: str = "", offset: int = 0, limit: int = PAGE_SIZE,
    seen: set[str] | None = None,
) -> Page:
    """One page of a ceremony's invitees, sorted by name, optionally filtered by name
    (`ceremony.names`), with their state. Only the page's people are shown and audited as
    an access (`seen`: see `audit_view`); an offset past the end shows the last page."""
    auth.require(user, "ceremonies.manage")
    found, ids = matching_invitees(store, ceremony_id, names.words(query))
    limit = max(1, limit)
    offset = max(0, min(offset, (len(found) - 1) // limit * limit if found else 0))
    page = found[offset : offset + limit]
    rows = invitation_rows(store, [ids[pid] for pid, _name in page])
    shown = []
    for pid, name in page:
        if ids[pid] in rows:  # an invitation removed since the ids were read is skipped
            shown.append({**rows[ids[pid]], "first_name": name.first_name, "last_name": name.last_name})
    if shown:
        audit_view(store, user, "ceremony.invitees_view", f"ceremony:{ceremony_id}", [r["person_id"] for r in shown],
                   seen)
    return Page(shown, len(found), offset, len(ids))


def invitees(store, user: auth.User, ceremony_id: int, seen: set[str] | None = None) -> list[dict]:
    """A ceremony's invitees with their state and name (decrypted; audited as an access;
    `seen`: see `audit_view`)."""
    auth.require(user, "ceremonies.manage")
    rows = store.rows(
        "SELECT i.*, p.certificate_date FROM invitations i JOIN people p ON p.id = i.person_id "
        "WHERE i.ceremony_id = ? AND p.do_not_contact = 0 ORDER BY i.id",
        [ceremony_id],
    )
    return named_rows(store, user, rows, "ceremony.invitees_view", ceremony_id, seen, invitees_scope(ceremony_id))


def named_rows(store, user: auth.User, rows: list[dict], action: str, ceremony_id: int,
               seen: set[str] | None = None, scope: str | None = None) -> list[dict]:
    """`rows` (each with a `person_id`) with first and last name added, sorted by name;
    showing them is audited as `action` (see `audit_view`). Names come from `namecache`
    (`scope`, by default `<action>:<ceremony id>`)."""
    return named_page(store, user, rows, action, ceremony_id, seen=seen, scope=scope)


def named_page(store, user: auth.User, rows: list[dict], action: str, ceremony_id: int, offset: int = 0,
               limit: int | None = None, seen: set[str] | None = None, scope: str | None = None) -> Page:
    """`named_rows`, one page of `limit` rows from `offset` (all without a limit): only the
    page's people are shown and audited; an offset past the end shows the last page."""
    found = namecache.lookup(store, scope or f"{action}:{ceremony_id}", [r["person_id"] for r in rows])
    keyed = [(found[r["person_id"]], r) for r in rows if r["person_id"] in found]  # someone shredded meanwhile is not shown
    keyed.sort(key=lambda item: (item[0].sort_key, item[1]["id"]))
    if limit is not None:
        limit = max(1, limit)
        offset = max(0, min(offset, (len(keyed) - 1) // limit * limit if keyed else 0))
        shown = keyed[offset : offset + limit]
    else:
        offset, shown = 0, keyed
    page = [{**row, "first_name": name.first_name, "last_name": name.last_name} for name, row in shown]
    if page:
        audit_view(store, user, action, f"ceremony:{ceremony_id}", [r["person_id"] for r in page], seen)
    return Page(page, len(keyed), offset, len(keyed))


def set_answer(store, user: auth.User, invitation_id: int, answer: str | None, companions=0) -> None:
    """Record an invitee's answer (komt / komt_niet / misschien, or None) and companions."""
    auth.require(user, "ceremonies.manage")
    if answer is not None and answer not in ANSWERS:
        raise InvalidInput(t("ceremonies.answer_invalid"))
    number = parse_companions(companions)
    with store.write() as db:
        get_invitation(store, invitation_id)
        db.execute(
            "UPDATE invitations SET answer = ?, companions = ? WHERE id = ?", [answer, number, invitation_id]
        )
        audit.record(
            store, user.actor, "invitation.answer", f"invitation:{invitation_id}",
            answer=answer or "none", companions=number,
        )


def set_channel(store, user: auth.User, invitation_id: int, channel: str, invited_on=None) -> None:
    """Record how and when an invitee was invited."""
    auth.require(user, "ceremonies.manage")
    if channel not in CHANNELS:
        raise InvalidInput(t("ceremonies.channel_invalid"))
    invited_at = parse_date(invited_on or today())
    with store.write() as db:
        get_invitation(store, invitation_id)
        db.execute(
            "UPDATE invitations SET channel = ?, invited_at = ? WHERE id = ?", [channel, invited_at, invitation_id]
        )
        audit.record(store, user.actor, "invitation.channel", f"invitation:{invitation_id}", channel=channel)


def mark_do_not_contact(store, user: auth.User, invitation_id: int) -> None:
    """The invitee asked not to be contacted: they leave every list, export and call queue.

    The flag is set, and any caller's claim on the person released, by the rights module
    (the one place for objections); here the invitation is checked and the entry notes it.
    """
    # late import: rights builds on exports and retention, which may come to use this module
    from ceremony import rights

    auth.require(user, "ceremonies.manage")
    with store.write():
        row = get_invitation(store, invitation_id)
        rights.mark_do_not_contact(store, user, row["person_id"])
        audit.record(store, user.actor, "invitation.do_not_contact", f"invitation:{invitation_id}")


def live_counts(store, ceremony_id: int) -> dict:
    """Anonymous counts of a ceremony's live invitations (for the ceremony page)."""
    row = store.one(
        "SELECT count(*) AS invited, coalesce(sum(reached), 0) AS reached, "
        "coalesce(sum(answer = 'komt'), 0) AS confirmed, "
        "coalesce(sum(CASE WHEN answer = 'komt' THEN companions ELSE 0 END), 0) AS companions, "
        "coalesce(sum(present), 0) AS present "
        "FROM invitations WHERE ceremony_id = ?",
        [ceremony_id],
    )
    return dict(row)


def invitation_counts(store, ceremony_id: int) -> dict:
    """Anonymous counts of a ceremony's live invitations per channel and per answer."""
    get_ceremony(store, ceremony_id)
    rows = store.rows(
        "SELECT coalesce(i.channel, 'none') AS channel, coalesce(i.answer, 'none') AS answer, count(*) AS n "
        "FROM invitations i JOIN people p ON p.id = i.person_id "
        "WHERE i.ceremony_id = ? AND p.do_not_contact = 0 GROUP BY 1, 2",
        [ceremony_id],
    )
    counts = {
        "invited": sum(r["n"] for r in rows),
        "channel": {c: 0 for c in (*CHANNELS, "none")},
        "answer": {a: 0 for a in (*ANSWERS, "none")},
    }
    for row in rows:
        counts["channel"][row["channel"]] = counts["channel"].get(row["channel"], 0) + row["n"]
        counts["answer"][row["answer"]] = counts["answer"].get(row["answer"], 0) + row["n"]
    return counts
