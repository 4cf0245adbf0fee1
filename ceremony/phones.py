"""Showing a stored phone number (E.164, as the importer keeps it) to the people who dial it.

Two readers, two forms, side by side on purpose:
- `for_caller`: the phone-round screen. Belgian numbers in national form
  ("0470 12 34 56"), foreign ones international ("+31 6 12345678"), plus a `tel:` link
  so a click starts the call.
- `dial_from_belgium`: the mail-merge sheet, read on paper or in Word. Exactly what one
  dials from a Belgian phone: "0470 12 34 56", "00 31 6 12345678".
A number that does not parse is shown as stored (and gets no link).
"""

from __future__ import annotations

import phonenumbers


def _parse(number: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(number, "BE")
    except phonenumbers.NumberParseException:
        return None


def for_caller(number: str) -> tuple[str, str | None]:
    """The number as a Belgian caller's screen shows it, and its `tel:` URI ("" and None if empty)."""
    if not number:
        return "", None
    parsed = _parse(number)
    if parsed is None:
        return number, None
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if phonenumbers.region_code_for_number(parsed) == "BE"
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return phonenumbers.format_number(parsed, style), f"tel:{e164}"


def dial_from_belgium(number: str) -> str:
    """`+32470123456` -> `0470 12 34 56`, `+31612345678` -> `00 31 6 12345678`; else as stored."""
    if not number:
        return ""
    parsed = _parse(number)
    if parsed is None:
        return number
    return phonenumbers.format_out_of_country_calling_number(parsed, "BE")
