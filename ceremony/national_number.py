"""The one place that knows what a Belgian national number is.

A national register number (rijksregisternummer) or a BIS number, from a file cell or a
search box to the screen:

- `normalise(value)`: 11 digits from whatever a cell or a search box holds (dots, dashes,
  spaces, an Excel number that lost its leading zero), checked by python-stdnum
  (`stdnum.be.nn`, `stdnum.be.bis`); an unusable value raises `Rejected` with the text
  key of the Dutch reason. `is_valid(value)` is the yes/no form.
- `blind_index(keys, number)`: the keyed, deterministic index the database stores and
  looks people up by (people, objections, the shred ledger); never the number itself.
  The importer computes it once per row (`CleanRow.blind_index`).
- `display(number)`: as people read it, YY.MM.DD-XXX.CC (the person's own page).
- `mask(number)`: for previews, only year and month readable (85.07.**-***.**).
- `masked_cell(cell)`: a preview cell that is or might be a national number, masked.
- `birth_year(number)`: the year of birth it holds, to tell two people of one name apart.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from stdnum import exceptions as stdnum_errors
from stdnum.be import bis, nn

from ceremony import crypto

LENGTH = 11
MASKED_UNREADABLE = "*" * LENGTH

_REASONS = {
    stdnum_errors.InvalidChecksum: "validate.nn.checksum",
    stdnum_errors.InvalidLength: "validate.nn.length",
    stdnum_errors.InvalidFormat: "validate.nn.format",
    stdnum_errors.InvalidComponent: "validate.nn.birth_date",
}
_SEPARATORS = re.compile(r"[\s./\-]")
_EXPONENT = re.compile(r"\d+(?:[.,]\d+)?[eE]\+?\d+")  # "8,50730E+10": Excel rounded it
_NUMBER_CELL = re.compile(r"\d{1,11}\.0")  # a number cell written out by a CSV export
_ELEVEN = re.compile(r"\d{11}")


class Rejected(ValueError):  # noqa: N818 - an outcome with a reason, like RowRejected
    """Not a usable national number; `key` names the Dutch reason in the catalogue."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def normalise(value: object) -> str:
    """A national register or BIS number as 11 digits, or `Rejected` with the reason.

    Accepts dots, dashes, slashes and spaces, and numbers that Excel stored as a number
    and so lost their leading zeros (people born 2000-2009): those are zero-padded back.
    Idempotent: the result normalises to itself.

    A number that python-stdnum's rules plainly accept (`_plainly_valid`) is returned
    without asking the library; every other one gets the library's verdict and reason.
    The tests prove both routes give the same answer (`normalise_by_library`).
    """
    digits = _padded_digits(value)
    if _plainly_valid(digits):
        return digits
    return _library_verdict(digits)


def normalise_by_library(value: object) -> str:
    """`normalise` with every number checked by python-stdnum (the reference route)."""
    return _library_verdict(_padded_digits(value))


def _padded_digits(value: object) -> str:
    """The cell's digits, zero-padded to 11 when leading zeros went missing (not yet checked)."""
    digits = _digits(value)
    if not digits:
        raise Rejected("validate.nn.missing")
    if not digits.isdigit():
        raise Rejected("validate.nn.format")
    if len(digits) < LENGTH:
        digits = digits.zfill(LENGTH)  # only leading zeros can go missing
    return digits


def _library_verdict(digits: str) -> str:
    """python-stdnum's verdict on a national register or BIS number, as 11 digits or `Rejected`."""
    # BIS numbers carry month + 20 or + 40; ask the module that fits first
    first, second = (bis, nn) if digits[2:4] >= "20" else (nn, bis)
    try:
        return first.validate(digits)
    except stdnum_errors.ValidationError as error:
        try:
            return second.validate(digits)
        except stdnum_errors.ValidationError:
            raise Rejected(_REASONS.get(type(error), "validate.nn.checksum")) from None


def _plainly_valid(digits: str) -> bool:
    """Whether `stdnum.be.nn` or `stdnum.be.bis` accepts these digits, by the same rules
    (False also when unsure: the library then decides). An import checks every row, and
    the library's generic cleaning costs more than the whole check below.

    The rules: 11 ASCII digits; month 0-12 (nn), 20-32 or 40-52 (bis); check digits
    97 - (first nine digits) mod 97, or for people born from 2000 (a year that has come:
    the library asks the calendar) 97 - (2 followed by the nine) mod 97.
    """
    if len(digits) != LENGTH or not digits.isascii():
        return False
    month = int(digits[2:4])
    if not (month <= 12 or 20 <= month <= 32 or 40 <= month <= 52):
        return False
    base, check = int(digits[:9]), int(digits[9:])
    if 97 - base % 97 == check:
        return True
    return 97 - (2_000_000_000 + base) % 97 == check and 2000 + int(digits[:2]) <= dt.date.today().year


def is_valid(value: object) -> bool:
    """Whether `value` normalises to a valid national register or BIS number."""
    try:
        normalise(value)
    except Rejected:
        return False
    return True


def _digits(value: object) -> str:
    """The cell with separators removed (not yet checked)."""
    if value.__class__ is str and len(value) == LENGTH and value.isascii() and value.isdigit():
        return value  # already 11 digits: the common cell, nothing to clean
    if value is None:
        return ""
    if isinstance(value, bool):
        raise Rejected("validate.nn.format")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise Rejected("validate.nn.format")
        return str(int(value))
    raw = unicodedata.normalize("NFKC", str(value)).strip()
    if _EXPONENT.fullmatch(raw):
        raise Rejected("validate.nn.rounded")  # the last digits are gone
    if _NUMBER_CELL.fullmatch(raw):
        raw = raw[:-2]
    return _SEPARATORS.sub("", raw)


def blind_index(keys: crypto.Keyring, number: str) -> str:
    """The keyed index of a normalised (11-digit) number: what the database looks people up by.

    HMAC-SHA256 under the first key epoch's blind-index key, chained through every later
    epoch (`Keyring.keyed_index`), so rotations re-key stored indexes without the number.
    """
    return keys.keyed_index(b"nn:" + number.encode())


def display(number: str) -> str:
    """A stored number as people read it: YY.MM.DD-XXX.CC (anything else as it is)."""
    return bis.format(number) if _ELEVEN.fullmatch(number) else number


def birth_year(number: str) -> int | None:
    """The year of birth an 11-digit national or BIS number holds; None when it holds none."""
    try:
        return (bis if bis.is_valid(number) else nn).get_birth_year(number)
    except (stdnum_errors.ValidationError, ValueError, TypeError):
        return None


def mask(number: str) -> str:
    """For previews: only year and month stay readable (85.07.**-***.**)."""
    if not _ELEVEN.fullmatch(number):
        return MASKED_UNREADABLE
    return f"{number[:2]}.{number[2:4]}.**-***.**"


def masked_cell(cell: object) -> str:
    """A cell of the national-number column as a preview shows it: masked, valid or not."""
    if cell is None:
        return ""
    try:
        return mask(normalise(cell))
    except Rejected:
        return MASKED_UNREADABLE


def could_be(cell: object) -> bool:
    """Whether a cell of another column might hold a national number (then it is masked too)."""
    return isinstance(cell, int | str) and not isinstance(cell, bool) and 9 <= len(nn.compact(str(cell))) <= LENGTH
