"""The national number: normalise, validate, mask, display, blind index (ceremony.national_number)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceremony import crypto, national_number
from ceremony.texts import t
from tests.test_validate import make_nn

numbers = st.builds(
    make_nn,
    year=st.integers(1930, 2009),
    month=st.integers(0, 12),
    day=st.integers(0, 28),
    serial=st.integers(1, 997),
    bis=st.sampled_from([0, 0, 20, 40]),
).filter(lambda n: n[:6] not in ("000001", "002001", "004001"))

# anything a cell or a search box might hold
cells = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**12), 10**12), st.floats(allow_nan=True),
    st.text(max_size=20), st.text(alphabet="0123456789 .-/", max_size=16),
)

NN_REASONS = {"validate.nn.missing", "validate.nn.checksum", "validate.nn.length",
              "validate.nn.format", "validate.nn.birth_date", "validate.nn.rounded"}


def spelled(number: str, style: int) -> object:
    """The same number as a messy cell: dots/dashes, spaces, an Excel number, a float."""
    return [
        number,
        f"{number[:2]}.{number[2:4]}.{number[4:6]}-{number[6:9]}.{number[9:]}",
        f" {number[:6]} {number[6:9]} {number[9:]} ",
        f"{number[:6]}-{number[6:9]}-{number[9:]}",
        int(number),
        float(int(number)),
        str(int(number)),  # a CSV written from an Excel number: leading zeros gone
        f"{int(number)}.0",  # a number cell written out by a CSV export
    ][style]


def reason(value: object) -> str:
    with pytest.raises(national_number.Rejected) as caught:
        national_number.normalise(value)
    return caught.value.key


@given(numbers, st.integers(0, 7))
def test_every_spelling_of_a_valid_number_normalises_to_its_11_digits(number, style):
    assert national_number.normalise(spelled(number, style)) == number


@given(cells)
def test_normalise_is_idempotent_and_anything_else_is_rejected_with_a_dutch_reason(cell):
    try:
        number = national_number.normalise(cell)
    except national_number.Rejected as exc:
        assert exc.key in NN_REASONS
        assert t(exc.key).startswith("rijksregisternummer")
        assert not national_number.is_valid(cell)
        return
    assert re.fullmatch(r"\d{11}", number)
    assert national_number.normalise(number) == number
    assert national_number.is_valid(cell)


@given(numbers)
def test_display_of_every_valid_number_round_trips(number):
    shown = national_number.display(number)
    assert re.fullmatch(r"\d\d\.\d\d\.\d\d-\d{3}\.\d\d", shown)
    assert national_number.normalise(shown) == number


@given(numbers, st.integers(1, 96))
def test_a_changed_check_digit_is_rejected(number, delta):
    wrong = number[:9] + f"{(int(number[9:]) + delta) % 97 or 97:02d}"
    if national_number.is_valid(wrong):
        return  # valid for the other century or as the other kind (BIS / national)
    assert reason(wrong) == "validate.nn.checksum"


@pytest.mark.parametrize(
    "cell, key",
    [
        (None, "validate.nn.missing"),
        ("  ", "validate.nn.missing"),
        ("85O73003328", "validate.nn.format"),
        ("850730033281", "validate.nn.length"),
        ("8,50730E+10", "validate.nn.rounded"),
        (85073003328.5, "validate.nn.format"),
        (True, "validate.nn.format"),
    ],
)
def test_unusable_numbers_are_rejected_with_the_reason(cell, key):
    assert reason(cell) == key


def test_excel_number_born_2000s_gets_its_leading_zeros_back():
    number = make_nn(2003, 5, 17, 123)
    assert number.startswith("0")
    assert national_number.normalise(int(number)) == number


def test_bis_number_and_unknown_birth_date_are_accepted():
    for number in (make_nn(1990, 4, 12, 55, bis=20), make_nn(1988, 0, 0, 321), make_nn(1979, 0, 0, 17, bis=40)):
        assert national_number.normalise(number) == number


def checked_digits(yy: int, month: int, rest: int, born_2000s: bool) -> str:
    """Nine digits with any month field (0-99) and the check digits of either century."""
    base = f"{yy:02d}{month:02d}{rest:05d}"
    return base + f"{97 - int(('2' if born_2000s else '') + base) % 97:02d}"


def outcome(route, value) -> str:
    try:
        return route(value)
    except national_number.Rejected as exc:
        return f"rejected: {exc.key}"


this_year = dt.date.today().year % 100  # the library counts a 2000s birth up to this year
numbers_near_the_rules = st.one_of(
    numbers,
    st.builds(checked_digits, st.one_of(st.integers(0, 99), st.sampled_from([this_year, this_year + 1])),
              st.integers(0, 99), st.integers(0, 99_999), st.booleans()),
    st.text(alphabet="0123456789", min_size=9, max_size=12),
    st.text(alphabet="0123456789\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\uff11",
            min_size=11, max_size=11),
    st.integers(0, 10**11),
    cells,
)


@given(numbers_near_the_rules)
def test_the_quick_check_gives_python_stdnums_verdict(value):
    """A plainly valid number skips python-stdnum; the answer (digits or reason) is the library's."""
    assert outcome(national_number.normalise, value) == outcome(national_number.normalise_by_library, value)


def old_mask(number: str) -> str:
    """The preview mask as it was before this module (intake.validate.mask_national_number)."""
    return "***********" if len(number) != 11 else f"{number[:2]}.{number[2:4]}.**-***.**"


@given(st.one_of(numbers, st.text(max_size=14), st.text(alphabet="0123456789", min_size=9, max_size=12)))
def test_mask_never_reveals_more_than_year_and_month(value):
    masked = national_number.mask(value)
    assert masked in (old_mask(value), "***********")
    assert len(re.sub(r"[^0-9]", "", masked)) <= 4
    if masked != "***********":
        assert masked == f"{value[:2]}.{value[2:4]}.**-***.**"


@given(cells)
def test_a_preview_cell_never_shows_more_than_year_and_month(cell):
    masked = national_number.masked_cell(cell)
    assert masked == "" if cell is None else len(re.sub(r"[^0-9]", "", masked)) <= 4


def test_mask_keeps_only_year_and_month():
    assert national_number.mask("85073003328") == "85.07.**-***.**"
    assert national_number.masked_cell("85.07.30-033.28") == "85.07.**-***.**"
    assert national_number.masked_cell("85.07.30-033.29") == "***********"


def test_blind_index_is_keyed_deterministic_and_follows_key_rotation():
    ring = crypto.Keyring(crypto.new_key(), crypto.new_key())
    number = make_nn(1985, 7, 30, 33)
    index = national_number.blind_index(ring, number)
    assert index == national_number.blind_index(ring, number)
    assert number not in index
    assert index != national_number.blind_index(crypto.Keyring(crypto.new_key(), crypto.new_key()), number)
    rotated = ring.next_epoch(crypto.new_key())
    assert national_number.blind_index(rotated, number) == rotated.rekey_blind_index(index)
