"""Which column of a delivery holds which field.

Headers are recognised case-, accent-, space- and punctuation-insensitively against a
list of the usual Dutch and English names. Columns that match no field are dropped:
never stored, only named in the report (minimisation, deliberation par. 34). A user
can map headers by hand; that mapping is remembered per header signature (the sorted
normalised headers), so the next delivery with the same layout is recognised at once.

A file without a header row would make its first person's values "headers": a header
cell that reads as data (a national number, an e-mail address, a phone number, a date
or a number) refuses the file before anything is planned, shown or remembered.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field

from ceremony import audit, people
from ceremony.clock import utc_iso
from ceremony.errors import ImportRefused, InvalidInput
from ceremony.intake import validate
from ceremony.texts import t

# The fields a delivery's columns may hold: the personal fields sealed in each record (one
# list, people.PERSONAL_FIELDS), a whole address line that the cleaner splits into street,
# number, box, postcode and municipality, and the certificate date (a clear column).
FIELDS = (*people.PERSONAL_FIELDS, "address", "certificate_date")
REQUIRED = ("national_number", "last_name", "first_name", "certificate_date")

# field -> accepted header names, written as `normalise_header` leaves them
ALIASES: dict[str, tuple[str, ...]] = {
    "national_number": (
        "rijksregisternummer", "rijksregisternr", "rijksregister", "rijksregisternummerinsz",
        "insz", "insznummer", "inszofbisnummer", "rrn", "rrnr", "nn", "bisnummer",
        "rijksregisterofbisnummer", "nationalnumber", "nationalregisternumber",
        "nationalregisternr", "nationalregistrationnumber",
    ),
    "last_name": (
        "naam", "familienaam", "achternaam", "lastname", "surname", "familyname", "name",
    ),
    "first_name": ("voornaam", "voornamen", "firstname", "firstnames", "givenname", "givennames"),
    "address": ("adres", "woonadres", "volledigadres", "domicilieadres", "address", "fulladdress"),
    "street": ("straat", "straatnaam", "street", "streetname"),
    "house_number": (
        "huisnummer", "huisnr", "nr", "nummer", "housenumber", "number", "streetnumber",
    ),
    "box": ("bus", "busnummer", "busnr", "box", "boxnumber", "toevoeging"),
    "postcode": ("postcode", "postnummer", "postalcode", "zip", "zipcode", "postcodegemeente"),
    "municipality": ("gemeente", "woonplaats", "stad", "plaats", "municipality", "city", "town"),
    "email": ("email", "emailadres", "mail", "mailadres", "emailaddress"),
    "phone": (
        "telefoon", "telefoonnummer", "telefoonnr", "gsm", "gsmnummer", "gsmnr", "tel", "telnr",
        "mobiel", "mobielnummer", "phone", "phonenumber", "mobile", "mobilephone", "telephone",
    ),
    "certificate_date": (
        "datumattest", "attestdatum", "datuminburgeringsattest", "inburgeringsattestdatum",
        "datumvanhetinburgeringsattest", "datumvanhetattest", "datumuitreikingattest",
        "datumafgifteattest", "certificatedate", "dateofcertificate", "integrationcertificatedate",
    ),
}
_BY_ALIAS = {alias: name for name, aliases in ALIASES.items() for alias in aliases}


def normalise_header(header: object) -> str:
    """Lower case, accents removed, only letters and digits kept ("E-mail adres" -> "emailadres")."""
    text = unicodedata.normalize("NFKD", str(header or ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def field_label(name: str) -> str:
    """The Dutch name of a target field."""
    return t(f"columns.field.{name}")


@dataclass
class ColumnPlan:
    """How one file's columns are used."""

    headers: list[str]
    columns: dict[str, int] = field(default_factory=dict)  # field -> column index
    dropped: list[str] = field(default_factory=list)  # header names never stored
    missing: list[str] = field(default_factory=list)  # required fields not found

    @property
    def mapping(self) -> dict[str, str]:
        """{header: field} for the columns that are used."""
        return {self.headers[index]: name for name, index in self.columns.items()}

    def missing_labels(self) -> str:
        """The missing required fields, in Dutch, for a message."""
        return ", ".join(
            t("columns.address_needed") if name == "address" else field_label(name)
            for name in self.missing
        )


