"""Delivery file formats: recognise by content, decrypt and parse, all in memory.

Accepted (see README and docs/sealed-format.md):

- a password-protected .xlsx as Excel makes it ("xlsx-encrypted"),
- a ZIP holding exactly one CSV or XLSX: AES ("zip-aes"), legacy ZipCrypto
  ("zip-zipcrypto", with a notice that it is weak) or unencrypted (reported as the
  inner "csv"/"xlsx" with the not-encrypted notice),
- the app's own sealed format ("sealed"),
- an unencrypted CSV or XLSX ("csv"/"xlsx"), with a notice to delete it from the
  download folder.

Whatever the container, the content must be a table (two named columns or more, rows
that fill more than one cell): a plain text file is refused, not offered for mapping.

Decrypted bytes and parsed cells never touch the disk: no temporary files, no caches.
A file with a header row but no data rows gives a RawTable without rows; the importer
reports that there is nothing to import.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ceremony.errors import ImportRefused
from ceremony.intake import bounds, containers, sealed, tabular
from ceremony.texts import t

MAX_FILE_BYTES = 50_000_000
MAX_DECOMPRESSED_BYTES = 200_000_000
MAX_ROWS = 200_000
MAX_CELL_CHARS = 1_000
MAX_COLUMNS = 200
# the spreadsheet reader holds a grid of (last row x last column) cells of 32 bytes each:
# 6 million cells (200,000 rows of 30 columns) is at most about 200 MB
MAX_CELLS = 6_000_000

ENCRYPTED_FORMATS = ("xlsx-encrypted", "sealed")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")


@dataclass
class RawTable:
    """A delivery as read from its file: header texts and numbered rows of typed cells.

    `rows` holds `(row number as the user sees it, cells)`; cells are str, int, float,
    datetime.date, datetime.datetime or None, padded to the header's width.
    """

    headers: list[str]
    rows: list[tuple[int, list]]
    source_format: str
    notices: list[str] = field(default_factory=list)


def limits() -> tabular.Limits:
    """The limits in force (read at call time, so tests can lower them)."""
    return tabular.Limits(MAX_ROWS, MAX_CELL_CHARS, MAX_DECOMPRESSED_BYTES, MAX_COLUMNS, MAX_CELLS)


def detect_format(data: bytes) -> str:
    """The kind of file, by content only: "xlsx-encrypted", "zip", "sealed", "xlsx" or "csv".

    "zip" means an archive that is not itself an XLSX workbook; `read_delivery` looks
    inside. Anything else raises ImportRefused naming the accepted formats.
    """
    if not data or not data.strip():
        raise ImportRefused(t("formats.empty"))
    if sealed.is_sealed(data):
        return "sealed"
    if data.startswith(_OLE_MAGIC):
        return containers.classify_ole(data)
    if data.startswith(_ZIP_MAGICS):
        bounds.check_zip_entries(data)
        return containers.classify_zip(data)
    if tabular.decode_text(data) is not None:
        return "csv"
    raise ImportRefused(t("formats.unsupported"))


def needs_password(data: bytes) -> bool:
    """Whether the UI must ask for a password; raises ImportRefused for unusable files."""
    kind = detect_format(data)
    if kind == "zip":
        return containers.zip_is_encrypted(data)
    return kind in ENCRYPTED_FORMATS


def read_delivery(data: bytes, password: str | None, max_spin: int = containers.DEFAULT_MAX_SPIN) -> RawTable:
    """Decrypt and parse a delivery in memory; ImportRefused with one Dutch sentence if not.

    `max_spin` caps the hash rounds of an Excel password (the setting max_spin_count).
    """
    if len(data) > MAX_FILE_BYTES:
        raise ImportRefused(t("formats.too_big", mb=MAX_FILE_BYTES // 1_000_000))
    kind = detect_format(data)
    password = (password or "").strip()
    if kind == "xlsx-encrypted":
        _require(password)
        return _table(containers.decrypt_office(data, password, max_spin), "xlsx", kind, [])
    if kind == "sealed":
        _require(password)
        inner = sealed.open_sealed_bytes(data, password)
        return _table(inner, _inner_kind(inner), kind, [])
    if kind == "zip":
        return _read_zip(data, password)
    return _table(data, kind, kind, [t("formats.notice.unencrypted")])


def _read_zip(data: bytes, password: str) -> RawTable:
    member = containers.single_member(data)
    encryption = containers.member_encryption(member)
    if encryption != "none":
        _require(password)
    inner = containers.read_member(data, member, password, MAX_DECOMPRESSED_BYTES)
    kind = _inner_kind(inner)
    if encryption == "aes":
        return _table(inner, kind, "zip-aes", [])
    if encryption == "zipcrypto":
        return _table(inner, kind, "zip-zipcrypto", [t("formats.notice.zipcrypto")])
    return _table(inner, kind, kind, [t("formats.notice.unencrypted")])


def _inner_kind(inner: bytes) -> str:
    """The file inside a container must be a plain CSV or XLSX."""
    try:
        kind = detect_format(inner)
    except ImportRefused:
        kind = None
    if kind not in ("csv", "xlsx"):
        raise ImportRefused(t("formats.zip_inner"))
    return kind


def _table(plain: bytes, kind: str, source_format: str, notices: list[str]) -> RawTable:
    parse = tabular.parse_xlsx if kind == "xlsx" else tabular.parse_csv
    headers, rows = parse(plain, limits())
    _require_table(headers, rows)
    return RawTable(headers, rows, source_format, notices)


def _filled(cells) -> int:
    return sum(cell is not None and cell != "" for cell in cells)


def _require_table(headers: list, rows: list) -> None:
    """A delivery is a table: at least two named columns, and data rows that fill more than
    one cell. Plain text (a note, the file with the passwords) reads as a "CSV" of one
    column; it is refused here, before any column mapping shows its lines."""
    if _filled(headers) < 2 or (rows and not any(_filled(cells) >= 2 for _number, cells in rows)):
        raise ImportRefused(t("formats.not_a_table"))


def _require(password: str) -> None:
    if not password:
        raise ImportRefused(t("formats.password_missing"))

