"""Size checks that run before any reader allocates: a file is measured, then parsed.

A spreadsheet reader sizes its grid by the sheet's declared `<dimension>` and by the
furthest cell reference; one cell at `XFD1048576` in a 6 KB workbook asks for 512 GB
and aborts the process. A CSV reader splits a line into as many cells as it has
separators. So both are measured first, streaming and in bounded memory:

- XLSX: every part of the package is decompressed in 1 MB chunks (the unpacked-size
  limit counted as it goes) and scanned for the `<dimension ref>`, the `<row r>` and
  `<c r>` references, and the rows and cells without a reference (the reader places
  those after the previous one, so they count as one further). Each sheet's furthest
  column and its grid (last row x last column) must stay within the limits, whatever
  the dimension says. A `count`/`uniqueCount` attribute (the reader reserves room for
  that many shared strings) may not exceed the cell limit. The package must start with
  a ZIP entry and end with its directory, so the reader and this check see one archive.
  The text the cells take from the shared-strings table counts against the unpacked
  limit too (`shared_strings`: one string in 6 million cells is 6 GB for the reader).
  A large part (the worksheet) is scanned on both cores in the command line: a forked
  helper decompresses the same part itself and scans its second half, this process the
  first half and every chunk for the unpacked limit and the shared strings; the furthest
  references of both halves are merged before the check. Each process holds one chunk.
- CSV: each physical line is measured before the csv module splits it
  (`tabular.bounded_lines`).

Every refusal is an ImportRefused with one Dutch sentence naming the limit.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter

from ceremony import parallel
from ceremony.errors import ImportRefused
from ceremony.intake.shared_strings import SharedText, is_table, whole_tags
from ceremony.texts import number, t

_CHUNK = 1 << 20
_SPLIT_BYTES = 8 << 20  # a part declaring at least this much is scanned on both cores (when they are free)
_PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"
_CELL = re.compile(_PREFIX + rb"c[\s/>]")
_CELL_R = re.compile(_PREFIX + rb"c\s(?:[^>]*?\s)?r\s*=\s*[\"']([^\"']*)[\"']")
_ROW = re.compile(_PREFIX + rb"row[\s/>]")
_ROW_R = re.compile(_PREFIX + rb"row\s(?:[^>]*?\s)?r\s*=\s*[\"']([^\"']*)[\"']")
_DIMENSION_REF = re.compile(_PREFIX + rb"dimension\s(?:[^>]*?\s)?ref\s*=\s*[\"']([^\"']*)[\"']")
_REFERENCE = re.compile(rb"\$?([A-Za-z]{1,3})\$?(\d{1,7})")
_CELL_REF = re.compile(_PREFIX + rb"c\s(?:[^>]*?\s)?r\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?(\d{1,7})[\"']")
_ROW_REF = re.compile(_PREFIX + rb"row\s(?:[^>]*?\s)?r\s*=\s*[\"'](\d{1,7})[\"']")
# Excel's spelling of cell and row tags, each pattern with a literal start the regex
# engine skips to quickly; a cell or row tag spelt any other way is "odd"
_PLAIN_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"')
_PLAIN_ROW = re.compile(rb'<row r="(\d{1,7})"')
_ODD_CELL = re.compile(rb'<c(?=[\s/>])(?! r="[A-Z]{1,3}\d{1,7}")')
_ODD_ROW = re.compile(rb'<row(?=[\s/>])(?! r="\d{1,7}")')
_PREFIXED = re.compile(rb"<[A-Za-z_][\w.-]*:(?:c|row)[\s/>]")
# `count` and `uniqueCount` announce list sizes (shared strings, styles) the reader may reserve
_COUNT = re.compile(rb"\b(?:unique)?[Cc]ount\s*=\s*[\"']([^\"']*)[\"']")
_NUMBER = re.compile(rb"\+?\d{1,18}")
# an XLSX has a few dozen parts and a delivery ZIP one file: a directory of hundreds of
# thousands of entries only costs memory and time to list
MAX_ZIP_ENTRIES = 1_000
_CENTRAL_ENTRY = b"PK\x01\x02"
_RISKY_PARTS = ("xl/workbook.bin", "content.xml")  # other formats the reader would try


@dataclass(frozen=True)
class Limits:
    """The limits one read enforces (see the constants in `formats`)."""

    max_rows: int
    max_cell_chars: int
    max_decompressed_bytes: int
    max_columns: int
    max_cells: int

    @property
    def max_line_chars(self) -> int:
        """The longest physical CSV line that can hold a valid row (quotes and separator included)."""
        return self.max_columns * (self.max_cell_chars + 3) + 2


def raise_unpacked_too_big(limit_bytes: int):
    """Refuse: unpacking would exceed the decompressed-size limit."""
    raise ImportRefused(t("formats.too_big_unpacked", mb=limit_bytes // 1_000_000))


def raise_too_many_columns(limits: Limits):
    """Refuse: a row or sheet wider than the column limit."""
    raise ImportRefused(t("limits.columns", n=number(limits.max_columns)))


def raise_too_many_cells(limits: Limits):
    """Refuse: a grid (rows x columns) larger than the cell limit."""
    raise ImportRefused(t("limits.cells", n=number(limits.max_cells)))


# --- XLSX ---------------------------------------------------------------------------------


def column_index(letters: bytes) -> int:
    """1-based column number of "A", "Z", "AA", ... "XFD"."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


