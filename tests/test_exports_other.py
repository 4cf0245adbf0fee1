"""The e-mail list and the calendar file of a ceremony."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import icalendar
import pytest

from ceremony.errors import AccessDenied, InvalidInput, NotFound
from ceremony.exports import emails, ics
from ceremony.texts import t
from tests.conftest import add_user
from tests.test_exports import add_ceremony, add_person, do_not_contact, invite
from tests.text_helpers import matching


@pytest.fixture
def coordinator(store):
    return add_user(store, "carla", "coordinator")


def test_email_list_takes_the_email_channel(store, coordinator):
    ceremony = add_ceremony(store)
    by_mail = add_person(store, 1, email="anna@example.org")
    by_letter = add_person(store, 2, email="bert@example.org")
    by_phone = add_person(store, 3, email="carl@example.org")
    objected = add_person(store, 4, email="dirk@example.org")
    no_address = add_person(store, 5, email="")
    same_address = add_person(store, 6, email="ANNA@example.org")
    for person, channel in [
        (by_mail, "e-mail"),
        (by_letter, "brief"),
        (by_phone, "telefoon"),
        (objected, "e-mail"),
        (no_address, "e-mail"),
        (same_address, "e-mail"),
    ]:
        invite(store, ceremony, person, channel)
    do_not_contact(store, objected)

    result = emails.export(store, coordinator, ceremony)

    assert result.data == b"anna@example.org\r\n"
    assert result.count == 1 and result.filename.endswith(".txt")
    entry = store.one("SELECT * FROM audit WHERE action = 'export.emails'")
    details = json.loads(entry["details"])
    assert entry["actor"] == "user:carla" and entry["target"] == f"ceremony:{ceremony}"
    assert details["count"] == 1
    assert "example.org" not in entry["details"] + entry["target"]


def test_email_list_leaves_out_invitees_without_the_email_channel(store, coordinator):
    ceremony = add_ceremony(store)
    for i, email in enumerate(["anna@example.org", "привет@example.org"]):
        invite(store, ceremony, add_person(store, i, email=email))  # no channel: not an e-mail invitation

    result = emails.export(store, coordinator, ceremony)

    assert result.data == b"" and result.count == 0


def test_email_list_needs_permission_and_a_real_ceremony(store, coordinator):
    beller = add_user(store, "bert", "beller")
    ceremony = add_ceremony(store)
    with pytest.raises(AccessDenied):
        emails.export(store, beller, ceremony)
    with pytest.raises(NotFound):
        emails.export(store, coordinator, ceremony + 1)


def _event(data: bytes) -> icalendar.Event:
    cal = icalendar.Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    return events[0]


def test_ics_has_brussels_start_two_hours_and_a_stable_uid(store, coordinator):
    store.put_setting("municipality", "Gemeente Teststad")
    store.put_setting("contact_email", "ceremonie@teststad.be")
    ceremony = add_ceremony(
        store, name="Inburgeringsceremonie 2026", date="2026-09-12", time="14:30"
    )
    person = add_person(store, 1, first_name="Zqxcanary", email="canary@example.org")
    invite(store, ceremony, person, "e-mail")

    first = ics.export(store, coordinator, ceremony)
    event = _event(first.data)

    assert b"DTSTART;TZID=Europe/Brussels:20260912T143000" in first.data
    assert event["DTSTART"].params["TZID"] == "Europe/Brussels"
    start = event.decoded("DTSTART")
    assert start == dt.datetime(2026, 9, 12, 14, 30, tzinfo=ZoneInfo("Europe/Brussels"))
    assert start.utcoffset() == dt.timedelta(hours=2)  # summer time
    assert event.decoded("DURATION") == dt.timedelta(hours=2)
    assert str(event["SUMMARY"]) == "Inburgeringsceremonie 2026"
    assert str(event["LOCATION"]) == "Stadhuis, Botermarkt 1"
    assert "Gemeente Teststad" in str(event["DESCRIPTION"])
    assert "ceremonie@teststad.be" in str(event["DESCRIPTION"])
    cal = icalendar.Calendar.from_ical(first.data)
    assert t("server.app_name") in str(cal["PRODID"])
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Brussels"]
    assert first.mime == "text/calendar" and first.filename.endswith(".ics")
    # no personal data in the file
    assert b"Zqxcanary" not in first.data and b"canary@example.org" not in first.data
    # the same ceremony keeps its UID; another ceremony gets another one
    again = _event(ics.export(store, coordinator, ceremony).data)
    other = _event(ics.export(store, coordinator, add_ceremony(store)).data)
    assert str(again["UID"]) == str(event["UID"]) != str(other["UID"])
    assert store.scalar("SELECT count(*) FROM audit WHERE action = 'export.ics'") == 3


def test_ics_winter_date_and_dutch_hour_notation(store, coordinator):
    ceremony = add_ceremony(store, date="2026-12-05", time="10u00")
    start = _event(ics.export(store, coordinator, ceremony).data).decoded("DTSTART")
    assert start == dt.datetime(2026, 12, 5, 10, 0, tzinfo=ZoneInfo("Europe/Brussels"))
    assert start.utcoffset() == dt.timedelta(hours=1)


def test_ics_without_hour_is_an_all_day_event(store, coordinator):
    ceremony = add_ceremony(store, time=None, location="")
    data = ics.export(store, coordinator, ceremony).data
    event = _event(data)
    assert b"DTSTART;VALUE=DATE:20260912" in data
    assert event.decoded("DTSTART") == dt.date(2026, 9, 12)
    assert event.decoded("DTEND") == dt.date(2026, 9, 13)
    assert "LOCATION" not in event and b"VTIMEZONE" not in data


def test_ics_with_unreadable_date_says_what_to_do(store, coordinator):
    ceremony = add_ceremony(store, time="half drie")
    with pytest.raises(InvalidInput, match=matching("exports.ceremony_date_invalid")):
        ics.export(store, coordinator, ceremony)
