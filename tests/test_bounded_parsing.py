"""Files that ask a reader for more than they hold are refused before anything allocates.

Each dangerous file runs in a child process with its address space capped at 2 GB
(RLIMIT_AS), so a regression aborts the child, not pytest, and the test fails on the
missing Dutch refusal. Files are synthetic and made at run time; none holds a person.
"""

from __future__ import annotations

import io
import re
import resource
import subprocess
import sys
import time
import zipfile

import pytest
import xlsxwriter

from ceremony.demo_files import csv_bytes, xlsx_bytes
from ceremony.errors import ImportRefused
from ceremony.intake import bounds, formats
from ceremony.intake.formats import read_delivery
from ceremony.texts import t
from tests.conftest import ROOT

HEADERS = ["Rijksregisternummer", "Naam", "Voornaam", "Datum inburgeringsattest"]
MEMORY_CAP = 2 << 30
SECONDS = 20  # generous on a shared 2-core machine; a refusal takes well under one

COLUMNS = t("limits.columns", n="200")
CELLS = t("limits.cells", n="6.000.000")


def workbook_with_cell(row: int, col: int) -> bytes:
    """A valid few-KB workbook: the headers, and one cell at (row, col), 0-based."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for index, header in enumerate(HEADERS):
        sheet.write_string(0, index, header)
    sheet.write_string(row, col, "x")
    book.close()
    return buffer.getvalue()


def with_sheet(data: bytes, change) -> bytes:
    """The same workbook with its first sheet's XML passed through `change`."""
    return with_part(data, "xl/worksheets/sheet1.xml", change)


def declaring(ref: str) -> bytes:
    """A small honest table whose <dimension> claims `ref`."""
    plain = xlsx_bytes(HEADERS, [["x", "y", "z", "w"]])
    return with_sheet(plain, lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), xml))


def with_part(data: bytes, name: str, change) -> bytes:
    """The same workbook with part `name` passed through `change`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            target.writestr(info.filename, change(part) if info.filename == name else part)
    return out.getvalue()


def announcing_strings(count: str) -> bytes:
    """A small honest table whose shared-strings list announces `count` strings."""
    plain = xlsx_bytes(HEADERS, [["x", "y", "z", "w"]])
    return with_part(plain, "xl/sharedStrings.xml",
                     lambda xml: re.sub(rb'uniqueCount="\d+"', f'uniqueCount="{count}"'.encode(), xml))


def zipped(name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(name, content)
    return out.getvalue()


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_capped(args: list[str], **kwargs) -> tuple[subprocess.CompletedProcess, float]:
    """Run `python args...` with at most 2 GB of address space; (result, seconds)."""
    started = time.monotonic()
    result = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True,
                            preexec_fn=_cap_memory, timeout=120, **kwargs)
    return result, time.monotonic() - started


PREVIEW = """
import sys
from ceremony.errors import ImportRefused
from ceremony.intake import reading
try:
    reading.preview(open(sys.argv[1], "rb").read(), None)
except ImportRefused as exc:
    print(exc)
    sys.exit(2)
