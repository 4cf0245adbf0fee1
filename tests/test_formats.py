"""Reading a delivery: every accepted format, detection by content, notices, CSV details.

Files are made in memory with the real libraries (XlsxWriter, msoffcrypto-tool, pyzipper,
the sealed format) from synthetic rows; refusals and limits are in test_formats_limits.py.
"""

import datetime as dt
import io
import random

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ceremony import demo, demo_files
from ceremony.errors import ImportRefused
from ceremony.intake import sealed
from ceremony.intake.formats import RawTable, detect_format, needs_password, read_delivery
from ceremony.texts import t

PASSWORD = "Geheim-Wachtwoord-42"
TODAY = dt.date(2026, 6, 15)


@pytest.fixture(scope="module")
def table():
    """40 synthetic people, clean, with typed cells (str, date, None)."""
    return demo.synthetic_rows(40, seed=11, quirks=False, today=TODAY)


def as_text(cell):
    """What a CSV export of a typed cell reads back as."""
    if cell is None:
        return None
    if isinstance(cell, dt.date):
        return cell.strftime("%d/%m/%Y")
    return str(cell).strip() or None


def expected(rows, typed: bool):
    """Rows numbered as in the spreadsheet (header = row 1), cells as the reader gives them."""
    out = []
    for number, row in enumerate(rows, start=2):
        if all(cell is None for cell in row):
            continue
        cells = [(cell.strip() or None) if isinstance(cell, str) else cell for cell in row]
        out.append((number, cells if typed else [as_text(cell) for cell in row]))
    return out


def containers(headers, rows):
    """Every accepted way to deliver the same table: (bytes, password, source format, typed)."""
    plain_xlsx = demo_files.xlsx_bytes(headers, rows)
    plain_csv = demo_files.csv_bytes(headers, rows)
    return {
        "xlsx-encrypted": (demo_files.encrypt_xlsx(plain_xlsx, PASSWORD), PASSWORD, True),
        "zip-aes/csv": (demo_files.zip_aes("levering.csv", plain_csv, PASSWORD), PASSWORD, False),
        "zip-aes/xlsx": (demo_files.zip_aes("map/levering.xlsx", plain_xlsx, PASSWORD), PASSWORD, True),
        "zip-zipcrypto": (demo_files.zip_crypto("levering.csv", plain_csv, PASSWORD, random.Random(3)), PASSWORD, False),
        "sealed/csv": (sealed.seal_bytes(plain_csv, PASSWORD), PASSWORD, False),
        "sealed/xlsx": (sealed.seal_bytes(plain_xlsx, PASSWORD), PASSWORD, True),
        "xlsx": (plain_xlsx, None, True),
        "csv": (plain_csv, None, False),
        "zip-plain/csv": (demo_files.zip_plain("levering.csv", plain_csv), None, False),
    }


@pytest.fixture(scope="module")
def files(table):
    return containers(*table)


SOURCE = {"xlsx-encrypted": "xlsx-encrypted", "zip-aes/csv": "zip-aes", "zip-aes/xlsx": "zip-aes",
          "zip-zipcrypto": "zip-zipcrypto", "sealed/csv": "sealed", "sealed/xlsx": "sealed",
          "xlsx": "xlsx", "csv": "csv", "zip-plain/csv": "csv"}


@pytest.mark.parametrize("variant", list(SOURCE))
def test_every_format_reads_back_the_same_table(variant, files, table):
    headers, rows = table
    data, password, typed = files[variant]
    result = read_delivery(data, password)
    assert isinstance(result, RawTable)
    assert result.headers == headers
    assert result.rows == expected(rows, typed)
    assert result.source_format == SOURCE[variant]


def test_detection_is_by_content(files):
    kinds = {variant: detect_format(data) for variant, (data, _pw, _typed) in files.items()}
    assert kinds == {
        "xlsx-encrypted": "xlsx-encrypted", "zip-aes/csv": "zip", "zip-aes/xlsx": "zip",
        "zip-zipcrypto": "zip", "sealed/csv": "sealed", "sealed/xlsx": "sealed",
        "xlsx": "xlsx", "csv": "csv", "zip-plain/csv": "zip",
    }
    needs = {variant: needs_password(data) for variant, (data, _pw, _typed) in files.items()}
    assert needs == {variant: password is not None for variant, (_d, password, _t) in files.items()}


@pytest.mark.parametrize("garbage", [
    bytes(range(256)) * 40,
    random.Random(5).randbytes(5000),
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x00\x00",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
])
def test_binary_garbage_is_refused_naming_the_accepted_formats(garbage):
    with pytest.raises(ImportRefused) as refused:
        read_delivery(garbage, "x")
    message = str(refused.value)
    assert message == t("formats.unsupported")
    for words in ("Excel-bestand (.xlsx)", "ZIP-bestand (AES)", "verzegeld bestand", "onversleuteld CSV"):
        assert words in message


def test_notices_for_unencrypted_and_weak_files(files):
    unencrypted, weak = t("formats.notice.unencrypted"), t("formats.notice.zipcrypto")
    notices = {variant: read_delivery(data, pw).notices for variant, (data, pw, _t) in files.items()}
    assert notices["csv"] == [unencrypted]
    assert notices["xlsx"] == [unencrypted]
    assert notices["zip-plain/csv"] == [unencrypted]
    assert notices["zip-zipcrypto"] == [weak]
    for variant in ("xlsx-encrypted", "zip-aes/csv", "zip-aes/xlsx", "sealed/csv", "sealed/xlsx"):
        assert notices[variant] == []