@dataclass
class _Extent:
    """The furthest row and column one XML part reaches (1-based), conservatively."""

    rows: int = 0
    columns: int = 0

    def reach(self, row: int, column: int) -> None:
        self.rows = max(self.rows, row)
        self.columns = max(self.columns, column)


class _PartScanner:
    """Scan one XML part chunk by chunk; a tag cut by a chunk border is carried over."""

    def __init__(self) -> None:
        self.declared = _Extent()
        self.cells = _Extent()
        self.unreferenced_cells = 0
        self.unreferenced_rows = 0
        self.largest_count = 0
        self._carry = b""

    def feed(self, chunk: bytes, final: bool = False) -> None:
        complete, self._carry = whole_tags(self._carry + chunk, final)
        self._scan(complete)

    def _scan(self, text: bytes) -> None:
        if not text:
            return
        if b"dimension" in text:
            for ref in _DIMENSION_REF.findall(text):
                for part in ref.split(b":"):
                    self.declared.reach(*_reference(part))
        if b"ount" in text:
            for value in _COUNT.findall(text):
                if not _NUMBER.fullmatch(value):
                    raise ImportRefused(t("formats.damaged"))
                self.largest_count = max(self.largest_count, int(value))
        if _has_odd_tags(text):
            self._scan_general(text)
            return
        # every cell and row tag is spelt as Excel writes it: `<c r="B12"`, `<row r="12"`
        cells = _PLAIN_CELL.findall(text)
        if cells:
            letters = set(map(itemgetter(0), cells))
            rows = set(map(itemgetter(1), cells))
            self.cells.reach(max(map(int, rows)), max(map(column_index, letters)))
        rows = _PLAIN_ROW.findall(text)
        if rows:
            self.cells.reach(max(map(int, set(rows))), 0)

    def _scan_general(self, text: bytes) -> None:
        """Any other spelling: prefixes, attribute order, quotes, tags without a reference."""
        # one pass for the well-formed references, one for every reference: a reference the
        # strict pattern does not read ("&#88;FD1", "A-1") is refused rather than guessed
        references = _CELL_REF.findall(text)
        if len(references) != len(_CELL_R.findall(text)):
            raise ImportRefused(t("formats.damaged"))
        self.unreferenced_cells += len(_CELL.findall(text)) - len(references)
        if references:
            letters = set(map(itemgetter(0), references))
            rows = set(map(itemgetter(1), references))
            self.cells.reach(max(map(int, rows)), max(map(column_index, letters)))
        rows = _ROW_REF.findall(text)
        if len(rows) != len(_ROW_R.findall(text)):
            raise ImportRefused(t("formats.damaged"))
        self.unreferenced_rows += len(_ROW.findall(text)) - len(rows)
        if rows:
            self.cells.reach(max(map(int, set(rows))), 0)

    def figures(self) -> tuple:
        """What this scan found, to merge into another (the other half of a part)."""
        return (self.declared.rows, self.declared.columns, self.cells.rows, self.cells.columns,
                self.unreferenced_cells, self.unreferenced_rows, self.largest_count)

    def merge(self, declared_rows, declared_columns, rows, columns, unreferenced_cells, unreferenced_rows,
              largest_count) -> None:
        """Take in the figures of the part's other half: the furthest of both, the sums of
        the cells and rows without a reference (each counts as one further)."""
        self.declared.reach(declared_rows, declared_columns)
        self.cells.reach(rows, columns)
        self.unreferenced_cells += unreferenced_cells
        self.unreferenced_rows += unreferenced_rows
        self.largest_count = max(self.largest_count, largest_count)

    def check(self, limits: Limits) -> None:
        """Refuse a grid, declared or real, beyond the column or cell limit."""
        self.feed(b"", final=True)
        # cells and rows without a reference follow the previous one: count each as one more
        real = _Extent(self.cells.rows + self.unreferenced_rows, self.cells.columns + self.unreferenced_cells)
        if self.largest_count > limits.max_cells:  # the reader reserves room for that many strings
            raise_too_many_cells(limits)
        for extent in (self.declared, real):
            if extent.columns > limits.max_columns:
                raise_too_many_columns(limits)
            if extent.rows * extent.columns > limits.max_cells:
                raise_too_many_cells(limits)


