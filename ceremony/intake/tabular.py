"""Parse the plaintext of a delivery (CSV or XLSX bytes) into a header and numbered rows.

Everything happens in memory. Row numbers are the ones a user sees in Excel or in a text
editor (header = row 1 when it is on the first line); entirely empty rows are skipped but
keep their number. Limits are passed in by `formats` so a test can lower them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator

import python_calamine

from ceremony import texts
from ceremony.errors import ImportRefused
from ceremony.intake.bounds import (
    Limits,
    check_xlsx_package,
    raise_too_many_cells,
    raise_too_many_columns,
    raise_unpacked_too_big,
)
from ceremony.texts import t

__all__ = ["Cell", "Limits", "check_xlsx_package", "parse_csv", "parse_xlsx", "raise_unpacked_too_big"]

Cell = str | int | float | dt.date | dt.datetime | None
SEPARATORS = (";", ",", "\t")
_QUOTED = re.compile(r'"[^"]*"')
# Characters that never occur in a genuine CSV export (C0 controls except tab, CR, LF).
_BINARY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


# --- text detection -----------------------------------------------------------------------


def decode_text(data: bytes) -> str | None:
    """The text of a CSV file (UTF-8 with or without BOM, else cp1252; UTF-16 with BOM), or None if binary."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" export
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return None if _BINARY.search(text) else text
    return None


def guess_separator(text: str) -> str:
    """`;`, `,` or tab: the one that occurs most in the first non-empty line, outside quotes."""
    first = next((line for line in _first_lines(text) if line.strip()), "")
    bare = _QUOTED.sub("", first)
    counts = {sep: bare.count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


def _first_lines(text: str, look: int = 1 << 16):
    """Lines at the start of `text`, without splitting the whole file."""
    start = 0
    while start < len(text):
        end = text.find("\n", start, start + look)
        if end < 0:
            yield text[start : start + look]
            return
        yield text[start:end]
        start = end + 1


# --- CSV ----------------------------------------------------------------------------------


def bounded_lines(text: str, limits: Limits) -> Iterator[str]:
    """The physical lines of `text` for csv.reader, each measured before it is split: a line
    longer than `max_columns` cells of `max_cell_chars` characters cannot be a valid row."""
    longest = limits.max_line_chars
    start, number, size = 0, 0, len(text)
    while start < size:
        number += 1
        end = _line_end(text, start, longest)
        if end - start > longest:
            raise ImportRefused(t("limits.line_too_long", row=number, n=texts.number(longest),
                                  columns=limits.max_columns, chars=texts.number(limits.max_cell_chars)))
        yield text[start:end]
        start = end


def _line_end(text: str, start: int, longest: int) -> int:
    """Index just past the line break of the line at `start` (looks at most `longest` + 2 ahead)."""
    window = start + longest + 2
    lf, cr = text.find("\n", start, window), text.find("\r", start, window)
    if cr >= 0 and (lf < 0 or cr < lf):
        return cr + 2 if text.startswith("\r\n", cr) else cr + 1
    if lf >= 0:
        return lf + 1
    return min(len(text), window)


def parse_csv(data: bytes, limits: Limits) -> tuple[list[str], list[tuple[int, list[Cell]]]]:
    """Header and numbered rows of a CSV file; cells are stripped text or None."""
    text = decode_text(data)
    if text is None:
        raise ImportRefused(t("formats.unsupported"))
    reader = csv.reader(bounded_lines(text, limits), delimiter=guess_separator(text),
                        skipinitialspace=True, strict=False)
    numbered = _numbered_records(reader, limits)
    try:
        return _split_header(numbered, limits)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):  # a cell far beyond our own limit
            raise ImportRefused(t("formats.cell_too_long", row=reader.line_num, n=limits.max_cell_chars)) from None
        raise ImportRefused(t("formats.damaged")) from None


def _numbered_records(reader, limits: Limits):
    # Each record is one row as Excel shows it; a blank line is a record too, so the
    # numbers match a text editor's line numbers unless a quoted cell holds a line break.
    cells = 0
    for number, record in enumerate(reader, start=1):
        if len(record) > limits.max_columns:
            raise_too_many_columns(limits)
        cells += len(record)
        if cells > limits.max_cells:  # the same grid limit as a workbook's, blank lines included
            raise_too_many_cells(limits)
        yield number, [_clean(cell) for cell in record]


# --- XLSX ---------------------------------------------------------------------------------


