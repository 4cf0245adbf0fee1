"""The calendar file of a ceremony, to attach to invitations (issue 6, item 2).

One VEVENT: SUMMARY the ceremony's name, DTSTART in Europe/Brussels with its TZID (and
the VTIMEZONE that defines it) and a default DURATION of two hours; a ceremony without
an hour becomes an all-day event. The UID is derived from the ceremony's id and creation
time, so a second export updates the same calendar entry. No personal data in it.
"""

from __future__ import annotations

import datetime as dt
import uuid

import icalendar

from ceremony import audit, auth
from ceremony.clock import BRUSSELS, now_utc
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


def build_calendar(ceremony: dict, settings: dict) -> icalendar.Calendar:
    """The VCALENDAR with one VEVENT for `ceremony`."""
    day = ceremony_date(ceremony)
    start = ceremony_time(ceremony)
    event = icalendar.Event()
    event.add("uid", event_uid(ceremony))
    event.add("dtstamp", now_utc())
    event.add("summary", ceremony["name"])
    if start is None:
        event.add("dtstart", day)  # all-day, floating: VALUE=DATE
        event.add("dtend", day + dt.timedelta(days=1))
    else:
        event.add("dtstart", dt.datetime.combine(day, start, tzinfo=BRUSSELS))
        event.add("duration", DEFAULT_DURATION)
    if ceremony.get("location"):
        event.add("location", ceremony["location"])
    event.add("description", description(ceremony, settings))
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add_component(event)
    if start is not None:
        cal.add_missing_timezones(dt.date(day.year, 1, 1), dt.date(day.year + 1, 1, 1))
    return cal


class CalendarFile:
    """Exporter: the .ics file of a ceremony."""

    identifier = "ics"

    def export(self, store, user: auth.User, ceremony_id: int) -> ExportFile:
        """Build the .ics in memory; recorded in the audit trail like every export."""
        auth.require(user, PERMISSION)
        ceremony = get_ceremony(store, ceremony_id)
        data = build_calendar(ceremony, store.settings()).to_ical()
        audit.record(
            store, user.actor, "export.ics", f"ceremony:{ceremony_id}", ceremony=ceremony_id
        )
        return ExportFile(t("exports.file.ics", id=ceremony_id), "text/calendar", data)
