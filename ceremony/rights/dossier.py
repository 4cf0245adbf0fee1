"""A person's dossier: everything stored about them, and the access export (GDPR art. 15).

The dossier is built in memory from the person's sealed record, their delivery, their
invitations and call attempts (notes opened with `people.open_note`) and their purge
date. `render_json` and `render_csv` turn it into bytes for a download; nothing is
written to disk. Labels are Dutch, from the text catalogue, because the file is meant
for the person it is about.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from ceremony import deliveries, invitations, people, retention
from ceremony.clock import be_date, be_datetime, utc_iso
from ceremony.exports.mailmerge import write_csv
from ceremony.phone_round import attempts
from ceremony.texts import CATALOGUE, t

# invitation columns shown to the person, in order (workflow locks like claims are left out)
INVITATION_FIELDS = (
    "ceremony", "ceremony_date", "ceremony_time", "location", "channel", "invited_at", "answer",
    "companions", "reached", "attempts", "callback_at", "assigned_to", "present", "checked_in_at",
)
CALL_FIELDS = ("call_at", "ceremony", "caller", "outcome", "callback_at", "note")


@dataclass
class Dossier:
    """Everything stored about one person (decrypted, in memory only)."""

    person: people.Person
    created_at: str
    updated_at: str
    received_at: str
    purge_date: dt.date | None
    invitations: list[dict] = field(default_factory=list)
    calls: list[dict] = field(default_factory=list)


def build_dossier(store, person: people.Person) -> Dossier:
    """Collect a person's dossier (the caller checked the permission)."""
    row = people.rows.clear_row(store, person.id)
    received = deliveries.received_at(store, person.delivery_id)
    invited = invitations.of_person(store, person.id)
    called = attempts.of_person(store, person.id)
    for call in called:
        sealed = call.pop("note")
        call["note"] = people.open_note(store, person.delivery_id, call["uid"], sealed) if sealed else ""
    return Dossier(
        person=person,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        received_at=received,
        purge_date=retention.purge_date_of_person(store, person.id),
        invitations=invited,
        calls=called,
    )


# --- presentation ---------------------------------------------------------------------


def _yes_no(value) -> str:
    return t("rights.yes") if value else t("rights.no")


def _label(prefix: str, value: str | None) -> str:
    """A stored code (answer, outcome) in words when the catalogue has it."""
    if not value:
        return ""
    return CATALOGUE.get(f"{prefix}.{value}", value)


def _invitation_value(name: str, inv: dict) -> str:
    value = inv.get(name)
    if name in ("callback_at", "checked_in_at"):  # moments (UTC)
        return be_datetime(value)
    if name in ("invited_at", "ceremony_date"):  # calendar dates
        return be_date(value)
    if name in ("reached", "present"):
        return _yes_no(value)
    if name == "answer":
        return _label("ceremonies.answer", value)
    return "" if value is None else str(value)


def _call_value(name: str, call: dict) -> str:
    value = call.get(name)
    if name in ("call_at", "callback_at"):
        return be_datetime(value)
    if name == "outcome":
        return _label("calls.outcome", value)
    return "" if value is None else str(value)


def sections(store, dossier: Dossier) -> list[tuple[str, list[dict[str, str]]]]:
    """The dossier as (section label, list of {field label: text}) in reading order."""
    person = dossier.person
    field_label = lambda name: t(f"rights.field.{name}")  # noqa: E731
    person_part = {field_label(name): person.fields.get(name, "") for name in people.PERSONAL_FIELDS}
    person_part.update(
        {
            field_label("certificate_date"): be_date(person.certificate_date),
            field_label("do_not_contact"): _yes_no(person.do_not_contact),
            field_label("created_at"): be_datetime(dossier.created_at),
            field_label("updated_at"): be_datetime(dossier.updated_at),
        }
    )
    delivery_part = {
        field_label("delivery"): f"#{person.delivery_id}",
        field_label("received_at"): be_datetime(dossier.received_at),
        field_label("source"): t("rights.export.source_text"),
        field_label("purge_date"): be_date(dossier.purge_date),
    }
    about = {
        t("rights.export.made_at"): be_datetime(utc_iso()),
        t("rights.export.controller"): store.setting("controller") or store.setting("municipality"),
    }
    return [
        (t("rights.export.section.about"), [about]),
        (t("rights.export.section.person"), [person_part]),
        (t("rights.export.section.delivery"), [delivery_part]),
        (
            t("rights.export.section.invitations"),
            [{field_label(n): _invitation_value(n, inv) for n in INVITATION_FIELDS} for inv in dossier.invitations],
        ),
        (
            t("rights.export.section.calls"),
            [{field_label(n): _call_value(n, call) for n in CALL_FIELDS} for call in dossier.calls],
        ),
    ]


_LISTS = ("rights.export.section.invitations", "rights.export.section.calls")


def render_json(store, dossier: Dossier) -> bytes:
    """The access export as UTF-8 JSON: one object per section, lists for the history."""
    lists = {t(key) for key in _LISTS}
    data = {label: (items if label in lists else items[0]) for label, items in sections(store, dossier)}
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def render_csv(store, dossier: Dossier) -> bytes:
    """The access export as one CSV for Belgian Excel: UTF-8 with BOM, `;`, CRLF.

    Long format (section; field; value), one row per value, so the history fits too.
    The mail-merge writer makes a cell that a spreadsheet would run as a formula safe.
    """
    lists = {t(key) for key in _LISTS}
    rows = []
    for label, items in sections(store, dossier):
        for n, item in enumerate(items, start=1):
            section = t("rights.export.item", section=label, n=n) if label in lists else label
            rows.extend([section, name, value] for name, value in item.items())
    header = [t("rights.export.col.section"), t("rights.export.col.field"), t("rights.export.col.value")]
    return write_csv(header, rows)
