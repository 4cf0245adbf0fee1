"""A large worksheet is measured on both cores (the command line): a forked helper scans
the second half of the part while this process scans the first. The halves must together
refuse everything the one-process scan refuses, wherever the dangerous reference sits,
and accept what it accepts. Here every part is split, in small chunks, so the hand-over
falls inside the sheet; each file runs in a child process with its memory capped."""

from __future__ import annotations

import pytest

from tests.test_bounded_parsing import CELLS, COLUMNS, DANGEROUS, HEADERS, run_capped, with_sheet

SPLIT_EVERYTHING = """
import sys
from ceremony import parallel
from ceremony.errors import ImportRefused
from ceremony.intake import bounds, formats

bounds._SPLIT_BYTES = 0          # every part on both cores
bounds._CHUNK = int(sys.argv[2])  # small chunks: the hand-over lands inside the sheet
parallel.workers_for = lambda count: 2
calls = []
split_map = parallel.split_map
parallel.split_map = lambda *a, **k: calls.append(1) or split_map(*a, **k)
try:
    table = formats.read_delivery(open(sys.argv[1], "rb").read(), None)
except ImportRefused as exc:
    print(exc)
    print(exc.code)
    sys.exit(2 if calls else 3)
print("accepted", len(table.headers), len(table.rows), sorted(c for _, cells in table.rows for c in cells if c))
sys.exit(0 if calls else 3)
"""


def run_split(tmp_path, data: bytes, chunk: int):
    path = tmp_path / "levering.xlsx"
    path.write_bytes(data)
    result, _seconds = run_capped(["-c", SPLIT_EVERYTHING, str(path), str(chunk)])
    return result


@pytest.mark.parametrize("chunk", [64, 1000])
@pytest.mark.parametrize("case", list(DANGEROUS))
def test_both_halves_together_refuse_every_dangerous_workbook(case, chunk, tmp_path):
    make, message = DANGEROUS[case]
    result = run_split(tmp_path, make(), chunk)
    assert (result.returncode, result.stdout.splitlines()[:1]) == (2, [message]), result.stderr[-800:]
    assert "Traceback" not in result.stderr  # the helper never dies on a pipe nobody reads


@pytest.mark.parametrize("chunk", [64, 1000])
@pytest.mark.parametrize(("row", "cell", "message"), [("20", "XFD20", COLUMNS), ("200001", "GR200001", CELLS)])
def test_a_far_cell_only_the_second_half_sees_is_refused(row, cell, message, chunk, tmp_path):
    """The sheet's own dimension is honest; the one far cell sits at its end."""
    from ceremony.demo_files import xlsx_bytes

    rows = [[f"r{i}", "y", "z", "w"] for i in range(60)]
    far = f'<row r="{row}"><c r="{cell}" t="n"><v>1</v></c></row></sheetData>'.encode()
    data = with_sheet(xlsx_bytes(HEADERS, rows), lambda xml: xml.replace(b"</sheetData>", far))
    result = run_split(tmp_path, data, chunk)
    assert (result.returncode, result.stdout.splitlines()[:1]) == (2, [message]), result.stderr[-800:]


@pytest.mark.parametrize("chunk", [64, 1000])
def test_cells_without_a_reference_in_the_second_half_still_count(chunk, tmp_path):
    from ceremony.demo_files import xlsx_bytes

    rows = [[f"r{i}", "y", "z", "w"] for i in range(60)]
    far = b'<row r="90">' + b"<c><v>1</v></c>" * 201 + b"</row></sheetData>"
    data = with_sheet(xlsx_bytes(HEADERS, rows), lambda xml: xml.replace(b"</sheetData>", far))
    result = run_split(tmp_path, data, chunk)
    assert (result.returncode, result.stdout.splitlines()[:1]) == (2, [COLUMNS]), result.stderr[-800:]


def test_an_honest_workbook_reads_the_same_on_both_cores(tmp_path):
    from ceremony.demo_files import xlsx_bytes
    from ceremony.intake import formats

    rows = [[f"naam {i}", f"voornaam {i}", f"straat {i}", "01/02/2026"] for i in range(80)]
    data = xlsx_bytes(HEADERS, rows)
    alone = formats.read_delivery(data, None)
    expected = sorted(c for _, cells in alone.rows for c in cells if c)
    result = run_split(tmp_path, data, 64)
    assert result.returncode == 0, result.stdout + result.stderr[-800:]
    assert result.stdout.strip() == f"accepted {len(alone.headers)} {len(alone.rows)} {expected}"
