"""Ceremonies (table `ceremonies`): plan a ceremony, its moment, venue, capacity and call script.

Inviting lives in `ceremony.invitations`, who may be invited in `ceremony.target_group`.
`audit_view` is the one way a page records that it showed people (an access, with counts).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

from ceremony import audit, permissions
from ceremony.clock import today, utc_iso
from ceremony.errors import InvalidInput, NotFound
from ceremony.texts import t

MAX_NAME, MAX_LOCATION, MAX_SCRIPT = 120, 200, 4000


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


def parse_answer_by(value, date: str) -> str | None:
    """The answer deadline as ISO date (up to the ceremony's own date), None for the default."""
    if value is None or str(value).strip() == "":
        return None
    text = parse_date(value)
    if text > date:
        raise InvalidInput(t("ceremonies.answer_by_after"))
    return text


def _clean(name, date, time, location, capacity, call_script, answer_by=None) -> dict:
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
    day = parse_date(date)
    return {
        "name": name,
        "date": day,
        "time": parse_time(time),
        "location": location,
        "capacity": parse_capacity(capacity),
        "call_script": call_script,
        "answer_by": parse_answer_by(answer_by, day),
    }


# --- ceremonies ---------------------------------------------------------------------------


def create_ceremony(
    store, user: permissions.User, *, name: str, date, time=None, location: str = "", capacity=None,
    call_script: str = "", answer_by=None,
) -> int:
    """Add a ceremony; returns its id. `answer_by`: the last day to answer through the link
    (empty: 7 days before)."""
    permissions.require(user, "ceremonies.manage")
    values = _clean(name, date, time, location, capacity, call_script, answer_by)
    with store.write() as db:
        cur = db.execute(
            "INSERT INTO ceremonies(name, date, time, location, capacity, call_script, answer_by, created_at, "
            "created_by) VALUES (:name, :date, :time, :location, :capacity, :call_script, :answer_by, :at, :by)",
            {**values, "at": utc_iso(), "by": user.actor},
        )
        audit.record(store, user.actor, "ceremony.create", f"ceremony:{cur.lastrowid}")
    return cur.lastrowid


def update_ceremony(
    store, user: permissions.User, ceremony_id: int, *, name: str, date, time=None, location: str = "",
    capacity=None, call_script: str = "", answer_by=None,
) -> None:
    """Change a ceremony's name, moment, venue, capacity, call script or answer deadline."""
    permissions.require(user, "ceremonies.manage")
    values = _clean(name, date, time, location, capacity, call_script, answer_by)
    with store.write() as db:
        check_not_cancelled(get_ceremony(store, ceremony_id))
        db.execute(
            "UPDATE ceremonies SET name = :name, date = :date, time = :time, location = :location, "
            "capacity = :capacity, call_script = :call_script, answer_by = :answer_by WHERE id = :id",
            {**values, "id": ceremony_id},
        )
        audit.record(store, user.actor, "ceremony.update", f"ceremony:{ceremony_id}")


def cancel_ceremony(store, user: permissions.User, ceremony_id: int) -> None:
    """Mark a ceremony cancelled; its .ics SEQUENCE grows once more (for the cancellation)."""
    permissions.require(user, "ceremonies.manage")
    with store.write() as db:
        check_not_cancelled(get_ceremony(store, ceremony_id))
        db.execute(
            "UPDATE ceremonies SET cancelled_at = ?, cancelled_by = ?, sequence = sequence + 1, updated_at = ? "
            "WHERE id = ?",
            [utc_iso(), user.actor, utc_iso(), ceremony_id],
        )
        audit.record(store, user.actor, "ceremony.cancel", f"ceremony:{ceremony_id}")


ANSWER_DAYS_BEFORE = 7  # the default answer deadline: a week before the ceremony


def answer_by(ceremony: dict) -> dt.date:
    """The last day invitees can answer through their link: the ceremony's own, else 7 days before."""
    if ceremony.get("answer_by"):
        return dt.date.fromisoformat(ceremony["answer_by"])
    return dt.date.fromisoformat(ceremony["date"]) - dt.timedelta(days=ANSWER_DAYS_BEFORE)


def answers_open(ceremony: dict) -> bool:
    """Whether invitees can still answer through their link: not cancelled, and today
    (Brussels) is not after the answer deadline (`answer_by`)."""
    return not ceremony.get("cancelled_at") and today() <= answer_by(ceremony)


def check_not_cancelled(ceremony: dict) -> None:
    """InvalidInput when the ceremony was cancelled (it can no longer change)."""
    if ceremony.get("cancelled_at"):
        raise InvalidInput(t("ceremonies.cancelled_already"))


def moment_changed(ceremony: dict, date, time, location) -> bool:
    """Whether these values change the ceremony's date, hour or venue (what invitees were told)."""
    return (parse_date(date), parse_time(time), str(location or "").strip()) != (
        ceremony["date"], ceremony["time"], ceremony["location"] or "")


def get_ceremony(store, ceremony_id: int) -> dict:
    """One ceremony row (no personal data), or NotFound."""
    row = store.one("SELECT * FROM ceremonies WHERE id = ?", [ceremony_id])
    if row is None:
        raise NotFound(t("ceremonies.unknown"))
    return row


def count(store) -> int:
    """How many ceremonies are planned or held."""
    return store.scalar("SELECT count(*) FROM ceremonies")


def list_ceremonies(store) -> list[dict]:
    """All ceremonies, the next upcoming first, then past ones (newest first)."""
    rows = store.rows("SELECT * FROM ceremonies ORDER BY date, time, id")
    now = today().isoformat()
    upcoming = [r for r in rows if r["date"] >= now]
    past = [r for r in rows if r["date"] < now]
    return upcoming + past[::-1]


# --- views of people ---------------------------------------------------------------------


def audit_view(
    store, user: permissions.User, action: str, target: str, shown: list[int], seen: set[str] | None = None,
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
