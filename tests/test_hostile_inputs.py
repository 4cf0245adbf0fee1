"""Hostile input: every case gives one clear Dutch sentence and stores nothing.

One table, each row a file as an attacker or a broken mailbox would hand it over, run
through the real import (the same function the page and the CLI call). Names that hold
markup are stored as text: see tests/e2e/test_browser_hostile.py for how they are shown.
"""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from ceremony.cli.common import operator
from ceremony.demo import synthetic_rows
from ceremony.demo_files import csv_bytes, encrypt_xlsx, xlsx_bytes, zip_aes
from ceremony.errors import ImportRefused
from ceremony.intake import importer
from tests.ceremony_factory import national_number

PASSWORD = "juist-wachtwoord-123"
HEADER = "Rijksregisternummer;Voornaam;Naam;Straat;Huisnummer;Postcode;Gemeente;Datum inburgeringsattest\r\n"


def _xlsx_encrypted() -> bytes:
    headers, rows = synthetic_rows(20, seed=3, quirks=False)
    return encrypt_xlsx(xlsx_bytes(headers, rows), PASSWORD)


def _flip(data: bytes, at: float) -> bytes:
    pos = int(len(data) * at)
    return data[:pos] + bytes([data[pos] ^ 0x5A]) + data[pos + 1 :]


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("levering.csv", HEADER.encode() + b"0" * (300 * 1024 * 1024))
    return out.getvalue()


def _million_rows() -> bytes:
    row = f"{national_number(1)};A;B;Straat;1;9000;Gent;01/01/2026\r\n"
    return (HEADER + row * 1_000_000).encode()


def _huge_cell() -> bytes:
    return (HEADER + f"{national_number(1)};{'x' * 10_000_000};B;Straat;1;9000;Gent;01/01/2026\r\n").encode()


CASES = {
    "empty file": (lambda: b"", None, "leeg"),
    "header only": (lambda: HEADER.encode(), None, "rijen"),
    "binary garbage named .xlsx": (lambda: bytes(range(256)) * 40, None, "aanvaard"),
    "truncated encrypted xlsx": (lambda: _xlsx_encrypted()[:3000], PASSWORD, "beschadigd"),
    "byte-flipped encrypted xlsx": (lambda: _flip(_xlsx_encrypted(), 0.7), PASSWORD, "beschadigd"),
    "byte-flipped AES zip": (
        lambda: _flip(zip_aes("l.csv", csv_bytes(*synthetic_rows(20, 3, quirks=False)), PASSWORD), 0.5),
        PASSWORD,
        "",
    ),
    "wrong password": (_xlsx_encrypted, "fout-wachtwoord", "wachtwoord"),
    "zip bomb": (_zip_bomb, None, "groter dan 200 MB"),
    "1,000,000 rows": (_million_rows, None, "rijen"),
    "10 MB cell": (_huge_cell, None, "cel"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_file_is_refused_and_nothing_is_stored(store, case):
    make, password, words = CASES[case]
    data = make()
    start = time.monotonic()
    with pytest.raises(ImportRefused) as info:
        importer.import_delivery(store, operator("beheerder"), data, password)
    elapsed = time.monotonic() - start
    message = str(info.value)
    assert words.lower() in message.lower(), message
    assert "\n" not in message and "Traceback" not in message and len(message) < 300
    assert national_number(1) not in message
    assert store.scalar("SELECT count(*) FROM people") == 0
    assert store.scalar("SELECT count(*) FROM deliveries") == 0
    assert elapsed < 60, f"{case} took {elapsed:.1f} s"


def test_names_with_markup_are_stored_exactly(store):
    """HTML, script, Markdown, SQL, formula text, RTL marks and emoji are data, stored as given
    (read back without the bidi override: `names.neutral`)."""
    names = ["<b>Vet</b>", "<script>alert(1)</script>", "**Ster**", "x'); DROP TABLE people;--",
             "=1+1", "\u202eOmgekeerd", "🎉Feest"]
    headers = ["Rijksregisternummer", "Voornaam", "Naam", "Straat", "Huisnummer", "Postcode", "Gemeente",
               "Datum inburgeringsattest"]
    import datetime as dt

    day = dt.date.today().strftime("%d/%m/%Y")
    rows = [[national_number(i), name, "Achternaam", "Straat", "1", "9000", "Gent", day] for i, name in enumerate(names)]
    report = importer.import_delivery(store, operator("beheerder"), csv_bytes(headers, rows), None)
    assert report.stored == len(names)
    from ceremony import people
    from ceremony.names import neutral

    assert sorted(p.first_name for p in people.iter_people(store)) == sorted(map(neutral, names))
    assert store.scalar("SELECT count(*) FROM people") == len(names)  # the SQL text did nothing
