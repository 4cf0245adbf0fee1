"""The demo generator: realistic synthetic deliveries with the quirks the importer must handle."""

import datetime as dt
import io
import random
import re
import zipfile
from collections import Counter

import phonenumbers
import pytest
from stdnum.be import bis, nn

from ceremony import demo, demo_files
from ceremony.config import parse_setting
from ceremony.errors import InvalidInput
from ceremony.intake.formats import read_delivery

TODAY = dt.date(2026, 6, 15)
COL = {name: i for i, name in enumerate([*demo.HEADERS, demo.EXTRA_HEADER])}


def valid_number(value) -> bool:
    digits = re.sub(r"\D", "", str(value)).zfill(11)
    return nn.is_valid(digits) or bis.is_valid(digits)


@pytest.fixture(scope="module")
def clean():
    return demo.synthetic_rows(300, seed=21, quirks=False, today=TODAY)


@pytest.fixture(scope="module")
def quirky():
    return demo.synthetic_rows(300, seed=21, quirks=True, today=TODAY)


def column(rows, name):
    return [row[COL[name]] for row in rows if any(cell is not None for cell in row)]


def test_same_seed_same_delivery_other_seed_other_delivery(quirky):
    assert demo.synthetic_rows(300, seed=21, quirks=True, today=TODAY) == quirky
    assert demo.synthetic_rows(300, seed=22, quirks=True, today=TODAY) != quirky


def test_clean_rows_have_valid_national_numbers_of_every_kind(clean):
    headers, rows = clean
    assert headers == demo.HEADERS and len(rows) == 300
    numbers = column(rows, "Rijksregisternummer")
    assert all(isinstance(n, str) and len(n) == 11 for n in numbers)
    assert all(valid_number(n) for n in numbers)
    months = Counter(int(n[2:4]) for n in numbers)
    assert sum(c for m, c in months.items() if m > 20) >= 10  # BIS numbers (+20 / +40)
    assert months[0] + months[20] + months[40] >= 5  # birth month unknown
    assert sum(1 for n in numbers if n[4:6] == "00") >= 8  # birth day unknown
    assert sum(1 for n in numbers if nn.is_valid(n) and nn.get_birth_year(n) >= 2000) >= 20
    assert len(set(numbers)) == 300


def test_phones_come_in_messy_but_parseable_forms(clean):
    phones = [p for p in column(clean[1], "Telefoonnummer") if p is not None]
    assert 250 <= len(phones) < 300  # some people have no phone number
    parsed = [phonenumbers.parse(str(p), "BE") for p in phones]
    assert all(phonenumbers.is_valid_number(p) for p in parsed)
    foreign = [p for p in parsed if p.country_code != 32]
    assert 5 <= len(foreign) <= 40
    forms = " ".join(phones)
    for pattern in (r"\+32", r"\b0032", r"/", r"\b4\d{8}\b", r"\b04\d\d \d\d"):
        assert re.search(pattern, forms), pattern


def test_addresses_mostly_in_gent_and_dates_mostly_recent(clean):
    rows = clean[1]
    postcodes = column(rows, "Postcode")
    home = sum(1 for p in postcodes if p in demo.HOME_POSTCODES)
    assert 0.75 * 300 <= home < 300
    assert {p for p in postcodes if p not in demo.HOME_POSTCODES}  # something to filter out
    ages = [(TODAY - d).days for d in column(rows, "Datum inburgeringsattest")]
    recent = sum(1 for a in ages if a <= 365)
    assert 0.7 * 300 <= recent < 300
    emails = [e for e in column(rows, "E-mailadres") if e]
    assert all(re.fullmatch(r"[a-z0-9.]+@example\.(org|com|net)", e) for e in emails)
    assert parse_setting("postcodes", demo.demo_settings()["postcodes"]) == sorted(demo.HOME_POSTCODES)


