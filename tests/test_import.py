"""The import: every row accounted for, the target group only, all or nothing.

Synthetic people only; `CEREMONY_FAKE_NOW` pins "today" to 15/06/2026, so the default
12-month window runs from 15/06/2025.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ceremony import admin, audit, demo_files, national_number, people
from ceremony.errors import AccessDenied, AlreadyReceived, ImportRefused, InvalidInput
from ceremony.intake import importer, reading, sealed
from ceremony.store import Store
from ceremony.texts import t
from tests.conftest import ADMIN, add_user, assert_absent, files_under
from tests.test_validate import make_nn
from tests.text_helpers import matching

NOW = "2026-06-15T10:00:00"
PW = "Proef-wachtwoord-42"
HEADERS = ["Rijksregisternummer", "Naam", "Voornaam", "Straat", "Huisnummer", "Bus", "Postcode",
           "Gemeente", "E-mailadres", "Telefoonnummer", "Datum inburgeringsattest"]
IN_WINDOW = dt.date(2026, 3, 1)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("CEREMONY_FAKE_NOW", NOW)


@pytest.fixture
def carla(store):
    """A coordinator, and the municipality's postcodes set."""
    admin.set_setting(store, ADMIN, "postcodes", "9000,9030")
    return add_user(store, "carla", "coordinator")