print("accepted")
"""


DANGEROUS = {
    "one cell at XFD1048576": (lambda: workbook_with_cell(1048575, 16383), COLUMNS),
    "one cell at XFD20000": (lambda: workbook_with_cell(19999, 16383), COLUMNS),
    "dimension claims A1:XFD1048576": (lambda: declaring("A1:XFD1048576"), COLUMNS),
    "dimension claims A1:GR200001": (lambda: declaring("A1:GR200001"), CELLS),
    "one cell at GR200001 (200 columns, 40 million cells)": (lambda: workbook_with_cell(200000, 199), CELLS),
    "shared strings announce 4 billion": (lambda: announcing_strings("4000000000"), CELLS),
    "shared strings announce +4 billion": (lambda: announcing_strings("+4000000000"), CELLS),
}


@pytest.mark.parametrize("case", list(DANGEROUS))
def test_dense_range_workbook_is_refused_in_the_preview_within_seconds(case, tmp_path):
    make, message = DANGEROUS[case]
    path = tmp_path / "levering.xlsx"
    path.write_bytes(make())
    assert path.stat().st_size < 10_000
    result, seconds = run_capped(["-c", PREVIEW, str(path)])
    assert (result.returncode, result.stdout.strip()) == (2, message), result.stderr[-500:]
    assert seconds < SECONDS


@pytest.mark.parametrize("case", ["one cell at XFD1048576", "dimension claims A1:GR200001"])
def test_dense_range_workbook_is_refused_by_the_import_command(case, store, data_dir, tmp_path):
    make, message = DANGEROUS[case]
    path = tmp_path / "levering.xlsx"
    path.write_bytes(make())
    result, seconds = run_capped(["-m", "ceremony", "--data-dir", str(data_dir), "import", str(path)])
    assert result.returncode == 2, result.stderr[-500:]  # was 134: the process aborted
    assert result.stderr.strip() == message
    assert seconds < SECONDS
    assert store.scalar("SELECT count(*) FROM deliveries") == 0


def test_wide_csv_and_zipped_csv_are_refused_quickly_and_in_little_memory(store, data_dir, tmp_path):
    wide = tmp_path / "breed.csv"
    wide.write_bytes(b";" * 200_000 + b"\r\n")  # 200 KB, 200,001 empty header cells
    bomb = tmp_path / "breed.zip"
    bomb.write_bytes(zipped("levering.csv", b"a;" * 10_000_000 + b"\r\n"))  # 20 million columns
    assert bomb.stat().st_size < 50_000
    line = t("limits.line_too_long", row=1, n="200.602", columns=200, chars="1.000")
    for path, message in ((wide, COLUMNS), (bomb, line)):
        result, seconds = run_capped(["-m", "ceremony", "--data-dir", str(data_dir), "import", str(path)])
        assert (result.returncode, result.stderr.strip()) == (2, message)
        assert seconds < SECONDS


def test_more_than_200_columns_is_refused_and_200_are_read():
    def table(width):
        headers = HEADERS + [f"Kolom {i}" for i in range(width - len(HEADERS))]
        return headers, [["x"] * width]

    for make in (csv_bytes, xlsx_bytes):
        assert len(read_delivery(make(*table(200)), None).headers) == 200
        with pytest.raises(ImportRefused) as refused:
            read_delivery(make(*table(201)), None)
        assert str(refused.value) == COLUMNS


def test_cells_without_a_reference_count_as_the_next_column():
    row = b'<row r="3">' + b"<c><v>1</v></c>" * 201 + b"</row></sheetData>"
    data = with_sheet(xlsx_bytes(HEADERS, [["x", "y", "z", "w"]]), lambda xml: xml.replace(b"</sheetData>", row))
    with pytest.raises(ImportRefused) as refused:
        read_delivery(data, None)
    assert str(refused.value) == COLUMNS


@pytest.mark.parametrize("reference", [b"&#88;FD1", b"A-1", b"XFDA1"])
def test_a_reference_the_check_cannot_read_is_refused(reference):
    data = with_sheet(xlsx_bytes(HEADERS, [["x", "y", "z", "w"]]),
                      lambda xml: xml.replace(b'r="A2"', b'r="' + reference + b'"'))
    with pytest.raises(ImportRefused) as refused:
        read_delivery(data, None)
    assert str(refused.value) == t("formats.damaged")


def test_a_workbook_behind_another_file_or_before_a_comment_is_refused():
    plain = xlsx_bytes(HEADERS, [["x", "y", "z", "w"]])
    assert read_delivery(plain, None).rows
    for data in (b"\xd0\xcf\x11\xe0" + bytes(508) + plain, archive_with_comment(plain)):
        with pytest.raises(ImportRefused) as refused:
            formats.tabular.parse_xlsx(data, formats.limits())
        assert str(refused.value) == t("formats.damaged")


def archive_with_comment(data: bytes) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.comment = b"een commentaar"
    return buffer.getvalue()


def test_a_sheet_in_utf16_is_refused_unread():
    data = with_sheet(xlsx_bytes(HEADERS, [["x", "y", "z", "w"]]),
                      lambda xml: xml.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))
    with pytest.raises(ImportRefused) as refused:
        read_delivery(data, None)
    assert str(refused.value) == t("formats.unsupported")


def test_a_tag_cut_by_a_chunk_border_is_still_measured():
    xml = workbook_sheet_xml(workbook_with_cell(5, 16383))
    for size in (1, 7, 64, len(xml)):
        scanner = bounds._PartScanner()
        for start in range(0, len(xml), size):
            scanner.feed(xml[start : start + size])
        with pytest.raises(ImportRefused) as refused:
            scanner.check(formats.limits())
        assert str(refused.value) == COLUMNS, size


def workbook_sheet_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("xl/worksheets/sheet1.xml")


def test_a_csv_grid_beyond_the_cell_limit_is_refused_quickly():
    # 31,000 lines of 200 cells (7 MB): nothing in them, yet 6.2 million cells to split
    data = b"Naam;Voornaam" + b";" * 198 + b"\r\n" + (b"a" + b";" * 199 + b"\r\n") * 31_000
    started = time.monotonic()
    with pytest.raises(ImportRefused) as refused:
        read_delivery(data, None)
    assert str(refused.value) == CELLS
    assert time.monotonic() - started < SECONDS


def test_import_command_refuses_a_file_over_the_size_limit_without_reading_it(store, data_dir, tmp_path):
    big = tmp_path / "groot.csv"
    with big.open("wb") as handle:  # sparse: 4 GB on paper, nothing on disk
        handle.truncate(4 << 30)
    result, seconds = run_capped(["-m", "ceremony", "--data-dir", str(data_dir), "import", str(big)])
    assert (result.returncode, result.stderr.strip()) == (2, t("formats.too_big", mb=50))
    assert seconds < SECONDS


def test_an_archive_of_many_entries_is_refused_before_it_is_listed():
    def archive(entries: int, workbook: bool) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as target:
            if workbook:
                with zipfile.ZipFile(io.BytesIO(xlsx_bytes(HEADERS, [["x", "y", "z", "w"]]))) as source:
                    for info in source.infolist():
                        target.writestr(info.filename, source.read(info))
            for index in range(entries - len(target.infolist())):
                target.writestr(f"xl/leeg/{index}", b"")
        return buffer.getvalue()

    many = t("limits.entries", n="1.000")
    assert read_delivery(archive(1_000, workbook=True), None).rows
    for data in (archive(1_001, workbook=True), archive(1_001, workbook=False)):
        with pytest.raises(ImportRefused) as refused:
            read_delivery(data, None)
        assert str(refused.value) == many
    with pytest.raises(ImportRefused) as refused:  # as it comes out of an encrypted Excel file
        formats.tabular.parse_xlsx(archive(1_001, workbook=True), formats.limits())
    assert str(refused.value) == many
