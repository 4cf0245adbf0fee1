"""The CSV for Word mail merge.

Opens by double-click in Excel with Belgian settings and in Word's mail merge: UTF-8 with
BOM, `;` separator, CRLF line ends, one header row. Values come out exactly as stored,
except that a cell Excel would read as a formula gets a leading apostrophe and phone
numbers are written the way one dials them from Belgium. The national number is never
exported; people marked "niet contacteren" never appear.
"""

from __future__ import annotations

import csv
import io

from ceremony import audit, names, people, permissions, phones
from ceremony.exports.common import (
    PERMISSION,
    ExportFile,
    ceremony_date,
    ceremony_time,
    get_ceremony,
    hour_text,
    invitations,
    long_date,
)
from ceremony.privacy import privacy_notice
from ceremony.texts import t

BASE_COLUMNS = ("voornaam", "naam", "adres", "postcode", "gemeente", "e_mail", "telefoon")
CEREMONY_COLUMNS = ("ceremonie", "datum", "uur", "locatie")
PRIVACY_COLUMN = "privacy"

# a cell starting with one of these is run as a formula by Excel or LibreOffice
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def columns(with_ceremony: bool, privacy: bool) -> list[str]:
    """The header row for a mail merge with or without a ceremony and privacy text."""
    cols = list(BASE_COLUMNS)
    if with_ceremony:
        cols += CEREMONY_COLUMNS
    if privacy:
        cols.append(PRIVACY_COLUMN)
    return cols


def safe_cell(value: str) -> str:
    """Neutralise formula injection: prefix an apostrophe when the cell would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def person_cells(person: people.Person) -> list[str]:
    """The base columns of one person."""
    return [
        person.first_name,
        person.last_name,
        person.street_line,
        person.postcode,
        person.municipality,
        person.email,
        phones.dial_from_belgium(person.phone),
    ]


def ceremony_cells(ceremony: dict) -> list[str]:
    """The ceremony columns: name, date and hour written out ("zaterdag 12 december 2026",
    "14.30 uur" or empty: text no merge driver re-types), location."""
    return [
        ceremony["name"],
        long_date(ceremony_date(ceremony)),
        hour_text(ceremony_time(ceremony)),
        ceremony["location"] or "",
    ]


def write_csv(header: list[str], rows: list[list[str]]) -> bytes:
    """The file's bytes: BOM, `;`, CRLF, every cell made safe."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def _sort_key(person: people.Person) -> tuple[str, str, int]:
    return (*names.sort_key(person.first_name, person.last_name), person.id)


def export(store, user: permissions.User, ceremony_id: int | None = None, privacy: bool = False) -> ExportFile:
    """The mail-merge CSV of a ceremony's invitees, or of all stored people (no ceremony):
    built in memory, with an audit entry of who made it, for how many people and which columns."""
    permissions.require(user, PERMISSION)
    ceremony = get_ceremony(store, ceremony_id) if ceremony_id is not None else None
    if ceremony is None:
        chosen = people.iter_people(store, include_do_not_contact=False)
    else:
        ids = [row["person_id"] for row in invitations(store, ceremony_id)]
        chosen = people.iter_people(store, ids, include_do_not_contact=False)
    extra = ceremony_cells(ceremony) if ceremony else []
    if privacy:
        extra = [*extra, privacy_notice(store)]
    rows = [person_cells(person) + extra for person in sorted(chosen, key=_sort_key)]
    header = columns(ceremony is not None, privacy)
    data = write_csv(header, rows)
    audit.record(
        store,
        user.actor,
        "export.mailmerge",
        f"ceremony:{ceremony_id}" if ceremony else "people:all",
        count=len(rows),
        columns=header,
        ceremony=ceremony_id,
    )
    if ceremony:
        filename = t("exports.file.mailmerge_ceremony", id=ceremony_id)
    else:
        filename = t("exports.file.mailmerge_all")
    return ExportFile(filename, "text/csv", data, len(rows), header)
