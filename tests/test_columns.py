"""Column recognition, dropped columns and remembered manual mappings."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceremony import audit
from ceremony.errors import ImportRefused, InvalidInput
from ceremony.intake import columns
from tests.text_helpers import matching


@pytest.mark.parametrize(
    "header, field",
    [
        ("Rijksregisternummer", "national_number"),
        ("RIJKSREGISTERNUMMER", "national_number"),
        ("Rijksregister nr.", "national_number"),
        ("INSZ", "national_number"),
        ("RRN", "national_number"),
        ("National number", "national_number"),
        ("Naam", "last_name"),
        ("Familienaam", "last_name"),
        ("Achternaam", "last_name"),
        ("Last name", "last_name"),
        ("Voornaam", "first_name"),
        ("first_name", "first_name"),
        ("Adres", "address"),
        ("Straat", "street"),
        ("Huisnummer", "house_number"),
        ("Huisnr.", "house_number"),
        ("Bus", "box"),
        ("Postcode", "postcode"),
        ("Gemeente", "municipality"),
        ("Woonplaats", "municipality"),
        ("E-mail", "email"),
        ("E-mailadres", "email"),
        ("email", "email"),
        ("Telefoon", "phone"),
        ("Telefoonnummer", "phone"),
        ("GSM", "phone"),
        ("Tel.", "phone"),
        ("Datum attest", "certificate_date"),
        ("Attestdatum", "certificate_date"),
        ("Datum inburgeringsattest", "certificate_date"),
        ("  datum   INBURGERINGS-attest ", "certificate_date"),
        ("Certificate date", "certificate_date"),
        ("Téléfoon", "phone"),  # accents do not matter
    ],
)
def test_usual_headers_are_recognised(header, field):
    assert columns.detect([header]) == {header: field}


@given(
    st.sampled_from(sorted(columns._BY_ALIAS)),
    st.lists(st.sampled_from([" ", "-", ".", "_", "/", "'"]), max_size=3),
    st.booleans(),
)
def test_case_space_and_punctuation_do_not_matter(alias, noise, upper):
    # sprinkle noise between the letters and change the case: still the same field
    header = "".join(ch + (noise[i % len(noise)] if noise else "") for i, ch in enumerate(alias))
    header = header.upper() if upper else header.title()
    assert columns.detect([header]) == {header: columns._BY_ALIAS[alias]}


AGII = ["Rijksregisternummer", "Naam", "Voornaam", "Straat", "Huisnummer", "Bus", "Postcode",
        "Gemeente", "E-mailadres", "Telefoonnummer", "Datum inburgeringsattest"]


def test_unknown_columns_are_dropped_and_named():
    plan = columns.plan_columns([*AGII, "Nationaliteit", "Geboortedatum", "Taal", ""])
    assert plan.missing == []
    assert plan.dropped == ["Nationaliteit", "Geboortedatum", "Taal"]
    assert set(plan.columns) == {
        "national_number", "last_name", "first_name", "street", "house_number", "box", "postcode",
        "municipality", "email", "phone", "certificate_date",
    }


def test_missing_required_columns_are_listed():
    plan = columns.plan_columns(["Naam", "Voornaam", "Straat", "Gemeente"])
    assert plan.missing == ["national_number", "certificate_date", "address"]
    assert "rijksregisternummer" in plan.missing_labels()
    assert "adres" in plan.missing_labels()


def test_address_as_one_field_is_enough():
    plan = columns.plan_columns(["INSZ", "Naam", "Voornaam", "Adres", "Datum attest"])
    assert plan.missing == []


def test_first_matching_column_wins_the_other_is_dropped():
    plan = columns.plan_columns(["INSZ", "Rijksregisternummer", "Naam", "Voornaam", "Adres", "Datum attest"])
    assert plan.columns["national_number"] == 0
    assert plan.dropped == ["Rijksregisternummer"]


def test_manual_mapping_overrides_detection():
    headers = ["Nummer burger", "Naam", "Voornaam", "Adres", "Datum attest", "Nr"]
    plan = columns.plan_columns(headers, {"Nummer burger": "national_number", "Nr": None})
    assert plan.missing == []
    assert plan.columns["national_number"] == 0
    assert "Nr" in plan.dropped  # detected as house number, dropped by hand


def test_manual_mapping_is_checked():
    headers = ["A", "B", "Naam"]
    with pytest.raises(InvalidInput, match=matching("columns.field_twice")):
        columns.plan_columns(headers, {"A": "national_number", "B": "national_number"})
    with pytest.raises(InvalidInput, match=matching("columns.unknown_field")):
        columns.plan_columns(headers, {"A": "nationality"})
    with pytest.raises(InvalidInput, match=matching("columns.unknown_header")):
        columns.plan_columns(headers, {"Z": "national_number"})


def test_mapping_is_remembered_per_header_layout(store):
    headers = ["Nummer burger", "Naam", "Voornaam", "Adres", "Wanneer geslaagd"]
    manual = {"Nummer burger": "national_number", "Wanneer geslaagd": "certificate_date"}
    assert columns.load_mapping(store, headers) is None
    columns.save_mapping(store, "user:anna", headers, manual)
    # same layout, other order and spelling: recognised
    again = ["naam", "VOORNAAM", "nummer-burger", "Wanneer geslaagd", "adres"]
    remembered = columns.load_mapping(store, again)
    assert remembered == {"nummer-burger": "national_number", "Wanneer geslaagd": "certificate_date"}
    assert columns.plan_columns(again, remembered).missing == []
    # another layout: nothing remembered
    assert columns.load_mapping(store, [*headers, "Extra"]) is None
    entry = audit.entries(store, action="import.mapping_saved")[0]
    assert json.loads(entry["details"]) == {"fields": ["certificate_date", "national_number"]}
    assert audit.verify(store).ok


@pytest.mark.parametrize(
    "cell",
    ["85073000556", "85.07.30-005.56", "jan.peeters@example.org", "0470 12 34 56", "+32470123456",
     "+31 6 12345678", "2026-03-01", "01/03/2026", "2026-03-01T00:00:00", "9000", "12", "45000"],
)
def test_a_header_cell_that_reads_as_data_is_recognised(cell):
    assert columns.looks_like_data(cell)


@pytest.mark.parametrize("header", [*AGII, "Adres 2", "GSM 1", "Tel.", "Nationaliteit", "Kolom 2024", "E-mail", ""])
def test_ordinary_column_names_are_not_data(header):
    assert not columns.looks_like_data(header)


def test_a_first_row_of_data_is_refused_without_naming_a_value(store):
    first_row = ["85073000556", "Qvandenbossche", "Zuleyha", "Kwartelstraatje 17, 9000 Gent", "2026-03-01"]
    with pytest.raises(ImportRefused, match=matching("columns.no_header_row")) as refused:
        columns.plan_columns(first_row)
    message = str(refused.value)
    assert not any(value in message for value in first_row)
    # a manual mapping made on such "headers" is not remembered either
    with pytest.raises(ImportRefused):
        columns.save_mapping(store, "user:anna", first_row, {"85073000556": "national_number"})
    assert store.scalar("SELECT count(*) FROM column_mappings") == 0
    assert not audit.entries(store, action="import.mapping_saved")
