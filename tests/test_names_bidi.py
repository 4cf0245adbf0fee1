"""Bidi override and isolate characters in names never reach a screen, a mail header or an export.

`Ali\\u202egnp.exe` was shown as "Aliexe.png" on Onthaal, in the mail's To: and in the CSV:
an embedding, override or isolate character (U+202A-U+202E, U+2066-U+2069) reverses what
follows. Every record is opened in one place (`people.open_fields`), which passes names
and addresses through `names.neutral`; the zero-width non-joiner and joiner (U+200C,
U+200D) stay: Persian and Arabic names need them.
"""

from __future__ import annotations

import csv
import io

import docx

from ceremony import namecache, names, people
from ceremony.exports import letters as letter_exports
from ceremony.exports import mailmerge
from ceremony.exports.common import get_ceremony
from ceremony.mailing import message
from tests.ceremony_factory import add_people, ceremony_row, invite_directly
from tests.conftest import add_user

CONTROLS = [chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
SPOOFED = "Ali\u202egnp.exe"
PERSIAN = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # with a zero-width non-joiner
JOINED = "\u0644\u200d"  # with a zero-width joiner


def test_neutral_removes_every_bidi_control_and_keeps_the_joiners():
    for control in CONTROLS:
        assert names.neutral(f"Jan{control}ssen") == "Janssen"
    assert names.neutral(PERSIAN) == PERSIAN and names.neutral(JOINED) == JOINED
    assert names.neutral("Zoë D'Hondt – 12\u00a0bus 3") == "Zoë D'Hondt – 12\u00a0bus 3"


def spoofed_invitee(store):
    ceremony_id = ceremony_row(store, "Welkom", "2026-12-12", "14:30", "Stadhuis")
    spoofed, persian = add_people(store, [
        {"first_name": SPOOFED, "last_name": "Pe\u2067ters\u2069", "street": "Kerk\u202dstraat", "house_number": "1",
         "email": "ali@example.org"},
        {"first_name": PERSIAN, "last_name": JOINED, "street": "Veldstraat", "house_number": "2"},
    ])
    invite_directly(store, ceremony_id, [spoofed, persian], channel="brief")
    return ceremony_id, spoofed, persian


def assert_neutral(text: str) -> None:
    assert not any(control in text for control in CONTROLS), repr(text)
    assert "Alignp.exe" in text


def test_screens_mail_header_and_exports_show_no_bidi_control(store):
    ceremony_id, spoofed, persian = spoofed_invitee(store)
    coordinator = add_user(store, "carla", "coordinator")

    onthaal = namecache.lookup(store, f"invitees:{ceremony_id}", [spoofed, persian])  # Onthaal, Ceremonies
    assert_neutral(onthaal[spoofed].first_name + onthaal[spoofed].last_name)
    assert onthaal[persian].first_name == PERSIAN

    person = people.get_person(store, spoofed)  # Personen, Belronde, the dossier
    assert_neutral(person.full_name + person.street_line)
    mail = message.build_message(person.fields, person.email, get_ceremony(store, ceremony_id), store.settings())
    assert_neutral(str(mail["To"]))

    exported = mailmerge.export(store, coordinator, ceremony_id).data.decode("utf-8-sig")
    assert_neutral(exported)
    assert PERSIAN in exported and JOINED in exported
    assert [row for row in csv.reader(io.StringIO(exported), delimiter=";") if row[0] == "Alignp.exe"]

    letter = letter_exports.export(store, coordinator, ceremony_id).data
    assert_neutral("\n".join(p.text for p in docx.Document(io.BytesIO(letter)).paragraphs))