def test_quirks_are_all_present(quirky):
    headers, rows = quirky
    assert headers[-1] == "Nationaliteit"
    assert sum(1 for row in rows if all(cell is None for cell in row)) == 3
    numbers = column(rows, "Rijksregisternummer")
    as_int = [n for n in numbers if isinstance(n, int)]
    assert len([n for n in as_int if len(str(n)) <= 10]) >= 6  # leading zero lost
    assert any(isinstance(n, str) and re.fullmatch(r"\d\d\.\d\d\.\d\d-\d{3}\.\d\d", n) for n in numbers)
    assert any(isinstance(n, str) and " " in n for n in numbers)
    invalid = [n for n in numbers if not valid_number(n)]
    assert len(invalid) == 3  # bad check digits
    digits = Counter(re.sub(r"\D", "", str(n)).zfill(11) for n in numbers)
    assert sum(1 for c in digits.values() if c > 1) == 3  # duplicated national numbers
    assert sum(1 for name in column(rows, "Naam") if name is None) == 3
    assert any(isinstance(name, str) and name != name.strip() for name in column(rows, "Naam"))
    dates = column(rows, "Datum inburgeringsattest")
    assert any(isinstance(d, dt.date) for d in dates)
    for pattern in (r"\d\d/\d\d/\d{4}", r"\d{1,2}-\d{1,2}-\d{4}", r"\d{4}-\d\d-\d\d"):
        assert any(isinstance(d, str) and re.fullmatch(pattern, d) for d in dates), pattern


def test_names_in_several_scripts_are_kept_as_nfc(clean):
    names = column(clean[1], "Naam") + column(clean[1], "Voornaam")
    assert any(re.search(r"[\u0600-\u06ff]", n) for n in names)  # Arabic
    assert any(re.search(r"[\u0400-\u04ff]", n) for n in names)  # Cyrillic
    assert any(re.search(r"[çğışöüłźżąęéèë]", n) for n in names)


def test_xlsx_and_csv_writers_round_trip_typed_cells(quirky):
    headers, rows = quirky
    from_xlsx = read_delivery(demo_files.xlsx_bytes(headers, rows), None)
    from_csv = read_delivery(demo_files.csv_bytes(headers, rows), None)
    assert from_xlsx.headers == from_csv.headers == headers
    assert [n for n, _c in from_xlsx.rows] == [n for n, _c in from_csv.rows]
    assert len(from_xlsx.rows) == 300
    xlsx_numbers = [cells[0] for _n, cells in from_xlsx.rows]
    assert any(isinstance(v, int) and len(str(v)) == 10 for v in xlsx_numbers)  # stays numeric
    assert any(isinstance(cells[10], dt.date) for _n, cells in from_xlsx.rows)


def test_zipcrypto_writer_is_readable_by_the_standard_library():
    data = demo_files.zip_crypto("levering.csv", b"Naam;Voornaam\r\nA;B\r\n" * 50, "geheim", random.Random(2))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.infolist()[0]
        assert info.flag_bits & 1 and info.compress_type == zipfile.ZIP_DEFLATED
        assert archive.read("levering.csv", pwd=b"geheim") == b"Naam;Voornaam\r\nA;B\r\n" * 50


def test_write_demo_files_open_with_their_passwords(tmp_path):
    passwords = demo.write_demo(tmp_path / "demo", rows=60, seed=3)
    listing = (tmp_path / "demo" / "wachtwoorden.txt").read_text(encoding="utf-8")
    expected = {"levering-excel.xlsx": "xlsx-encrypted", "levering-zip-aes.zip": "zip-aes",
                "levering.sealed": "sealed"}
    tables = []
    for name, source in expected.items():
        assert f"{name}: {passwords[name]}" in listing
        table = read_delivery((tmp_path / "demo" / name).read_bytes(), passwords[name])
        assert table.source_format == source and len(table.rows) == 60
        tables.append(table)
    assert tables[0].headers == tables[1].headers == tables[2].headers
    with pytest.raises(InvalidInput):
        demo.write_demo(tmp_path / "demo", rows=10, seed=4)


def test_demo_cli(cli, tmp_path):
    out = tmp_path / "demo"
    result = cli("demo", "--out", out, "--rows", "40", "--seed", "9")
    assert result.code == 0, result.err
    for name in demo.FILES:
        assert str(out / name) in result.out
    assert "--seed 9" in result.out and "postcodes 9000," in result.out
    line = next(x for x in (out / "wachtwoorden.txt").read_text().splitlines() if x.startswith("levering.sealed"))
    table = read_delivery((out / "levering.sealed").read_bytes(), line.split(": ", 1)[1])
    assert len(table.rows) == 40
    again = cli("demo", "--out", out)
    assert again.code == 2 and "Traceback" not in again.err
