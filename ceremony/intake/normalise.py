"""Turn one data row into the fields the store keeps.

`clean_row` applies the field functions of `ceremony.intake.validate` to the columns
of a `ColumnPlan`: it raises `RowRejected` for a row that cannot be stored and returns a
`CleanRow` with warnings otherwise. An address that arrives as one field
("Kerkstraat 12 bus 3, 9000 Gent") is split into street, number, box, postcode and
municipality; separate columns, when present, win over what the split found.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from ceremony.intake import validate
from ceremony.intake.columns import ColumnPlan

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
class CleanRow:
    """A row that can be stored: personal fields, certificate date, warning keys."""

    row: int
    fields: dict[str, str]
    certificate_date: dt.date
    warnings: list[str] = field(default_factory=list)


def split_address(value: object) -> dict[str, str]:
    """Split a one-field address; parts it cannot find stay empty, the rest stays in street."""
    raw = re.sub(r"\s+", " ", validate.text(value))
    parts = dict.fromkeys(ADDRESS_PARTS, "")
    if not raw:
        return parts
    town = _TOWN.search(raw)
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

    def __init__(self, plan: ColumnPlan):
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
        number = validate.national_number(_at(cells, get["national_number"]))
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
        return CleanRow(row, fields, certificate, warnings)

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
