"""One pure function per field: read a messy cell, return the normalised value.

A value that makes a row unusable raises `RowRejected` with the text key of a Dutch
reason (the importer adds the row number). E-mail and phone never reject a person (a
letter still reaches them): they return "" plus a warning key. Cells are whatever the
reader produced: str, int, float, date, datetime or None.

The phone and e-mail checks have a fast path for the common shapes (a Belgian number,
a plain ASCII address) that asks the same libraries a cheaper question; the tests
prove it gives exactly the library's answer.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from ceremony import national_number as _national_number

EXCEL_EPOCH = dt.date(1899, 12, 30)
# Excel serial numbers we believe are a certificate date: 1 Jan 2000 .. 31 Dec 2099
SERIAL_RANGE = (36526, 73050)
MAX_CELL = 500  # a longer text in a personal field is not a name or an address


class RowRejected(Exception):  # noqa: N818 - a row outcome, not a program error
    """The row cannot be stored; `key` names the Dutch reason in the catalogue."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def text(value: object) -> str:
    """A text cell as received: Unicode NFC, surrounding spaces removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a house number Excel stored as 12.0
    result = unicodedata.normalize("NFC", str(value)).strip()
    if len(result) > MAX_CELL:
        raise RowRejected("validate.too_long")
    return result


def name(value: object, which: str) -> str:
    """A first or last name, kept exactly as received (NFC, stripped); missing rejects."""
    result = text(value)
    if not result:
        raise RowRejected(f"validate.{which}.missing")
    return result


_GARBLED = re.compile(r"\ufffd|\?\?|\w\?|\?\w|^[?\s.'-]*\?[?\s.'-]*$")


def garbled(value: str) -> bool:
    """Whether a name or address lost its letters on the way: runs of "?" (a program wrote
    a Windows-1252 file and replaced what it could not encode) or U+FFFD (bytes decoded
    with the wrong encoding). No real name or street has a "?" in a word."""
    if "?" not in value and "\ufffd" not in value:
        return False  # every pattern needs one of the two (the common case, checked cheaply)
    return bool(_GARBLED.search(value))


# --- national number ------------------------------------------------------------------


def national_number(value: object) -> str:
    """A national register or BIS number as 11 digits (see `ceremony.national_number`)."""
    try:
        return _national_number.normalise(value)
    except _national_number.Rejected as exc:
        raise RowRejected(exc.key) from None


# --- certificate date -----------------------------------------------------------------

_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def certificate_date(value: object) -> dt.date:
    """A date cell, an Excel serial number, or text dd/mm/yyyy, d-m-yyyy, d.m.yyyy, yyyy-mm-dd."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise RowRejected("validate.date.missing")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(value)
    raw = str(value).strip()
    raw = re.split(r"[ T]", raw, maxsplit=1)[0]  # "2025-05-01 00:00:00" from a datetime cell
    try:
        if match := _DMY.fullmatch(raw):
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        if match := _YMD.fullmatch(raw):
            year, month, day = (int(part) for part in match.groups())
            return dt.date(year, month, day)
    except ValueError:
        raise RowRejected("validate.date.unreadable") from None
    if re.fullmatch(r"\d{5}(?:\.\d+)?", raw):
        return _from_serial(float(raw))
    raise RowRejected("validate.date.unreadable")


def _from_serial(value: float) -> dt.date:
    if not SERIAL_RANGE[0] <= value <= SERIAL_RANGE[1]:
        raise RowRejected("validate.date.unreadable")
    return EXCEL_EPOCH + dt.timedelta(days=int(value))


# --- phone ----------------------------------------------------------------------------

_PHONE_NOISE = re.compile(r"[\s./()\-]")
# a Belgian number: trunk 0 or +32/0032 (optionally with "(0)"), then 8 or 9 digits
_BE_PHONE = re.compile(r"(?:0|\+32|0032|\+320|00320)?([1-9]\d{7,8})")


def phone(value: object) -> tuple[str, str | None]:
    """(E.164 number, None), or ("", warning key) when it is not a usable number."""
    raw = _phone_text(value)
    if not raw:
        return "", None
    result = _phone_fast(raw)
    if result is None:
        result = phone_by_library(raw)
    return (result, None) if result else ("", "validate.phone.unusable")


