"""A workbook whose cells all point at one long shared string is refused before it is read.

The reader copies a shared string into every cell that uses it: 6,000,000 cells pointing
at one string of 1,000 characters, in a 12 MB file within every other limit, asked for
about 13 GB and aborted the import (exit 134). The bounds scan now counts, per cell, the
length of the string it points at, against the 200 MB the file may unpack to.

The hostile file is built at run time (streamed into a ZIP), synthetic, never committed.
The import runs in a child process capped at 2 GB (RLIMIT_AS), like
tests/test_bounded_parsing.py, so a regression aborts the child and not pytest.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
import xlsxwriter

from ceremony.demo_files import encrypt_xlsx, xlsx_bytes
from ceremony.errors import ImportRefused
from ceremony.intake import formats, shared_strings
from ceremony.intake.formats import read_delivery
from ceremony.texts import t
from tests.test_bounded_parsing import SECONDS, run_capped, with_part

PASSWORD = "Gedeelde-Tekst-42"
HEADERS = ["Rijksregisternummer", "Naam", "Voornaam", "Datum inburgeringsattest"]


def too_much_text() -> str:
    return t("limits.shared_text", mb=formats.MAX_DECOMPRESSED_BYTES // 1_000_000)


def column_letters(number: int) -> bytes:
    """"A", "B", ... "GR" for 1, 2, ... 200."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters.encode()


def shared_string_bomb(target, rows: int = 30_000, columns: int = 200, chars: int = 1_000) -> None:
    """Write to `target` a workbook of rows x columns cells that all point at one string of `chars`.

    At the defaults: 6,000,000 cells, 200 columns, 195.6 MB unpacked, about 12 MB on disk.
    The sheet is streamed into the archive row by row.
    """
    seed = io.BytesIO()
    book = xlsxwriter.Workbook(seed, {"in_memory": True})
    book.add_worksheet().write_string(0, 0, "x" * chars)  # the shared-strings table: one string
    book.close()
    starts = [b'<c r="' + column_letters(number) for number in range(1, columns + 1)]
    last = column_letters(columns) + str(rows).encode()
    with zipfile.ZipFile(io.BytesIO(seed.getvalue())) as source, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(info.filename, source.read(info))
                continue
            with archive.open(info.filename, "w") as sheet:
                sheet.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                            b'<dimension ref="A1:' + last + b'"/><sheetData>')
                for row in range(1, rows + 1):
                    number = str(row).encode()
                    end = number + b'" t="s"><v>0</v></c>'
                    sheet.write(b'<row r="' + number + b'">' + b"".join(start + end for start in starts) + b"</row>")
                sheet.write(b"</sheetData></worksheet>")


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    path = tmp_path_factory.mktemp("bom") / "levering.xlsx"
    shared_string_bomb(path)
    return path


def test_the_bomb_is_within_every_other_limit(bomb):
    assert bomb.stat().st_size < formats.MAX_FILE_BYTES
    with zipfile.ZipFile(bomb) as package:
        unpacked = sum(info.file_size for info in package.infolist())
        assert unpacked < formats.MAX_DECOMPRESSED_BYTES
        head = package.open("xl/worksheets/sheet1.xml").read(400)
    assert b'<dimension ref="A1:GR30000"/>' in head  # 200 columns x 30,000 rows = 6,000,000 cells


def test_import_refuses_the_shared_string_bomb_in_a_2_gb_process(bomb, store, data_dir):
    result, seconds = run_capped(["-m", "ceremony", "--data-dir", str(data_dir), "import", str(bomb)])
    assert result.returncode == 2, result.stderr[-500:]  # was 134: the reader aborted the process
    assert result.stderr.strip() == too_much_text()
    assert seconds < SECONDS
    assert store.scalar("SELECT count(*) FROM deliveries") == 0


def test_import_refuses_the_encrypted_shared_string_bomb_in_a_2_gb_process(bomb, store, data_dir, tmp_path):
    encrypted = tmp_path / "levering-versleuteld.xlsx"
    encrypted.write_bytes(encrypt_xlsx(bomb.read_bytes(), PASSWORD))
    result, seconds = run_capped(["-m", "ceremony", "--data-dir", str(data_dir), "import", str(encrypted),
                                  "--password-stdin"], input=PASSWORD + "\n")
    assert result.returncode == 2, result.stderr[-500:]
    assert result.stderr.strip() == too_much_text()
    assert seconds < SECONDS
    assert store.scalar("SELECT count(*) FROM deliveries") == 0


# --- the same rule on small files, with the budget lowered --------------------------------


@pytest.fixture
def small_budget(monkeypatch):
    """A 100 KB budget: 200 cells of 1,000 characters go over it, 200 short ones do not."""
    monkeypatch.setattr(formats, "MAX_DECOMPRESSED_BYTES", 100_000)