def parse_xlsx(data: bytes, limits: Limits) -> tuple[list[str], list[tuple[int, list[Cell]]]]:
    """Header and numbered rows of the first worksheet with data; typed cells kept."""
    check_xlsx_package(data, limits)
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        with book:
            sheet = _first_sheet_with_data(book)
            if sheet is None:
                raise ImportRefused(t("formats.no_data"))
            return _sheet_rows(sheet, limits)
    except python_calamine.CalamineError:
        raise ImportRefused(t("formats.damaged")) from None


def _first_sheet_with_data(book):
    for index in range(len(book.sheet_names)):
        sheet = book.get_sheet_by_index(index)
        if sheet.start is not None:
            return sheet
    return None


def _sheet_rows(sheet, limits: Limits):
    """Header and numbered data rows of a worksheet, limits checked, in one pass.

    This runs once per cell of the delivery, so it does in one loop what `_split_header`
    does for CSV: clean the cells (text inline, the rest through `_clean`), skip empty
    rows, count rows, find the first cell that is too long.
    """
    # calamine may or may not yield the empty rows above the data; the last row it
    # yields is always `sheet.end`, so the offset follows from the count.
    header, rows, count, too_long = None, [], 0, None
    longest, most = limits.max_cell_chars, limits.max_rows
    for count, row in enumerate(sheet.iter_rows(), start=1):  # noqa: B007
        cells = [(cell.strip() or None) if cell.__class__ is str else _clean(cell) for cell in row]
        if all(cell is None for cell in cells):
            continue
        if too_long is None and any(cell.__class__ is str and len(cell) > longest for cell in cells):
            too_long = count
        if header is None:
            header = cells
        else:
            rows.append((count, cells))
            if len(rows) > most:
                raise_too_many_rows(limits)
    offset = sheet.end[0] + 1 - count
    if too_long is not None:
        raise ImportRefused(t("formats.cell_too_long", row=too_long + offset, n=longest))
    if header is None:
        raise ImportRefused(t("formats.no_data"))
    if offset:
        rows = [(number + offset, cells) for number, cells in rows]
    return _squared(header, rows)


# --- shared -------------------------------------------------------------------------------


def _clean(cell) -> Cell:
    """One cell as the importer gets it: stripped text, number, date, or None when empty."""
    if cell is None:
        return None
    if isinstance(cell, str):
        cell = cell.strip()
        return cell or None
    if isinstance(cell, bool):
        return "WAAR" if cell else "ONWAAR"
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 2**53:
        return int(cell)
    if isinstance(cell, int | float | dt.date):  # datetime is a date too
        return cell
    return str(cell)  # time or timedelta: rare, shown as text


def _split_header(numbered, limits: Limits):
    """First non-empty row is the header; the rest are data rows, limits checked."""
    header, rows = None, []
    for number, cells in numbered:
        if all(cell is None for cell in cells):
            continue
        _check_cells(number, cells, limits)
        if header is None:
            header = cells
            continue
        rows.append((number, cells))
        if len(rows) > limits.max_rows:
            raise_too_many_rows(limits)
    if header is None:
        raise ImportRefused(t("formats.no_data"))
    return _squared(header, rows)


def _check_cells(number: int, cells: list[Cell], limits: Limits) -> None:
    longest = limits.max_cell_chars
    for cell in cells:
        if cell.__class__ is str and len(cell) > longest:
            raise ImportRefused(t("formats.cell_too_long", row=number, n=longest))


def _squared(header: list[Cell], rows):
    """Drop columns that are empty everywhere at the edges; pad every row to one width."""
    used = [i for i, cell in enumerate(header) if cell is not None]
    first, last = min(used), max(used)
    for _number, cells in rows:
        # only the cells beyond the edges found so far can move them (usually none)
        for i in range(min(first, len(cells))):
            if cells[i] is not None:
                first = i
                break
        for i in range(len(cells) - 1, last, -1):
            if cells[i] is not None:
                last = i
                break
    width = last - first + 1

    def fit(cells):
        if first == 0 and len(cells) == width:
            return cells  # already square: the reader's own list, not copied
        part = list(cells[first : last + 1])
        return part + [None] * (width - len(part))

    headers = ["" if cell is None else _header_text(cell) for cell in fit(header)]
    return headers, [(number, fit(cells)) for number, cells in rows]


def _header_text(cell: Cell) -> str:
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell).strip()


def raise_too_many_rows(limits: Limits):
    """Refuse: more data rows than the limit."""
    raise ImportRefused(t("formats.too_many_rows", n=f"{limits.max_rows:,}".replace(",", ".")))
