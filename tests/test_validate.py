"""Field validation: one pure function per field, messy input in, normalised value out."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ceremony.intake import normalise, validate
from ceremony.intake.normalise import split_address
from ceremony.texts import t


def make_nn(year: int, month: int, day: int, serial: int, bis: int = 0) -> str:
    """A synthetic national (bis > 0: BIS) number with its mod-97 check digits."""
    base = f"{year % 100:02d}{month + bis:02d}{day:02d}{serial:03d}"
    check = 97 - int(("2" if year >= 2000 else "") + base) % 97
    return f"{base}{check:02d}"


def rejected_reason(fn, *args) -> str:
    with pytest.raises(validate.RowRejected) as caught:
        fn(*args)
    return t(caught.value.key)


# --- national numbers (the rules themselves: tests/test_national_number.py) --------------


def test_an_unusable_national_number_rejects_the_row_with_the_dutch_reason():
    assert rejected_reason(validate.national_number, "85O73003328") == t("validate.nn.format")
    assert validate.national_number(" 85.07.30-033.28 ") == "85073003328"


# --- certificate date -------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        dt.date(2025, 5, 1),
        dt.datetime(2025, 5, 1, 0, 0),
        45778,  # Excel serial number
        45778.0,
        "45778",
        "01/05/2025",
        "1/5/2025",
        "1-5-2025",
        "01.05.2025",
        "2025-05-01",
        " 2025-05-01 00:00:00 ",
    ],
)
def test_certificate_date_forms(cell):
    assert validate.certificate_date(cell) == dt.date(2025, 5, 1)


@given(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)))
def test_excel_serial_round_trip(day):
    serial = (day - dt.date(1899, 12, 30)).days
    assert validate.certificate_date(serial) == day
    assert validate.certificate_date(day.strftime("%d/%m/%Y")) == day


@pytest.mark.parametrize("cell", ["31/02/2025", "mei 2025", "2025/13/01", "12", 5.0, "1-5-25"])
def test_unreadable_dates_are_rejected(cell):
    assert rejected_reason(validate.certificate_date, cell) == t("validate.date.unreadable")


def test_missing_date_is_rejected():
    assert rejected_reason(validate.certificate_date, None) == t("validate.date.missing")


# --- names and text ---------------------------------------------------------------------


def test_names_are_kept_as_received_in_nfc():
    decomposed = unicodedata.normalize("NFD", "  Zoë Çelik-Şahin ")
    assert validate.name(decomposed, "last_name") == "Zoë Çelik-Şahin"
    assert validate.name("محمد", "first_name") == "محمد"
    assert validate.name("ВОЛОДИМИР", "first_name") == "ВОЛОДИМИР"  # case kept


@pytest.mark.parametrize("which, key", [("first_name", "validate.first_name.missing"), ("last_name", "validate.last_name.missing")])
def test_missing_names_are_rejected(which, key):
    assert rejected_reason(validate.name, "   ", which) == t(key)


def test_postcodes():
    assert validate.postcode(9000) == "9000"
    assert validate.postcode(9000.0) == "9000"
    assert validate.postcode("B-9000") == "9000"
    assert validate.postcode(" 9000 ") == "9000"
    assert validate.postcode("0900") == ""
    assert validate.postcode("Gent") == ""


# --- phone ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("0470 12 34 56", "+32470123456"),
        ("470123456", "+32470123456"),  # leading 0 lost
        (470123456, "+32470123456"),  # ... in a number cell
        (470123456.0, "+32470123456"),
        ("0470/12.34.56", "+32470123456"),
        ("0470-12-34-56", "+32470123456"),
        ("0032 470 12 34 56", "+32470123456"),
        ("+32 470 12 34 56", "+32470123456"),
        ("+32 (0)470 12 34 56", "+32470123456"),
        ("09 233 45 67", "+3292334567"),
        ("09/233.45.67", "+3292334567"),
        ("+31 6 12345678", "+31612345678"),
        ("0031 6 12345678", "+31612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
    ],
)
def test_phone_forms_become_e164(cell, expected):
    assert validate.phone(cell) == (expected, None)


@pytest.mark.parametrize("cell", ["12", "geen", "0470 12 34", "+32 470 12 34 56 78 9", "091234567"])
def test_unusable_phone_is_left_empty_with_a_warning(cell):
    value, warning = validate.phone(cell)
    assert value == ""
    assert warning == "validate.phone.unusable"


def test_empty_phone_is_no_warning():
    assert validate.phone(None) == ("", None)
    assert validate.phone(" ") == ("", None)


phone_text = st.builds(
    lambda prefix, digits, sep: prefix + sep.join(digits[i : i + 2] for i in range(0, len(digits), 2)),
    st.sampled_from(["", "0", "+32", "0032", "+32 (0)", "+320", "00320", "32", "00", "+"]),
    st.text("0123456789", min_size=6, max_size=11),
    st.sampled_from(["", " ", "/", ".", "-"]),
)


@settings(max_examples=400)
@given(phone_text)
def test_phone_fast_path_agrees_with_phonenumbers(raw):
    """The shortcut for Belgian numbers gives exactly the library's verdict."""
    fast = validate._phone_fast(raw)
    if fast is not None:
        assert fast == validate.phone_by_library(raw)


