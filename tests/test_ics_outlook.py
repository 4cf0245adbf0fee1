"""The .ics as Outlook needs it, checked with an independent parser (vobject): a VTIMEZONE
with yearly RRULE transitions, SEQUENCE that grows with every change, LAST-MODIFIED,
CRLF line ends and lines folded at 75 octets."""

from __future__ import annotations

import datetime as dt

import pytest
import vobject

from ceremony import ceremonies
from ceremony.exports import ics
from ceremony.exports.ics import eu_rule_holds
from tests.conftest import add_user


@pytest.fixture
def coordinator(store):
    return add_user(store, "carla", "coordinator")


def parse(data: bytes):
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")  # CRLF only
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded at 75 octets
    return vobject.readOne(data.decode("utf-8"))


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [("2026-07-04", 12), ("2026-12-12", 13), ("2027-03-28", 12), ("2027-10-30", 12), ("2027-10-31", 13)],
)
def test_summer_and_winter_ceremonies_start_at_the_right_utc_moment(store, coordinator, day, utc_hour):
    ceremony = ceremonies.create_ceremony(
        store, coordinator, name="Welkom — Ceremonie met een lange naam die gevouwen moet worden over regels",
        date=day, time="14:30", location="Stadhuis",
    )
    data = ics.export(store, coordinator, ceremony).data
    calendar = parse(data)

    # vobject reads the VTIMEZONE itself (its own RRULE engine, not our zoneinfo)
    tz = calendar.vtimezone.gettzinfo()
    start = calendar.vevent.dtstart.value.replace(tzinfo=tz)
    assert start.astimezone(dt.UTC).hour == utc_hour and start.minute == 30
    assert f"DTSTART;TZID=Europe/Brussels:{day.replace('-', '')}T143000".encode() in data
    rules = {part.name: part.rrule.value for part in calendar.vtimezone.getChildren() if part.name != "TZID"}
    assert rules == {"DAYLIGHT": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
                     "STANDARD": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"}
    assert calendar.vevent.summary.value.startswith("Welkom — Ceremonie")


def test_sequence_grows_when_the_ceremony_changes_and_last_modified_follows(store, coordinator, monkeypatch):
    ceremony = ceremonies.create_ceremony(store, coordinator, name="Ceremonie", date="2026-09-12", time="14:00")
    first = parse(ics.export(store, coordinator, ceremony).data).vevent
    assert first.sequence.value == "0"

    ceremonies.update_ceremony(store, coordinator, ceremony, name="Ceremonie", date="2026-09-12", time="15:00")
    ceremonies.update_ceremony(store, coordinator, ceremony, name="Ceremonie", date="2026-09-12", time="15:00",
                               capacity=80)  # capacity is not in the calendar: no new sequence
    second = parse(ics.export(store, coordinator, ceremony).data).vevent

    assert second.sequence.value == "1"
    assert second.uid.value == first.uid.value
    assert second.last_modified.value >= first.last_modified.value
    assert second.dtstart.value.hour == 15


def test_a_year_without_the_eu_rule_falls_back_to_utc(store, coordinator, monkeypatch):
    assert eu_rule_holds(2026) and eu_rule_holds(2040)
    monkeypatch.setattr("ceremony.exports.ics.eu_rule_holds", lambda year: False)
    ceremony = ceremonies.create_ceremony(store, coordinator, name="C", date="2026-07-04", time="14:30")
    data = ics.export(store, coordinator, ceremony).data
    assert b"DTSTART:20260704T123000Z" in data and b"VTIMEZONE" not in data
    assert parse(data).vevent.dtstart.value == dt.datetime(2026, 7, 4, 12, 30, tzinfo=dt.UTC)