def nn_for(i: int) -> str:
    """A distinct valid national number per index."""
    return make_nn(1950 + i % 50, 1 + (i // 50) % 12, 1 + (i // 600) % 28, 1 + (i // 16800) % 997)


def person_row(i: int, **cells) -> list:
    """One valid, in-scope row (column order of HEADERS); keyword arguments replace cells."""
    values = {
        "Rijksregisternummer": nn_for(i), "Naam": f"Familienaam{i}", "Voornaam": f"Voornaam{i}",
        "Straat": "Proefstraat", "Huisnummer": str(1 + i % 90), "Bus": None, "Postcode": "9000",
        "Gemeente": "Gent", "E-mailadres": f"persoon{i}@example.org",
        "Telefoonnummer": f"0470 {i % 100:02d} {i % 97:02d} {i % 89:02d}",
        "Datum inburgeringsattest": IN_WINDOW,
    }
    values.update(cells)
    return [values[h] for h in HEADERS]


def delivery(rows: list[list], kind: str = "xlsx-encrypted", headers: list[str] = HEADERS) -> bytes:
    """A delivery file of the given kind, made with the real libraries, in memory."""
    if kind in ("csv", "sealed", "zip-zipcrypto"):
        plain = demo_files.csv_bytes(headers, rows)
    else:
        plain = demo_files.xlsx_bytes(headers, rows)
    return {
        "csv": lambda: plain,
        "xlsx": lambda: plain,
        "xlsx-encrypted": lambda: demo_files.encrypt_xlsx(plain, PW),
        "zip-aes": lambda: demo_files.zip_aes("levering.xlsx", plain, PW),
        "zip-zipcrypto": lambda: demo_files.zip_crypto("levering.csv", plain, PW),
        "sealed": lambda: sealed.seal_bytes(plain, PW),
    }[kind]()


def password_for(kind: str) -> str | None:
    return None if kind in ("csv", "xlsx") else PW


def stored(store) -> dict[str, people.Person]:
    """Everyone in the store, by national number."""
    return {p.national_number: p for p in people.iter_people(store)}


def counts(store) -> tuple[int, int, int]:
    return (
        store.scalar("SELECT count(*) FROM people"),
        store.scalar("SELECT count(*) FROM deliveries"),
        store.scalar("SELECT count(*) FROM audit WHERE action LIKE 'import.%'"),
    )


def accounted(report: importer.ImportReport) -> int:
    return (report.stored + report.updated + report.unchanged + report.duplicates
            + report.out_of_scope + len(report.rejected))


# --- formats and the report -------------------------------------------------------------


@pytest.mark.parametrize("kind", ["xlsx-encrypted", "zip-aes", "zip-zipcrypto", "sealed", "csv", "xlsx"])
def test_every_format_is_imported(store, carla, kind):
    rows = [person_row(i) for i in range(5)]
    report = importer.import_delivery(store, carla, delivery(rows, kind), password_for(kind))
    assert (report.rows, report.stored) == (5, 5)
    assert report.source_format == kind
    assert set(stored(store)) == {nn_for(i) for i in range(5)}
    if kind in ("csv", "xlsx", "zip-zipcrypto"):
        assert report.notices  # unencrypted or weak: said so


def test_report_counters_delivery_row_and_audit(store, carla):
    rows = [
        person_row(0),
        person_row(1, Rijksregisternummer=nn_for(1)[:9] + "00"),  # row 3: check digits wrong
        person_row(2, Voornaam=None),  # row 4
        person_row(3, **{"Datum inburgeringsattest": "31/02/2026"}),  # row 5
        person_row(4, **{"Datum inburgeringsattest": dt.date(2024, 1, 10)}),  # too old
        person_row(5, Postcode="2000", Gemeente="Antwerpen"),  # elsewhere
        person_row(6, Naam="Anders", Rijksregisternummer=nn_for(0)),  # row 8: duplicate of row 2
        person_row(7, **{"E-mailadres": "geen e-mail", "Telefoonnummer": "12"}),  # row 9: warnings
        person_row(8),
    ]
    headers = [*HEADERS, "Nationaliteit"]
    rows = [[*r, "Syrië"] for r in rows]
    report = importer.import_delivery(store, carla, delivery(rows, headers=headers), PW)
    assert report.to_json() == {
        "delivery_id": report.delivery_id,
        "rows": 9,
        "stored": 3,
        "updated": 0,
        "unchanged": 0,
        "duplicates": 1,
        "out_of_scope": 2,
        "out_of_scope_reasons": {"window": 1, "postcodes": 1, "objected": 0},
        "rejected": [
            {"row": 3, "reason": t("validate.nn.checksum")},
            {"row": 4, "reason": t("validate.first_name.missing")},
            {"row": 5, "reason": t("validate.date.unreadable")},
        ],
        "warnings": [
            {"row": 9, "reason": t("validate.email.unusable")},
            {"row": 9, "reason": t("validate.phone.unusable")},
        ],
        "dropped_columns": ["Nationaliteit"],
        "notices": [],
    }
    assert "rij 3: rijksregisternummer ongeldig (controlegetal)" in report.lines()
    warned = stored(store)[nn_for(7)]
    assert (warned.email, warned.phone, warned.first_name) == ("", "", "Voornaam7")
    row = store.one("SELECT * FROM deliveries WHERE id = ?", [report.delivery_id])
    assert (row["rows"], row["stored"], row["duplicates"], row["out_of_scope"], row["rejected"], row["warnings"]) == (
        9, 3, 1, 2, 3, 2)
    assert json.loads(row["dropped_columns"]) == 1  # the count only: a column name may be a value
    entry = audit.entries(store, action="import.delivery")[0]
    details = json.loads(entry["details"])
    assert entry["actor"] == "user:carla" and entry["target"] == f"delivery:{report.delivery_id}"
    assert (details["stored"], details["rejected"], details["format"]) == (3, 3, "xlsx-encrypted")
    assert details["dropped_columns"] == 1
    everything = json.dumps(audit.entries(store), ensure_ascii=False)
    for needle in ("Familienaam", "Voornaam0", nn_for(0), "Syrië", "persoon0"):
        assert needle not in everything


def test_nationality_never_reaches_the_store(store, carla, data_dir):
    marker = "Zqxnationaliteit" + secrets.token_hex(4)
    rows = [[*person_row(0), marker]]
    importer.import_delivery(store, carla, delivery(rows, headers=[*HEADERS, "Nationaliteit"]), PW)
    assert "Nationaliteit" not in json.dumps(stored(store)[nn_for(0)].fields)
    store.close()
    assert_absent(data_dir, [marker.encode()])


# --- the quirks of real files ----------------------------------------------------------


def test_quirk_excel_number_lost_its_leading_zero(store, carla):
    number = make_nn(2004, 2, 29, 77)  # born 2004: starts with 0
    report = importer.import_delivery(store, carla, delivery([person_row(0, Rijksregisternummer=int(number))]), PW)
    assert report.stored == 1
    assert stored(store)[number].national_number == number == "0" + str(int(number))


def test_quirk_national_number_with_dots_dashes_spaces(store, carla):
    numbers = [nn_for(i) for i in range(3)]
    spelled = [
        f"{numbers[0][:2]}.{numbers[0][2:4]}.{numbers[0][4:6]}-{numbers[0][6:9]}.{numbers[0][9:]}",
        f"{numbers[1][:6]} {numbers[1][6:9]} {numbers[1][9:]}",
        f"{numbers[2][:6]}-{numbers[2][6:9]}-{numbers[2][9:]}",
    ]
    rows = [person_row(i, Rijksregisternummer=cell) for i, cell in enumerate(spelled)]
    assert importer.import_delivery(store, carla, delivery(rows, "csv"), None).stored == 3
    assert set(stored(store)) == set(numbers)


def test_quirk_bis_number_and_unknown_birth_date(store, carla):
    bis = make_nn(1991, 4, 12, 55, bis=20)
    unknown = make_nn(1988, 0, 0, 321)
    rows = [person_row(0, Rijksregisternummer=bis), person_row(1, Rijksregisternummer=unknown)]
    report = importer.import_delivery(store, carla, delivery(rows), PW)
    assert report.stored == 2
    assert {bis, unknown} == set(stored(store))


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("470123456", "+32470123456"),  # leading 0 lost
        (470123456, "+32470123456"),  # ... as an Excel number
        ("0470 12 34 56", "+32470123456"),
        ("0470/12.34.56", "+32470123456"),
        ("0032 470 12 34 56", "+32470123456"),
        ("+32 470 12 34 56", "+32470123456"),
        ("09/233.45.67", "+3292334567"),
        ("+31 6 12345678", "+31612345678"),
    ],
)
def test_quirk_phone_numbers_stored_as_e164(store, carla, cell, expected):
    importer.import_delivery(store, carla, delivery([person_row(0, Telefoonnummer=cell)]), PW)
    assert stored(store)[nn_for(0)].phone == expected


