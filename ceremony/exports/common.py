"""What every exporter shares: the produced file, the ceremony's moment, who is invited.

Ceremonies are read with `ceremony.ceremonies` (get_ceremony, list_ceremonies and the
date and time rules), re-exported here for the exporters.

Files are built in memory and handed over as bytes (download button or the CLI's --out);
nothing is written to a temporary file. Who is invited is read through `ceremony.invitations` (no SQL here); personal fields
are decrypted through `ceremony.people` only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ceremony import invitations as invitation_table
from ceremony import people
from ceremony.ceremonies import get_ceremony, list_ceremonies, parse_date, parse_time
from ceremony.errors import InvalidInput
from ceremony.texts import t

__all__ = [
    "PERMISSION", "ExportFile", "ceremony_date", "ceremony_time", "contactable_count", "counted",
    "get_ceremony", "hour_text", "identify_docx", "invitations", "list_ceremonies", "long_date",
]

DOCUMENT_LANGUAGE = "nl-BE"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

PERMISSION = "export.mailmerge"


@dataclass(frozen=True)
class ExportFile:
    """One produced file, ready to hand to the user."""

    filename: str
    mime: str
    data: bytes
    count: int = 0  # people (or addresses) in the file; 0 when it holds no personal data
    columns: list[str] = field(default_factory=list)


def identify_docx(document, title: str, author: str) -> None:
    """Tag a python-docx `document` as Dutch (Belgium), with its title and author.

    Sets the core properties (python-docx would say author "python-docx", no title) and
    the default language of the text in the styles (python-docx's template says en-US),
    which screen readers, spelling checks and LibreOffice's PDF (/Lang, /Title) follow.
    """
    properties = document.core_properties
    properties.title, properties.author, properties.last_modified_by = title, author, author
    properties.language = DOCUMENT_LANGUAGE
    styles = document.styles.element
    defaults = styles.find(f"{_W}docDefaults")
    if defaults is None:
        defaults = styles.makeelement(f"{_W}docDefaults", {})
        styles.insert(0, defaults)
    run_defaults = _child(_child(defaults, "rPrDefault"), "rPr")
    _child(run_defaults, "lang").set(f"{_W}val", DOCUMENT_LANGUAGE)
    for element in styles.iter(f"{_W}lang"):  # no style left in another language
        if element.get(f"{_W}val"):
            element.set(f"{_W}val", DOCUMENT_LANGUAGE)


def _child(parent, tag: str):
    found = parent.find(f"{_W}{tag}")
    if found is None:
        found = parent.makeelement(f"{_W}{tag}", {})
        parent.append(found)
    return found


def counted(text_key: str, count: int, **values) -> str:
    """The text for `count` items: `<key>_one` for exactly one, else `<key>` with {count}."""
    if count == 1:
        return t(text_key + "_one", **values)
    return t(text_key, count=count, **values)


def ceremony_date(ceremony: dict) -> dt.date:
    """The ceremony's date, read with the rule that stored it (`ceremonies.parse_date`)."""
    try:
        return dt.date.fromisoformat(parse_date(ceremony["date"]))
    except InvalidInput:
        raise InvalidInput(t("exports.ceremony_date_invalid")) from None


def ceremony_time(ceremony: dict) -> dt.time | None:
    """The ceremony's start time, or None for a day without an hour (`ceremonies.parse_time`)."""
    try:
        text = parse_time(ceremony.get("time"))
    except InvalidInput:
        raise InvalidInput(t("exports.ceremony_date_invalid")) from None
    return dt.time.fromisoformat(text) if text else None


def long_date(day: dt.date) -> str:
    """A date written out in Dutch, as a letter says it: "zaterdag 12 december 2026".

    Mail-merge drivers (LibreOffice, Word) re-type "12/12/2026" as a date and print it
    their own way; this text they leave alone.
    """
    weekday = t("exports.dates.weekdays").split(",")[day.weekday()]
    month = t("exports.dates.months").split(",")[day.month - 1]
    return f"{weekday} {day.day} {month} {day.year}"


def hour_text(start: dt.time | None) -> str:
    """An hour as a letter says it ("14.30 uur"), or "" for a day without an hour."""
    return t("exports.dates.hour", hour=start.hour, minute=f"{start.minute:02d}") if start else ""


def contactable_count(store, ceremony_id: int | None) -> int:
    """How many people a mail merge would hold (SQL only: nothing is decrypted)."""
    if ceremony_id is None:
        return people.rows.count(store, contactable=True)
    return invitation_table.contactable_count(store, ceremony_id)


def invitations(store, ceremony_id: int) -> list[dict]:
    """The ceremony's invitations of people who may be contacted: person id and channel."""
    rows = invitation_table.contactable(store, ceremony_id)
    return sorted(({"person_id": r["person_id"], "channel": r["channel"]} for r in rows), key=lambda r: r["person_id"])