def _phone_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 470123456 typed in a number cell
    return unicodedata.normalize("NFKC", str(value)).strip()


def _phone_fast(raw: str) -> str | None:
    """The common Belgian shapes, checked by phonenumbers' own metadata; None: ask `parse`."""
    compact = _PHONE_NOISE.sub("", raw)
    match = _BE_PHONE.fullmatch(compact)
    if match is None:
        return None
    national = match.group(1)
    return "+32" + national if _be_valid(national) else ""


_NUMBER_TYPES = ("premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager",
                 "uan", "voicemail", "fixed_line", "mobile")


def number_rules(region: str) -> dict[int, re.Pattern]:
    """phonenumbers' own metadata for `region`, compiled once: number length -> one pattern.

    `is_valid_number` accepts a national number that fits the general description and at
    least one number type (fixed line, mobile, toll free, ...), each by possible length
    and a full match of its pattern. Per length, that is one pattern: the general one
    (as a lookahead) followed by the alternatives of the types allowing that length.
    """
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    general = meta.general_desc
    types = [d for d in (getattr(meta, name) for name in _NUMBER_TYPES) if d and d.national_number_pattern]
    rules = {}
    for size in general.possible_length:
        fitting = [d.national_number_pattern for d in types if not d.possible_length or size in d.possible_length]
        if fitting:
            alternatives = "|".join(f"(?:{p})" for p in fitting)
            rules[size] = re.compile(f"(?=(?:{general.national_number_pattern})$)(?:{alternatives})")
    return rules


_BE_RULES = number_rules("BE")


def _be_valid(national: str) -> bool:
    """Whether a Belgian national significant number is valid (same verdict as phonenumbers)."""
    rule = _BE_RULES.get(len(national))
    return rule is not None and rule.fullmatch(national) is not None


def phone_by_library(raw: str) -> str:
    """The full phonenumbers route (region BE): E.164, or "" when not valid."""
    try:
        number = phonenumbers.parse(raw, "BE")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# --- e-mail ---------------------------------------------------------------------------

_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_PLAIN_EMAIL = re.compile(rf"({_ATEXT}(?:\.{_ATEXT})*)@([A-Za-z0-9.-]+)")


def email(value: object, domains: dict[str, str] | None = None) -> tuple[str, str | None]:
    """(normalised address, None), or ("", warning key); syntax only, no network.

    `domains` may carry the verdicts on domains already seen in the same file (the
    importer passes one dict per file, so nothing outlives the import).
    """
    raw = "" if value is None else unicodedata.normalize("NFC", str(value)).strip()
    if raw.lower().startswith("mailto:"):
        raw = raw[7:].strip()
    if not raw:
        return "", None
    result = _email_fast(raw, {} if domains is None else domains)
    if result is None:
        result = email_by_library(raw)
    return (result, None) if result else ("", "validate.email.unusable")


def _email_fast(raw: str, domains: dict[str, str]) -> str | None:
    """A plain ASCII address: local part as is, domain asked to email-validator once."""
    match = _PLAIN_EMAIL.fullmatch(raw)
    if match is None or len(match.group(1)) > 64 or len(raw) > 254:
        return None
    local, domain = match.groups()
    if domain not in domains:
        # email-validator's verdict on the domain, with a neutral local part: normalised or ""
        domains[domain] = email_by_library("x@" + domain).partition("@")[2]
    return f"{local}@{domains[domain]}" if domains[domain] else ""


def email_by_library(raw: str) -> str:
    """The full email-validator route: the normalised address, or "" when not valid."""
    try:
        return validate_email(raw, check_deliverability=False).normalized
    except EmailNotValidError:
        return ""


# --- postcode -------------------------------------------------------------------------


def postcode(value: object) -> str:
    """A Belgian postcode as 4 digits ("B-9000", 9000.0 -> "9000"), or "" when unreadable."""
    raw = text(value).upper()
    match = re.fullmatch(r"(?:B\s*-?\s*)?([1-9]\d{3})", raw)
    return match.group(1) if match else ""