def _has_odd_tags(text: bytes) -> bool:
    """Whether some cell or row tag is not spelt `<c r="B12"` / `<row r="12"`."""
    if (b":c" in text or b":row" in text) and _PREFIXED.search(text):
        return True
    return _ODD_CELL.search(text) is not None or _ODD_ROW.search(text) is not None


def _reference(ref: bytes) -> tuple[int, int]:
    """(row, column) of a reference such as "B12"; anything else is a damaged file."""
    found = _REFERENCE.fullmatch(ref.strip())
    if not found:
        raise ImportRefused(t("formats.damaged"))
    return int(found.group(2)), column_index(found.group(1))


def check_zip_entries(data: bytes) -> None:
    """Refuse an archive with more than MAX_ZIP_ENTRIES entries, before its directory is listed.

    Every central-directory entry starts with its signature, so counting the signature
    is an upper bound on the entries, found without parsing anything.
    """
    if data.count(_CENTRAL_ENTRY) > MAX_ZIP_ENTRIES:
        raise ImportRefused(t("limits.entries", n=number(MAX_ZIP_ENTRIES)))


def check_xlsx_package(data: bytes, limits: Limits) -> None:
    """Refuse an XLSX that unpacks too big or whose sheets reach beyond the limits.

    Runs before the spreadsheet reader sees the file; memory stays at one chunk per part.
    """
    if not (data.startswith(b"PK\x03\x04") and data[-22:-18] == b"PK\x05\x06"):
        raise ImportRefused(t("formats.damaged"))  # a file prepended or a comment appended
    check_zip_entries(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
            names = {info.filename for info in infos}
            if "xl/workbook.xml" not in names or names & set(_RISKY_PARTS):
                raise ImportRefused(t("formats.unsupported"))
            if sum(info.file_size for info in infos) > limits.max_decompressed_bytes:
                raise_unpacked_too_big(limits.max_decompressed_bytes)
            total = 0
            text = SharedText(limits.max_decompressed_bytes, limits.max_cells)
            for info in sorted(infos, key=lambda info: not is_table(info.filename)):  # lengths before cells
                text.start_part(info)
                if info.file_size >= _SPLIT_BYTES and parallel.workers_for(parallel.MIN_ITEMS) == 2:
                    scanner, total = _scan_on_both_cores(data, info, text, total, limits)
                else:
                    scanner = _PartScanner()
                    total = _stream_part(package, info, text, total, limits, scanner, None)
                scanner.check(limits)
                text.end_part()
            text.check(package)
    except _DAMAGED:
        raise ImportRefused(t("formats.damaged")) from None


def _chunks(member) -> Iterator[bytes]:
    while chunk := member.read(_CHUNK):
        yield chunk


def _stream_part(package, info, text: SharedText, total: int, limits: Limits, scanner: _PartScanner,
                 stop: int | None) -> int:
    """Decompress one part chunk by chunk: the unpacked limit, the encoding and the shared
    strings see every chunk, `scanner` the part up to the tag where chunk `stop` hands
    over to the helper (everything when `stop` is None). Returns the running total."""
    scanning = True
    with package.open(info) as member:
        for index, chunk in enumerate(_chunks(member)):
            total += len(chunk)
            if total > limits.max_decompressed_bytes:
                raise_unpacked_too_big(limits.max_decompressed_bytes)
            if index == 0 and _wide_text(chunk):
                raise ImportRefused(t("formats.unsupported"))
            if scanning:
                cut = _handover(chunk, index, stop)
                scanner.feed(chunk[:cut], final=cut < len(chunk))
                scanning = cut == len(chunk)
            text.feed(chunk)
    return total


def _handover(chunk: bytes, index: int, stop: int | None) -> int:
    """Where in this chunk the first half of a part ends: at the first tag of chunk `stop`
    or of the first later chunk holding one (both processes find the same place, since
    they read the same chunks); the chunk's length when the first half goes on."""
    if stop is None or index < stop:
        return len(chunk)
    start = chunk.find(b"<")
    return len(chunk) if start < 0 else start


_DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, struct.error,
            NotImplementedError, EOFError, ValueError, OSError)