@pytest.mark.parametrize(
    "cell, kind",
    [
        (dt.date(2026, 3, 1), "xlsx-encrypted"),  # a date cell
        (46082, "xlsx-encrypted"),  # an Excel serial number in a number cell
        ("01/03/2026", "csv"),
        ("1-3-2026", "csv"),
        ("2026-03-01", "csv"),
        ("1.3.2026", "csv"),
    ],
)
def test_quirk_certificate_date_forms(store, carla, cell, kind):
    rows = [person_row(0, **{"Datum inburgeringsattest": cell})]
    importer.import_delivery(store, carla, delivery(rows, kind), password_for(kind))
    assert stored(store)[nn_for(0)].certificate_date == "2026-03-01"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252"])
@pytest.mark.parametrize("sep", [";", ","])
def test_quirk_csv_encodings_and_separators(store, carla, encoding, sep):
    rows = [person_row(0, Naam="Çelik-Noël", Voornaam="Zoë", Straat="Rue Général Leman")]
    data = demo_files.csv_bytes(HEADERS, rows, sep=sep, encoding=encoding)
    importer.import_delivery(store, carla, data, None)
    person = stored(store)[nn_for(0)]
    assert (person.last_name, person.first_name, person.street) == ("Çelik-Noël", "Zoë", "Rue Général Leman")