def detect(headers: list[str]) -> dict[str, str]:
    """The automatic mapping {header: field}; the first column wins when two match."""
    found: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        name = _BY_ALIAS.get(normalise_header(header))
        if name and name not in taken:
            found[header] = name
            taken.add(name)
    return found


_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")
_PHONE_CHARS = re.compile(r"[\d\s+()./-]+")  # only digits and what people write between them


def looks_like_data(header: object) -> bool:
    """Whether a header cell reads as a person's value rather than a column name."""
    text = str(header or "").strip()
    if not text:
        return False
    if "@" in text:
        return bool(validate.email(text)[0])
    if _NUMBER.fullmatch(text.replace(" ", "")):
        return True
    if sum(ch.isdigit() for ch in text) < 4:  # "Adres 2", "Tel. 1": still names
        return False
    if _PHONE_CHARS.fullmatch(text) and validate.phone(text)[0]:
        return True
    return _reads_as(validate.national_number, text) or _reads_as(validate.certificate_date, text)


def _reads_as(check, text: str) -> bool:
    try:
        return check(text) is not None
    except validate.RowRejected:
        return False


def check_headers(headers: list[str]) -> None:
    """Refuse a file whose first row holds data instead of column names (no value named)."""
    for index, header in enumerate(headers, start=1):
        if looks_like_data(header):
            raise ImportRefused(t("columns.no_header_row", column=index))


def plan_columns(headers: list[str], manual: dict[str, str | None] | None = None) -> ColumnPlan:
    """Combine the automatic mapping with a manual one ({header: field, or None to drop}).

    A first row that holds data instead of column names is refused (`check_headers`).
    """
    check_headers(headers)
    mapping = detect(headers)
    if manual:
        _check_manual(headers, manual)
        chosen = {name for name in manual.values() if name}
        # a hand-mapped field replaces the column that was detected for it
        mapping = {h: name for h, name in mapping.items() if name not in chosen and h not in manual}
        mapping.update({h: name for h, name in manual.items() if name})
    plan = ColumnPlan(headers=list(headers))
    for index, header in enumerate(headers):
        name = mapping.get(header)
        if name and name not in plan.columns:
            plan.columns[name] = index
        elif str(header or "").strip():
            plan.dropped.append(str(header))
    plan.missing = [name for name in REQUIRED if name not in plan.columns]
    if "address" not in plan.columns and not {"street", "postcode"} <= plan.columns.keys():
        plan.missing.append("address")
    return plan


def _check_manual(headers: list[str], manual: dict[str, str | None]) -> None:
    seen: set[str] = set()
    for header, name in manual.items():
        if header not in headers:
            raise InvalidInput(t("columns.unknown_header", header=header))
        if not name:
            continue
        if name not in FIELDS:
            raise InvalidInput(t("columns.unknown_field", field=name))
        if name in seen:
            raise InvalidInput(t("columns.field_twice", field=field_label(name)))
        seen.add(name)


def signature(headers: list[str]) -> str:
    """A stable key for a header layout: hash of the sorted, normalised header names."""
    names = sorted(normalise_header(h) for h in headers if str(h or "").strip())
    return hashlib.sha256(json.dumps(names).encode()).hexdigest()


def load_mapping(store, headers: list[str]) -> dict[str, str | None] | None:
    """The manual mapping remembered for this header layout, keyed by this file's headers."""
    stored = store.scalar("SELECT mapping FROM column_mappings WHERE signature = ?", [signature(headers)])
    if stored is None:
        return None
    by_normal = json.loads(stored)
    mapping = {}
    for header in headers:
        key = normalise_header(header)
        if key in by_normal:
            mapping[header] = by_normal[key]
    return mapping or None


def save_mapping(store, actor: str, headers: list[str], manual: dict[str, str | None]) -> None:
    """Remember a manual mapping for the next delivery with the same headers (audited)."""
    check_headers(headers)
    _check_manual(headers, manual)
    by_normal = {normalise_header(h): name for h, name in manual.items()}
    sig = signature(headers)
    with store.write() as db:
        db.execute(
            "INSERT INTO column_mappings(signature, mapping, updated_at) VALUES (?,?,?) "
            "ON CONFLICT(signature) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at",
            [sig, json.dumps(by_normal, ensure_ascii=False), utc_iso()],
        )
        audit.record(
            store, actor, "import.mapping_saved", f"mapping:{sig[:12]}",
            fields=sorted(name for name in manual.values() if name),
        )