def small_bomb(rows: int = 50, columns: int = 4, chars: int = 1_000) -> bytes:
    buffer = io.BytesIO()
    shared_string_bomb(buffer, rows=rows, columns=columns, chars=chars)
    return buffer.getvalue()


def test_a_small_bomb_is_refused_and_the_same_grid_of_short_strings_is_read(small_budget):
    with pytest.raises(ImportRefused) as refused:
        read_delivery(small_bomb(chars=1_000), None)  # 200 cells x 1,000 = 200 KB of text
    assert str(refused.value) == too_much_text()
    table = read_delivery(small_bomb(chars=10), None)  # 200 cells x 10 characters
    assert len(table.rows) == 49


def test_distinct_strings_count_once_each(small_budget):
    # 50 rows of 4 distinct strings of 300 characters (60 KB): within 100 KB
    rows = [[f"{row:03}{column}" + "y" * 296 for column in range(4)] for row in range(50)]
    assert len(read_delivery(xlsx_bytes(HEADERS, rows), None).rows) == 50


def test_a_cell_spelt_otherwise_counts_as_the_longest_string(small_budget):
    # 60 cells point at a short string; spelt with the type first they could point anywhere
    rows = [["kort", "x" * 990, "kort", "kort"] for _ in range(30)]
    plain = xlsx_bytes(HEADERS, rows)
    assert read_delivery(plain, None).rows
    odd = with_part(plain, "xl/worksheets/sheet1.xml",
                    lambda xml: re.sub(rb'<c r="([A-Z]+\d+)" t="s">', rb'<c t="s" r="\1">', xml))
    with pytest.raises(ImportRefused) as refused:
        read_delivery(odd, None)
    assert str(refused.value) == too_much_text()


@pytest.mark.parametrize("change", [
    pytest.param(lambda xml: xml.replace(b"<si>", b"<!-- </si><si> --><si>", 1), id="comment"),
    pytest.param(lambda xml: xml.replace(b"<t>", b"<t><![CDATA[</si><si>]]>", 1), id="cdata"),
    pytest.param(lambda xml: xml.replace(b"<t>", b'<t a="</si><si>">', 1), id="tag in an attribute"),
    pytest.param(lambda xml: xml.replace(b"<si>", b"<si><si/>", 1), id="nested"),
    pytest.param(lambda xml: xml.replace(b"</si>", b"</x:si>", 1), id="closed by another name"),
    pytest.param(lambda xml: re.sub(rb"(<sst[^>]*>)", rb"<si><t>a</t></si>\1", xml, count=1), id="before sst"),
    pytest.param(lambda xml: xml.replace(b"</si></sst>", b"</sst>"), id="never closed"),
])
def test_a_shared_strings_table_that_could_be_split_otherwise_is_refused(change):
    plain = xlsx_bytes(HEADERS, [["a", "b", "c", "d"]])
    with pytest.raises(ImportRefused) as refused:
        read_delivery(with_part(plain, "xl/sharedStrings.xml", change), None)
    assert str(refused.value) == t("formats.damaged")


def test_a_table_written_otherwise_is_read():
    # indented, prefixed, with attributes: measured tag by tag instead of split in one go
    def otherwise(xml: bytes) -> bytes:
        xml = xml.replace(b"</si><si>", b"</si>\n  <si>").replace(b"<si>", b'<si x="1">')
        return xml.replace(b"<sst ", b'<x:sst xmlns:x="urn:x" ').replace(b"</sst>", b"</x:sst>")

    plain = xlsx_bytes(HEADERS, [["a", "b", "c", "d"]])
    assert read_delivery(with_part(plain, "xl/sharedStrings.xml", otherwise), None).rows == [(2, ["a", "b", "c", "d"])]


def test_two_shared_strings_tables_are_refused():
    plain = xlsx_bytes(HEADERS, [["a", "b", "c", "d"]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.writestr("xl/SharedStrings.XML", source.read("xl/sharedStrings.xml"))
    with pytest.raises(ImportRefused) as refused:
        read_delivery(out.getvalue(), None)
    assert str(refused.value) == t("formats.damaged")


@pytest.mark.parametrize("size", [1, 3, 7, 64, 1 << 20])
def test_string_lengths_do_not_depend_on_chunk_borders(size):
    xml = (b'<?xml version="1.0"?><sst count="3"><si><t>een</t></si><si/><x:si><x:t>twee</x:t></x:si>'
           b'<si><r><t>dr</t></r><r><t>ie</t></r></si></sst>')
    table = shared_strings.Table(max_strings=10)
    for start in range(0, len(xml), size):
        table.feed(xml[start : start + size])
    table.feed(b"", final=True)
    texts = [b"<t>een</t>", b"", b"<x:t>twee</x:t>", b"<r><t>dr</t></r><r><t>ie</t></r>"]
    assert len(table.lengths) == len(texts)
    for length, text in zip(table.lengths, texts, strict=True):  # at least the element's content
        assert len(text) <= length <= len(text) + 40
