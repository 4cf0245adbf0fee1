"""Time in one place: audit times in UTC, dates shown to users in Europe/Brussels."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")


def now_utc() -> dt.datetime:
    """The current time in UTC; `CEREMONY_FAKE_NOW` (ISO) pins it for tests and demos."""
    fake = os.environ.get("CEREMONY_FAKE_NOW")
    if fake:
        value = dt.datetime.fromisoformat(fake)
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime.now(dt.UTC)


def utc_iso(moment: dt.datetime | None = None) -> str:
    """An ISO-8601 UTC timestamp with seconds, as stored in the audit trail."""
    moment = moment or now_utc()
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_utc(text: str) -> dt.datetime:
    """Read back a timestamp written by `utc_iso`."""
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def today() -> dt.date:
    """Today's date in Brussels."""
    return now_utc().astimezone(BRUSSELS).date()


def be_date(value: dt.date | dt.datetime | str | None) -> str:
    """A date the Belgian way: dd/mm/jjjj (Europe/Brussels for moments)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = parse_utc(value) if "T" in value else dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime):
        value = value.astimezone(BRUSSELS).date()
    return value.strftime("%d/%m/%Y")


def be_datetime(value: dt.datetime | str | None) -> str:
    """A moment the Belgian way in Brussels time: dd/mm/jjjj uu:mm."""
    if not value:
        return ""
    if isinstance(value, str):
        value = parse_utc(value)
    return value.astimezone(BRUSSELS).strftime("%d/%m/%Y %H:%M")