def test_password_with_surrounding_spaces_from_a_text_field_still_opens(files):
    data, password, _typed = files["zip-aes/csv"]
    assert read_delivery(data, f"  {password} \n").source_format == "zip-aes"


# --- CSV details ---------------------------------------------------------------------------


def test_csv_cp1252_with_accents_and_comma_separator():
    data = "Naam,Voornaam,Gemeente\r\nDe Brouwère,Zoë,Gent\r\nNaïma,Éléonore,Mariakerke\r\n".encode("cp1252")
    result = read_delivery(data, None)
    assert result.headers == ["Naam", "Voornaam", "Gemeente"]
    assert result.rows == [(2, ["De Brouwère", "Zoë", "Gent"]), (3, ["Naïma", "Éléonore", "Mariakerke"])]


def test_csv_utf8_with_bom_semicolons_quotes_and_stray_spaces():
    text = '\ufeffNaam ; Voornaam;Straat\n" Peeters, jr. " ;  Jan ;"Kerkstraat ""oud"""\n'
    result = read_delivery(text.encode("utf-8"), None)
    assert result.headers == ["Naam", "Voornaam", "Straat"]  # BOM gone, spaces stripped
    assert result.rows == [(2, ["Peeters, jr.", "Jan", 'Kerkstraat "oud"'])]


def test_csv_tab_separated_and_utf16_unicode_text():
    text = "Naam\tVoornaam\r\nÖztürk\tŁucja\r\nКовальчук\tОлена\r\n"
    for data in (text.encode("utf-8"), text.encode("utf-16")):
        result = read_delivery(data, None)
        assert result.headers == ["Naam", "Voornaam"]
        assert result.rows == [(2, ["Öztürk", "Łucja"]), (3, ["Ковальчук", "Олена"])]


def test_csv_empty_rows_are_skipped_but_numbering_is_kept():
    data = b"Naam;Voornaam\r\nA;B\r\n\r\n;;\r\n  ;  \r\nC;D\r\n"
    result = read_delivery(data, None)
    assert result.rows == [(2, ["A", "B"]), (6, ["C", "D"])]


def test_csv_short_rows_are_padded_and_empty_edge_columns_dropped():
    data = b"Naam;Voornaam;Postcode;;\r\nA;B\r\nC;D;9000;;\r\n"
    result = read_delivery(data, None)
    assert result.headers == ["Naam", "Voornaam", "Postcode"]
    assert result.rows == [(2, ["A", "B", None]), (3, ["C", "D", "9000"])]


def test_header_only_gives_a_table_without_rows():
    result = read_delivery(b"Rijksregisternummer;Naam\r\n", None)
    assert result.headers == ["Rijksregisternummer", "Naam"] and result.rows == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_csv_parsing_never_crashes_on_arbitrary_text(text):
    try:
        result = read_delivery(text.encode("utf-8"), None)
    except ImportRefused:
        return
    assert isinstance(result, RawTable)
    assert all(isinstance(h, str) for h in result.headers)
    for number, cells in result.rows:
        assert number >= 2 and len(cells) == len(result.headers)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_give_a_table_or_a_dutch_refusal(data):
    try:
        read_delivery(data, "wachtwoord")
    except ImportRefused as refused:
        assert str(refused) in formats_messages()


def formats_messages():
    from ceremony.texts import CATALOGUE

    return {text for key, text in CATALOGUE.items() if key.startswith(("formats.", "sealed."))}


# --- XLSX details --------------------------------------------------------------------------


def workbook(build) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    build(book)
    book.close()
    return buffer.getvalue()


def test_xlsx_keeps_dates_and_numbers_typed():
    def build(book):
        sheet = book.add_worksheet()
        sheet.write_row(0, 0, ["Rijksregisternummer", "Datum inburgeringsattest", "Bedrag", "Serieel"])
        sheet.write_number(1, 0, 1200040675)  # national number that lost its leading zero
        sheet.write_datetime(1, 1, dt.date(2026, 3, 1), book.add_format({"num_format": "dd/mm/yyyy"}))
        sheet.write_number(1, 2, 2.5)
        sheet.write_number(1, 3, 46082)  # a date that arrived as an Excel serial number
        sheet.write_datetime(2, 1, dt.datetime(2026, 3, 1, 14, 30), book.add_format({"num_format": "dd/mm/yyyy hh:mm"}))

    result = read_delivery(workbook(build), None)
    assert result.rows[0] == (2, [1200040675, dt.date(2026, 3, 1), 2.5, 46082])
    assert type(result.rows[0][1][0]) is int and type(result.rows[0][1][3]) is int
    assert result.rows[1] == (3, [None, dt.datetime(2026, 3, 1, 14, 30), None, None])


def test_xlsx_uses_the_first_sheet_with_data_and_real_row_numbers():
    def build(book):
        book.add_worksheet("Leeg")
        sheet = book.add_worksheet("Gegevens")
        sheet.write_row(2, 2, ["Naam", "Voornaam"])  # header at C3
        sheet.write_row(3, 2, ["A", "B"])
        sheet.write_row(6, 2, ["C", "  D  "])  # after two empty rows

    result = read_delivery(workbook(build), None)
    assert result.headers == ["Naam", "Voornaam"]
    assert result.rows == [(4, ["A", "B"]), (7, ["C", "D"])]


def test_xlsx_with_empty_rows_keeps_spreadsheet_numbering(table):
    headers, rows = table
    rows = [rows[0], [None] * len(headers), [None] * len(headers), rows[1]]
    result = read_delivery(demo_files.xlsx_bytes(headers, rows), None)
    assert [number for number, _cells in result.rows] == [2, 5]