@settings(max_examples=300)
@given(st.integers(10_000_000, 999_999_999))
def test_belgian_number_rules_match_is_valid_number(national):
    digits = str(national)
    assert validate._be_valid(digits) == (validate.phone_by_library("0" + digits) == "+32" + digits)


# --- e-mail -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, expected",
    [
        (" jan.peeters@Example.ORG ", "jan.peeters@example.org"),
        ("mailto:an@example.be", "an@example.be"),
        ("zoë@example.be", "zoë@example.be"),
        ("a+b@sub.example.com", "a+b@sub.example.com"),
    ],
)
def test_email_is_normalised(cell, expected):
    assert validate.email(cell) == (expected, None)


@pytest.mark.parametrize("cell", ["jan.peeters", "jan@", "jan@@example.org", "jan peeters@example.org",
                                  "jan@example", "jan..p@example.org", ".jan@example.org", "jan@localhost"])
def test_unusable_email_is_left_empty_with_a_warning(cell):
    value, warning = validate.email(cell)
    assert value == ""
    assert warning == "validate.email.unusable"


email_text = st.builds(
    lambda local, domain, tld: f"{local}@{domain}.{tld}",
    st.text("abcXYZ019._+-'!", min_size=0, max_size=70),
    st.text("abcDEF012-.", min_size=0, max_size=20),
    st.sampled_from(["be", "ORG", "com", "local", "invalid", "test", "123", "x"]),
)


SEEN_DOMAINS: dict[str, str] = {}  # shared across examples: the per-file domain memo too


@settings(max_examples=400)
@given(email_text)
def test_email_fast_path_agrees_with_email_validator(raw):
    fast = validate._email_fast(raw, SEEN_DOMAINS)
    if fast is not None:
        assert fast == validate.email_by_library(raw)


# --- one-field address ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, street, number, box, postcode, municipality",
    [
        ("Kerkstraat 12 bus 3, 9000 Gent", "Kerkstraat", "12", "3", "9000", "Gent"),
        ("Kerkstraat 12/3 9000 Gent", "Kerkstraat", "12", "3", "9000", "Gent"),
        ("Kerkstraat 12A, 9000 Gent", "Kerkstraat", "12A", "", "9000", "Gent"),
        ("Rue de la Loi 16 boîte 2, 1000 Brussel", "Rue de la Loi", "16", "2", "1000", "Brussel"),
        ("Sint-Pietersnieuwstraat 33, B-9000 Gent", "Sint-Pietersnieuwstraat", "33", "", "9000", "Gent"),
        ("Laan 1940-1945 5, 2000 Antwerpen", "Laan 1940-1945", "5", "", "2000", "Antwerpen"),
        ("Veldstraat 7 bus A1, 8500 Kortrijk", "Veldstraat", "7", "A1", "8500", "Kortrijk"),
        ("Kerkstraat 12", "Kerkstraat", "12", "", "", ""),
        ("Kouter", "Kouter", "", "", "", ""),
    ],
)
def test_split_address(text, street, number, box, postcode, municipality):
    assert split_address(text) == {
        "street": street, "house_number": number, "box": box, "postcode": postcode, "municipality": municipality,
    }


def split_address_as_first_written(value: object) -> dict[str, str]:
    """split_address as it was first written (the reference for its cheaper form)."""
    raw = re.sub(r"\s+", " ", validate.text(value))
    parts = dict.fromkeys(normalise.ADDRESS_PARTS, "")
    if not raw:
        return parts
    town = normalise._TOWN.search(raw)
    if town:
        parts["postcode"] = town.group("postcode")
        parts["municipality"] = town.group("municipality").strip()
        raw = raw[: town.start()].strip(" ,")
    line = normalise._STREET_LINE.fullmatch(raw)
    if line:
        parts["street"] = line.group("street").strip(" ,")
        parts["house_number"] = line.group("number").replace(" ", "")
        parts["box"] = line.group("box") or ""
    else:
        parts["street"] = raw
    return parts


_address_pieces = st.sampled_from(["Kerkstraat", "Sint-Pietersnieuwstraat", "12", "12A", "12-14", "bus", "bte", "b",
                                   "3", "/", ",", ", ", " ", "  ", "\t", "\u00a0", "\u2028", "9000", "B-9000", "B - 9030",
                                   "Gent", "Sint-Amandsberg", "0", "1000", "\n", "bis"])
addresses = st.one_of(st.lists(_address_pieces, max_size=10).map("".join), st.text(max_size=40),
                      st.text(alphabet=" ,\t\u00a0\u3000-/0123456789Bbusx", max_size=30))


@given(addresses)
def test_splitting_an_address_gives_what_it_gave_as_first_written(value):
    assert split_address(value) == split_address_as_first_written(value)