def test_quirk_stray_spaces_and_empty_rows_keep_excel_row_numbers(store, carla):
    rows = [
        person_row(0, Naam="  Peeters ", Voornaam=" An", Gemeente="Gent  ", Postcode=" 9000 "),
        [None] * len(HEADERS),  # row 3 empty
        [None] * len(HEADERS),  # row 4 empty
        person_row(1, Voornaam=None),  # row 5
    ]
    report = importer.import_delivery(store, carla, delivery(rows), PW)
    assert report.rows == 2
    assert [(i.row, i.reason) for i in report.rejected] == [(5, t("validate.first_name.missing"))]
    person = stored(store)[nn_for(0)]
    assert (person.last_name, person.first_name, person.municipality, person.postcode) == ("Peeters", "An", "Gent", "9000")


def test_quirk_address_in_one_field_and_email_normalised(store, carla):
    headers = ["INSZ", "Familienaam", "Voornaam", "Adres", "E-mail", "GSM", "Attestdatum"]
    rows = [[nn_for(0), "Peeters", "An", "Kerkstraat 12 bus 3, 9000 Gent", " An.Peeters@EXAMPLE.org ", None, "01/03/2026"],
            [nn_for(1), "Janssens", "Jo", "Kerkstraat 12/3 2000 Antwerpen", None, None, "01/03/2026"]]
    report = importer.import_delivery(store, carla, delivery(rows, "csv", headers), None)
    assert (report.stored, report.out_of_scope) == (1, 1)  # Antwerpen is not ours
    person = stored(store)[nn_for(0)]
    assert (person.street, person.house_number, person.box, person.postcode, person.municipality) == (
        "Kerkstraat", "12", "3", "9000", "Gent")
    assert person.email == "An.Peeters@example.org"


# --- scope and known people -------------------------------------------------------------


def test_window_edges(store, carla):
    rows = [
        person_row(0, **{"Datum inburgeringsattest": dt.date(2025, 6, 15)}),  # first day in
        person_row(1, **{"Datum inburgeringsattest": dt.date(2025, 6, 14)}),  # a day too old
        person_row(2, **{"Datum inburgeringsattest": dt.date(2026, 6, 15)}),  # today
        person_row(3, **{"Datum inburgeringsattest": dt.date(2026, 6, 16)}),  # the future
    ]
    report = importer.import_delivery(store, carla, delivery(rows), PW)
    assert set(stored(store)) == {nn_for(0), nn_for(2)}
    assert report.out_of_scope == 2


def test_24_month_window(store, carla):
    admin.set_setting(store, ADMIN, "certificate_window_months", "24")
    rows = [person_row(0, **{"Datum inburgeringsattest": dt.date(2024, 7, 1)})]
    assert importer.import_delivery(store, carla, delivery(rows), PW).stored == 1


def test_without_postcodes_nobody_is_filtered_and_the_report_says_so(store):
    carla = add_user(store, "carla", "coordinator")
    rows = [person_row(0, Postcode="2000"), person_row(1, Postcode=None)]
    report = importer.import_delivery(store, carla, delivery(rows), PW)
    assert report.stored == 2
    assert t("intake.no_postcodes") in report.notices
    assert [i.reason for i in report.warnings] == [t("validate.postcode.missing")]


def test_reimport_adds_nobody_and_moves_people_to_the_new_delivery(store, carla):
    data = delivery([person_row(i) for i in range(4)])
    first = importer.import_delivery(store, carla, data, PW)
    with pytest.raises(AlreadyReceived):  # the same delivery again: only on purpose
        importer.import_delivery(store, carla, data, PW)
    again = importer.import_delivery(store, carla, data, PW, again=True)
    assert (again.stored, again.unchanged, again.updated) == (0, 4, 0)
    assert store.scalar("SELECT count(*) FROM people") == 4
    assert {p.delivery_id for p in stored(store).values()} == {again.delivery_id}
    assert again.delivery_id != first.delivery_id
    assert t("intake.retention_reset") in again.notices


