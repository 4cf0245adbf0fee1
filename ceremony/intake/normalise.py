"""Turn one data row into the fields the store keeps.

`clean_row` applies the field functions of `ceremony.intake.validate` to the columns
of a `ColumnPlan`: it raises `RowRejected` for a row that cannot be stored and returns a
`CleanRow` with warnings otherwise. Given the store's keyring, the row also carries the
blind index of its national number, so an import computes it exactly once per row. An address that arrives as one field
("Kerkstraat 12 bus 3, 9000 Gent") is split into street, number, box, postcode and
municipality; separate columns, when present, win over what the split found.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from ceremony import crypto, national_number
from ceremony.intake import validate
from ceremony.intake.columns import ColumnPlan
from ceremony.texts import t

ADDRESS_PARTS = ("street", "house_number", "box", "postcode", "municipality")

# "12/3", "12 bus 3", "12 bte 3", "12 b3" (a bare "b" only before a digit)
_BOX = (
    r"(?:\s*/\s*|\s*,?\s+(?:bus|bte|boîte|box)\.?\s*|\s+b\.?\s*(?=\d))"
    r"(?P<box>[0-9A-Za-z][0-9A-Za-z.\-]*)"
)
# street, then a house number such as 12, 12A, 12 B, 12bis or 12-14, then maybe a box
_STREET_LINE = re.compile(
    r"(?P<street>.+?)\s*,?\s+"
    r"(?P<number>\d+(?:\s?(?:bis|ter|[A-Za-z](?![A-Za-z])))?(?:-\d+)?)"
    rf"(?:{_BOX})?",
    re.IGNORECASE,
)
_TOWN = re.compile(r"(?:^|[\s,])(?:B\s*-\s*)?(?P<postcode>[1-9]\d{3})\s+(?P<municipality>[^\d,][^,]*)$")


@dataclass
class RowIssue:
    """A rejected row or a warning: row number as in Excel, Dutch reason."""

    row: int
    reason: str

    def line(self) -> str:
        return t("intake.row_reason", row=self.row, reason=self.reason)


@dataclass
class CleanRow:
    """A row that can be stored: personal fields, certificate date, warning keys, the
    blind index of its national number ("" when cleaned without a keyring), and the row's
    content digest for the delivery's fingerprint (b"" until `intake.checking` adds it)."""

    row: int
    fields: dict[str, str]
    certificate_date: dt.date
    warnings: list[str] = field(default_factory=list)
    blind_index: str = ""
    digest: bytes = b""


def split_address(value: object) -> dict[str, str]:
    """Split a one-field address; parts it cannot find stay empty, the rest stays in street."""
    # runs of white space as one space: `text` stripped the ends, and str.split() knows
    # white space as regular expressions' \s does
    raw = " ".join(validate.text(value).split())
    parts = dict.fromkeys(ADDRESS_PARTS, "")
    if not raw:
        return parts
    # only the first character of a match can be a comma: it starts at the last comma or after
    town = _TOWN.search(raw, max(raw.rfind(","), 0))
    if town:
        parts["postcode"] = town.group("postcode")
        parts["municipality"] = town.group("municipality").strip()
        raw = raw[: town.start()].strip(" ,")
    line = _STREET_LINE.fullmatch(raw)
    if line:
        parts["street"] = line.group("street").strip(" ,")
        parts["house_number"] = line.group("number").replace(" ", "")
        parts["box"] = line.group("box") or ""
    else:
        parts["street"] = raw
    return parts


class RowCleaner:
    """Validates the rows of one file: column positions looked up once, repeated cells once."""

    def __init__(self, plan: ColumnPlan, keys: crypto.Keyring | None = None):
        self.keys = keys
        self.width = len(plan.headers)
        self.index = {name: plan.columns.get(name) for name in (*FIELDS_READ, "address")}
        self.parts = [(name, i) for name in ADDRESS_PARTS if (i := plan.columns.get(name)) is not None]
        # dates and postcodes repeat a lot within one delivery; kept in memory for this file only
        self._date = functools.lru_cache(maxsize=4096)(validate.certificate_date)
        self._postcode = functools.lru_cache(maxsize=4096)(validate.postcode)
        self._domains: dict[str, str] = {}

    def __call__(self, row: int, cells: list) -> CleanRow:
        """Validate one data row (row number as in Excel) or raise RowRejected."""
        if len(cells) < self.width:
            cells = [*cells, *[None] * (self.width - len(cells))]
        get = self.index
        try:
            number = national_number.normalise(_at(cells, get["national_number"]))
        except national_number.Rejected as exc:
            raise validate.RowRejected(exc.key) from None
        last = validate.name(_at(cells, get["last_name"]), "last_name")
        first = validate.name(_at(cells, get["first_name"]), "first_name")
        certificate = self._date(_at(cells, get["certificate_date"]))
        fields = {"national_number": number, "first_name": first, "last_name": last}
        fields.update(self._address(cells))
        warnings = [] if fields["postcode"] else ["validate.postcode.missing"]
        if any(validate.garbled(fields.get(key, "")) for key in GARBLE_CHECKED):
            warnings.append("validate.garbled")
        fields["email"], warning = validate.email(_at(cells, get["email"]), self._domains)
        if warning:
            warnings.append(warning)
        fields["phone"], warning = validate.phone(_at(cells, get["phone"]))
        if warning:
            warnings.append(warning)
        blind = national_number.blind_index(self.keys, number) if self.keys is not None else ""
        return CleanRow(row, fields, certificate, warnings, blind)

    def _address(self, cells: list) -> dict[str, str]:
        index = self.index["address"]
        parts = split_address(cells[index]) if index is not None else dict.fromkeys(ADDRESS_PARTS, "")
        for name, i in self.parts:
            value = self._postcode(cells[i]) if name == "postcode" else validate.text(cells[i])
            if value:
                parts[name] = value  # a separate column wins over the split address
        return parts


FIELDS_READ = ("national_number", "last_name", "first_name", "certificate_date", "email", "phone")


# fields a letter prints: a "?" run there means the sender's program lost the letters
GARBLE_CHECKED = ("first_name", "last_name", "street", "municipality")


def _at(cells: list, index: int | None) -> object:
    return None if index is None else cells[index]


def clean_row(plan: ColumnPlan, row: int, cells: list) -> CleanRow:
    """Validate one row on its own (see RowCleaner for a whole file)."""
    return RowCleaner(plan)(row, cells)
