"""The calendar file of a ceremony, to attach to invitations.

One VEVENT: SUMMARY the ceremony's name, DTSTART in Europe/Brussels with its TZID (and
the VTIMEZONE that defines it) and a default DURATION of two hours; a ceremony without
an hour becomes an all-day event. The UID is derived from the ceremony's id and creation
time, so a second export updates the same calendar entry. ORGANIZER names the
municipality at `smtp_from` (the address invitations come from). No personal data in it.

The VTIMEZONE is the rule form Outlook and Google export themselves: one
DAYLIGHT and one STANDARD block with a yearly RRULE (the EU rule: last Sunday of March
and of October). Outlook mis-reads the one-year form without RRULE and shifts summer
events by an hour. Should the tz database ever disagree with that rule for the
ceremony's year (the EU dropping daylight saving time), the start is written in UTC
instead, which every client reads right. SEQUENCE grows with every change of name,
date, hour or place (a trigger on `ceremonies`) and once at a cancellation, LAST-MODIFIED
is the last such change. A cancelled ceremony's calendar is METHOD:CANCEL with
STATUS:CANCELLED and the same UID, so a calendar that holds the event removes it.
"""

from __future__ import annotations

import datetime as dt
import uuid

import icalendar

from ceremony import audit, permissions
from ceremony.clock import BRUSSELS, now_utc, parse_utc
from ceremony.exports.common import (
    PERMISSION,
    ExportFile,
    ceremony_date,
    ceremony_time,
    get_ceremony,
)
from ceremony.texts import t

PRODID = "-//Ceremonie-app//Inburgeringsceremonie//NL"
DEFAULT_DURATION = dt.timedelta(hours=2)
UID_DOMAIN = "ceremonie-app"


def event_uid(ceremony: dict) -> str:
    """A UID that stays the same for the same ceremony across exports."""
    name = f"ceremony:{ceremony['id']}:{ceremony['created_at']}"
    return f"{uuid.uuid5(uuid.NAMESPACE_URL, name)}@{UID_DOMAIN}"


def description(ceremony: dict, settings: dict) -> str:
    """The event's description: municipality and contact address (no personal data)."""
    municipality = settings.get("municipality") or t("exports.ics.municipality_fallback")
    text = t("exports.ics.description", gemeente=municipality, name=ceremony["name"])
    if settings.get("contact_email"):
        text += "\n" + t("exports.ics.description_contact", contact=settings["contact_email"])
    return text


def organizer(settings: dict) -> icalendar.vCalAddress | None:
    """ORGANIZER: the municipality (CN) at the address invitations come from (`smtp_from`)."""
    sender = str(settings.get("smtp_from") or "").strip()
    if not sender:
        return None
    address = icalendar.vCalAddress(f"mailto:{sender}")
    address.params["cn"] = icalendar.vText(
        str(settings.get("municipality") or "").strip() or t("exports.ics.municipality_fallback"))
    return address


def _last_sunday(year: int, month: int) -> dt.date:
    last = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() + 1) % 7)


def eu_rule_holds(year: int) -> bool:
    """Whether Europe/Brussels in `year` follows the rule written in BRUSSELS_VTIMEZONE."""
    if BRUSSELS.utcoffset(dt.datetime(year, 1, 15)) != dt.timedelta(hours=1):
        return False
    for month, before, after in ((3, 1, 2), (10, 2, 1)):
        switch = dt.datetime.combine(_last_sunday(year, month), dt.time(1), tzinfo=dt.UTC)
        offsets = [
            (switch + dt.timedelta(minutes=m)).astimezone(BRUSSELS).utcoffset() for m in (-1, 1)
        ]
        if offsets != [dt.timedelta(hours=before), dt.timedelta(hours=after)]:
            return False
    return True


def brussels_vtimezone() -> icalendar.Timezone:
    """Europe/Brussels as a VTIMEZONE with yearly RRULE transitions."""
    tz = icalendar.Timezone()
    tz.add("tzid", "Europe/Brussels")
    for kind, name, offset_from, offset_to, start, month in (
        (icalendar.TimezoneDaylight, "CEST", 1, 2, dt.datetime(1970, 3, 29, 2), 3),
        (icalendar.TimezoneStandard, "CET", 2, 1, dt.datetime(1970, 10, 25, 3), 10),
    ):
        part = kind()
        part.add("tzname", name)
        part.add("tzoffsetfrom", dt.timedelta(hours=offset_from))
        part.add("tzoffsetto", dt.timedelta(hours=offset_to))
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        tz.add_component(part)
    return tz


def last_modified(ceremony: dict) -> dt.datetime:
    """When the ceremony's calendar content last changed (its creation when never)."""
    return parse_utc(ceremony.get("updated_at") or ceremony["created_at"])


def calendar_method(ceremony: dict) -> str:
    """The iTIP method of the ceremony's calendar: CANCEL once cancelled, else PUBLISH."""
    return "CANCEL" if ceremony.get("cancelled_at") else "PUBLISH"


def build_calendar(ceremony: dict, settings: dict) -> icalendar.Calendar:
    """The VCALENDAR with one VEVENT for `ceremony`."""
    day = ceremony_date(ceremony)
    start = ceremony_time(ceremony)
    event = icalendar.Event()
    event.add("uid", event_uid(ceremony))
    event.add("dtstamp", now_utc())
    event.add("sequence", int(ceremony.get("sequence") or 0))
    event.add("last-modified", last_modified(ceremony))
    event.add("summary", ceremony["name"])
    if start is None:
        event.add("dtstart", day)  # all-day, floating: VALUE=DATE
        event.add("dtend", day + dt.timedelta(days=1))
    else:
        moment = dt.datetime.combine(day, start, tzinfo=BRUSSELS)
        with_zone = eu_rule_holds(day.year)
        event.add("dtstart", moment if with_zone else moment.astimezone(dt.UTC))
        event.add("duration", DEFAULT_DURATION)
    if ceremony.get("location"):
        event.add("location", ceremony["location"])
    event.add("description", description(ceremony, settings))
    if ceremony.get("cancelled_at"):
        event.add("status", "CANCELLED")
    if (who := organizer(settings)) is not None:
        event.add("organizer", who)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", calendar_method(ceremony))
    cal.add_component(event)
    if start is not None and with_zone:
        cal.subcomponents.insert(0, brussels_vtimezone())
    return cal


def export(store, user: permissions.User, ceremony_id: int) -> ExportFile:
    """The .ics file of a ceremony, built in memory; recorded in the audit trail like every export."""
    permissions.require(user, PERMISSION)
    ceremony = get_ceremony(store, ceremony_id)
    data = build_calendar(ceremony, store.settings()).to_ical()
    audit.record(
        store, user.actor, "export.ics", f"ceremony:{ceremony_id}", ceremony=ceremony_id
    )
    return ExportFile(t("exports.file.ics", id=ceremony_id), "text/calendar", data)