def test_changed_contact_data_is_updated_and_audited_without_values(store, carla):
    importer.import_delivery(store, carla, delivery([person_row(0), person_row(1)]), PW)
    changed = person_row(0, **{"E-mailadres": "nieuw.adres@example.org", "Telefoonnummer": None})
    report = importer.import_delivery(store, carla, delivery([changed, person_row(1)]), PW)
    assert (report.updated, report.unchanged) == (1, 1)
    person = stored(store)[nn_for(0)]
    assert person.email == "nieuw.adres@example.org"
    assert person.phone.startswith("+32470")  # an empty cell keeps what we had
    entry = audit.entries(store, action="import.update")[0]
    assert entry["target"] == f"person:{person.id}"
    assert json.loads(entry["details"]) == {"delivery": report.delivery_id, "fields": ["email"]}


def test_people_who_objected_are_not_added_again(store, carla):
    with store.write() as db:
        db.execute("INSERT INTO objections(blind_index, created_at) VALUES (?, ?)",
                   [national_number.blind_index(store.keys, nn_for(1)), "2026-01-01T00:00:00Z"])
    report = importer.import_delivery(store, carla, delivery([person_row(0), person_row(1)]), PW)
    assert set(stored(store)) == {nn_for(0)}
    assert (report.stored, report.out_of_scope, report.objected) == (1, 1, 1)
    assert t("intake.objected", n=1) in report.notices


def test_out_of_scope_rows_are_counted_by_reason_and_kept_per_delivery(store, carla):
    with store.write() as db:
        db.execute("INSERT INTO objections(blind_index, created_at) VALUES (?, ?)",
                   [national_number.blind_index(store.keys, nn_for(4)), "2026-01-01T00:00:00Z"])
    rows = [
        person_row(0),
        person_row(1, **{"Datum inburgeringsattest": dt.date(2025, 6, 14)}),  # a day too old
        person_row(2, **{"Datum inburgeringsattest": dt.date(2026, 6, 16)}),  # the future
        person_row(3, Postcode="2000"),  # not ours
        person_row(4),  # objected earlier
    ]
    report = importer.import_delivery(store, carla, delivery(rows), PW)
    assert report.out_of_scope == 4
    assert report.reasons() == {"window": 2, "postcodes": 1, "objected": 1}
    assert ("Waarom 4 buiten de doelgroep: 2 met een inburgeringsattest buiten de ingestelde termijn, "
            "1 met een postcode buiten de gemeente, 1 die eerder bezwaar maakte.") in report.lines()
    row = store.one("SELECT * FROM deliveries WHERE id = ?", [report.delivery_id])
    assert (row["outside_window"], row["outside_postcodes"], row["objected"]) == (2, 1, 1)
    details = json.loads(audit.entries(store, action="import.delivery")[0]["details"])
    assert (details["outside_window"], details["outside_postcodes"], details["objected"]) == (2, 1, 1)


# --- every row accounted for: the property ------------------------------------------------

KINDS = ["valid", "valid", "bad_nn", "no_name", "bad_date", "old", "future", "elsewhere", "dup", "known", "known_changed"]