def _second_half(data: bytes, info, stop: int, limit: int) -> tuple:
    """In the helper: decompress the part again and scan it from the hand-over tag on.
    Returns the scanner's figures, or the refusal (sent back, raised by the first half)."""
    scanner, scanning, total = _PartScanner(), False, 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package, package.open(info) as member:
            for index, chunk in enumerate(_chunks(member)):
                total += len(chunk)
                if total > limit:
                    return ("stopped", None)  # the first half refuses it on the same count
                if not scanning:
                    cut = _handover(chunk, index, stop)
                    if cut == len(chunk):
                        continue
                    chunk, scanning = chunk[cut:], True
                scanner.feed(chunk)
        scanner.feed(b"", final=True)
    except ImportRefused as refused:
        return ("refused", refused)
    except _DAMAGED:
        return ("refused", ImportRefused(t("formats.damaged")))
    return ("figures", scanner.figures())


def _scan_on_both_cores(data: bytes, info, text: SharedText, total: int, limits: Limits) -> tuple:
    """Scan a large part in two halves at once (see the module's docstring); the merged
    scanner and the running total. A refusal of either half is raised once both are done
    (the helper never writes to a pipe nobody reads)."""
    stop = max(1, info.file_size // _CHUNK // 2)
    mine = _PartScanner()

    def work(sides: list[str]) -> list:
        results = []
        for side in sides:
            if side == "second":
                results.append(_second_half(data, info, stop, limits.max_decompressed_bytes))
                continue
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as package:
                    results.append(("total", _stream_part(package, info, text, total, limits, mine, stop)))
            except ImportRefused as refused:
                results.append(("refused", refused))
            except _DAMAGED:
                results.append(("refused", ImportRefused(t("formats.damaged"))))
        return results

    first, second = parallel.split_map(work, ["first", "second"], workers=2)
    for kind, value in (first, second):
        if kind == "refused":
            raise value
    if second[0] == "figures":
        mine.merge(*second[1])
    return mine, first[1]


def _wide_text(head: bytes) -> bool:
    """XML in UTF-16 or UTF-32, which the byte scan would not read (Excel writes UTF-8)."""
    start = head[:128]
    return (start.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))
            or start[:2] in (b"<\x00", b"\x00<") or start[:4] == b"\x00\x00\x00<"
            or b"utf-16" in start.lower() or b"utf-32" in start.lower())