def build_rows(kinds: list[str]) -> tuple[list[list], list[list], dict[str, tuple[str, str]]]:
    """(rows of a first delivery, rows of the delivery under test, expected people by number)."""
    first, rows, expected = [], [], {}
    valid_numbers: list[str] = []
    for i, kind in enumerate(kinds):
        row = person_row(i)
        if kind == "bad_nn":
            row[0] = row[0][:9] + f"{(int(row[0][9:]) + 1) % 97:02d}"
        elif kind == "no_name":
            row[1] = None
        elif kind == "bad_date":
            row[10] = "32/13/2026"
        elif kind == "old":
            row[10] = dt.date(2023, 1, 1)
        elif kind == "future":
            row[10] = dt.date(2027, 1, 1)
        elif kind == "elsewhere":
            row[6] = "8000"
        elif kind == "dup" and valid_numbers:
            row[0] = valid_numbers[i % len(valid_numbers)]
        elif kind in ("known", "known_changed"):
            first.append(list(row))
            expected[row[0]] = (row[2], row[1])
            if kind == "known_changed":
                row[8] = f"veranderd{i}@example.org"
        if kind not in ("bad_nn", "no_name", "bad_date"):
            valid_numbers.append(row[0])
        if kind in ("valid", "known", "known_changed") or (kind == "dup" and len(valid_numbers) == 1):
            expected.setdefault(row[0], (row[2], row[1]))
        rows.append(row)
    return first, rows, expected


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(KINDS), min_size=1, max_size=14))
def test_every_row_is_accounted_for_and_only_the_target_group_is_stored(tmp_path, kinds):
    with tempfile.TemporaryDirectory(dir=tmp_path) as tmp:
        store = Store.open(Path(tmp) / "data", create=True)
        try:
            admin.set_setting(store, ADMIN, "postcodes", "9000")
            carla = add_user(store, "carla", "coordinator")
            first, rows, expected = build_rows(kinds)
            if first:
                importer.import_delivery(store, carla, delivery(first, "csv"), None)
            # (rows of "known" only are the first delivery again: imported on purpose here)
            report = importer.import_delivery(store, carla, delivery(rows, "csv"), None, again=True)
            assert accounted(report) == report.rows == len(rows)
            people_now = stored(store)
            assert {n: (p.first_name, p.last_name) for n, p in people_now.items()} == expected
            assert report.updated == kinds.count("known_changed")
        finally:
            store.close()


# --- all or nothing -----------------------------------------------------------------------


def test_wrong_password_stores_nothing(store, carla):
    before = counts(store)
    with pytest.raises(ImportRefused, match=matching("formats.wrong_password")):
        importer.import_delivery(store, carla, delivery([person_row(0)]), "verkeerd")
    assert counts(store) == before == (0, 0, 0)


@pytest.mark.parametrize("kind", ["xlsx-encrypted", "zip-aes", "sealed"])
def test_one_changed_byte_stores_nothing(store, carla, kind):
    data = bytearray(delivery([person_row(i) for i in range(3)], kind))
    data[len(data) // 2] ^= 0x01
    with pytest.raises(ImportRefused):
        importer.import_delivery(store, carla, bytes(data), PW)
    assert counts(store) == (0, 0, 0)


def test_a_file_without_data_rows_is_refused(store, carla):
    with pytest.raises(ImportRefused, match=matching("intake.no_rows")):
        importer.import_delivery(store, carla, delivery([]), PW)
    assert counts(store) == (0, 0, 0)


@pytest.mark.parametrize("kind", ["csv", "xlsx-encrypted"])
def test_a_file_without_header_row_is_refused_and_no_value_is_kept(store, carla, data_dir, kind):
    first = [v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v or "" for v in person_row(0)]
    rest = [person_row(i) for i in range(1, 4)]
    data = delivery(rest, kind, headers=first)  # the first person's values stand where the headers belong
    with pytest.raises(ImportRefused) as refused:
        reading.preview(data, password_for(kind), store=store)
    assert refused.value.code == "columns.no_header_row"
    mapping = {first[0]: "national_number", first[1]: "last_name"}
    for manual in (None, mapping):  # also when somebody maps those "headers" by hand
        with pytest.raises(ImportRefused, match=matching("columns.no_header_row")) as refused:
            importer.import_delivery(store, carla, data, password_for(kind), mapping=manual)
        assert "Familienaam0" not in str(refused.value) and nn_for(0) not in str(refused.value)
    assert counts(store) == (0, 0, 0)
    assert store.scalar("SELECT count(*) FROM column_mappings") == 0
    assert not audit.entries(store, action="import.delivery")
    store.close()
    assert_absent(data_dir, [b"Familienaam0", nn_for(0).encode(), b"persoon0@example.org"])


def test_older_deliveries_forget_dropped_column_names_on_upgrade(data_dir):
    store = Store.open(data_dir, create=True)
    with store.write() as db:
        db.execute(
            "INSERT INTO deliveries(received_at, received_by, source_format, dropped_columns) VALUES (?,?,?,?)",
            ["2026-01-01T10:00:00Z", "test", "csv", json.dumps(["Familienaam0", "Nationaliteit"])],
        )
        db.execute(
            "INSERT INTO column_mappings(signature, mapping, updated_at) VALUES (?,?,?)",
            ["headerless", json.dumps({nn_for(0): "national_number", "familienaam0": "last_name"}), "x"],
        )
        db.execute(
            "INSERT INTO column_mappings(signature, mapping, updated_at) VALUES (?,?,?)",
            ["fine", json.dumps({"nummerburger": "national_number"}), "x"],
        )
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm102_intake_forget_dropped_column_names'")
    store.close()
    store = Store.open(data_dir)  # the upgrade runs the migration again
    assert store.scalar("SELECT dropped_columns FROM deliveries") == "2"
    assert [r["signature"] for r in store.rows("SELECT signature FROM column_mappings")] == ["fine"]
    assert store.meta("compact_pending")
    store.close()


def test_an_error_halfway_stores_nothing(store, carla, monkeypatch):
    calls = {"n": 0}
    real = people._payload

    def failing(fields):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real(fields)

    monkeypatch.setattr(people, "_payload", failing)
    with pytest.raises(RuntimeError):
        importer.import_delivery(store, carla, delivery([person_row(i) for i in range(5)]), PW)
    assert calls["n"] == 3
    assert counts(store) == (0, 0, 0)


def test_an_error_while_updating_known_people_changes_nothing(store, carla, monkeypatch):
    first = importer.import_delivery(store, carla, delivery([person_row(i) for i in range(3)]), PW)
    before = counts(store)
    real = people.rewrite_person
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("power cut")
        return real(*args, **kwargs)

    monkeypatch.setattr(people, "rewrite_person", failing)
    changed = [person_row(i, Telefoonnummer="0470 99 99 99") for i in range(3)] + [person_row(9)]
    with pytest.raises(RuntimeError):
        importer.import_delivery(store, carla, delivery(changed), PW)
    assert counts(store) == before
    assert {p.delivery_id for p in stored(store).values()} == {first.delivery_id}
    assert all(p.phone != "+32470999999" for p in stored(store).values())


def test_missing_required_column_is_refused_until_mapped_by_hand(store, carla):
    headers = ["Nummer burger", *HEADERS[1:]]
    data = delivery([person_row(0)], headers=headers)
    with pytest.raises(InvalidInput) as refused:
        importer.import_delivery(store, carla, data, PW)
    assert refused.value.code == "intake.missing_columns"
    assert t("columns.field.national_number") in str(refused.value)
    assert counts(store) == (0, 0, 0)
    report = importer.import_delivery(store, carla, data, PW, mapping={"Nummer burger": "national_number"})
    assert report.stored == 1
    # remembered: the next delivery with these headers needs no mapping
    assert importer.import_delivery(store, carla, delivery([person_row(1)], headers=headers), PW).stored == 1
    assert audit.entries(store, action="import.mapping_saved")


def test_beller_may_not_import(store, carla):
    bert = add_user(store, "bert", "beller")
    with pytest.raises(AccessDenied):
        importer.import_delivery(store, bert, delivery([person_row(0)]), PW)
    assert store.scalar("SELECT count(*) FROM people") == 0


def test_preview_masks_national_numbers_and_stores_nothing(store, carla):
    number = make_nn(1985, 7, 30, 33)
    invalid = "85073003399"
    rows = [[*person_row(0, Rijksregisternummer=number), nn_for(5)],
            [*person_row(1, Rijksregisternummer=invalid), "geen"]]
    shown = reading.preview(delivery(rows, headers=[*HEADERS, "Ander nummer"]), PW, store=store)
    assert shown.row_count == 2 and shown.plan.missing == []
    assert [cells[0] for _, cells in shown.rows] == ["85.07.**-***.**", "***********"]
    assert shown.rows[0][1][-1].endswith("**-***.**")  # a number in another column is masked too
    for secret in (number, invalid, nn_for(5)):
        assert secret not in json.dumps(shown.rows)
    assert [row for row, _ in shown.rows] == [2, 3]  # Excel row numbers
    assert shown.rows[0][1][2] == "Voornaam0"  # the rest is shown to check the mapping
    assert counts(store) == (0, 0, 0)


# --- no plaintext anywhere on disk -------------------------------------------------------


_opened_for_writing: list[str] | None = None  # paths, while `watching_writes` is on


def _note_writes(event: str, args: tuple) -> None:
    if event != "open" or _opened_for_writing is None:
        return
    path, mode, flags = args
    if isinstance(path, int):  # an already open descriptor, not a new file
        return
    writes = isinstance(mode, str) and any(c in mode for c in "wax+")
    writes |= isinstance(flags, int) and flags > 0 and bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
    if writes:
        _opened_for_writing.append(os.fsdecode(path))


@contextmanager
def watching_writes() -> Iterator[list[str]]:
    """Every file this process opens for writing meanwhile (Python's "open" audit event)."""
    global _opened_for_writing
    if not getattr(sys, "_ceremony_write_hook", False):  # audit hooks cannot be removed: add one
        sys.addaudithook(_note_writes)
        sys._ceremony_write_hook = True
    _opened_for_writing = []
    try:
        yield _opened_for_writing
    finally:
        _opened_for_writing = None


def test_no_plaintext_name_on_disk_after_import(store, carla, data_dir, tmp_path, monkeypatch):
    private_tmp = tmp_path / "tmp"  # where tempfile would put anything, during the import
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    started = time.time() - 1
    tag = secrets.token_hex(5)
    names = [(f"Zqxvoor{tag}{i}", f"Wvkfam{tag}{i}") for i in range(20)]
    rows = [person_row(i, Voornaam=first, Naam=last) for i, (first, last) in enumerate(names)]
    source = delivery(rows)
    with watching_writes() as written:
        report = importer.import_delivery(store, carla, source, PW)
    assert report.stored == 20
    # the names are really in the store (decrypted through the one place that may)
    assert {p.first_name for p in stored(store).values()} == {first for first, _ in names}
    # Python opened nothing for writing but the store's own files
    assert [path for path in written if not Path(path).resolve().is_relative_to(data_dir.resolve())] == []
    needles = [name.encode() for pair in names for name in pair]
    needles += [name.encode("utf-16-le") for pair in names for name in pair]
    assert_absent(data_dir, needles)
    assert list(files_under(private_tmp)) == []
    # and no file anywhere under the system's temp directory written since, small enough to
    # hold this delivery (other test workers write large files there at the same time)
    found = re.compile(b"|".join(re.escape(needle) for needle in needles))
    for path in files_under(Path("/tmp")):
        try:
            info = path.stat()
            if info.st_mtime < started or info.st_size > 50 * len(source) or not path.is_file():
                continue
            content = path.read_bytes()
        except OSError:
            continue
        assert not found.search(content), f"plaintext name in {path}"


def test_records_are_sealed(store, carla):
    importer.import_delivery(store, carla, delivery([person_row(0)]), PW)
    row = store.one("SELECT * FROM people")
    assert b"Voornaam0" not in row["record"] and nn_for(0).encode() not in row["record"]
    assert row["blind_index"] != nn_for(0)
