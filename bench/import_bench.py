"""Benchmark: import a 50,000-row password-protected XLSX into a fresh temporary store.

Prints rows per second and the ratio of the import time to the time it takes only to
decrypt and read the same file (`formats.read_delivery`). Goal: ratio at most 2.

    .venv/bin/python -m bench.import_bench [--rows 50000] [--seed 7] [--profile]

The data are synthetic (`ceremony.demo`, Faker); the temporary store is deleted after.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

from ceremony import admin, demo
from ceremony.cli import operator
from ceremony.intake import formats, importer
from ceremony.store import Store

PASSWORD = "bench-wachtwoord-2025"


def make_file(rows: int, seed: int) -> bytes:
    """A synthetic delivery with the usual quirks, as Excel's password-protected XLSX."""
    headers, table = demo.synthetic_rows(rows, seed)
    return demo.encrypt_xlsx(demo.xlsx_bytes(headers, table), PASSWORD)


def timed(action) -> tuple[object, float, float]:
    """(result, wall-clock seconds, CPU seconds of this process) of `action()`."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def best_of(runs: int, action) -> tuple[float, float]:
    """The fastest wall-clock and CPU times of `runs` calls of `action()`."""
    timings = [timed(action)[1:] for _ in range(runs)]
    return min(w for w, _ in timings), min(c for _, c in timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="print the top functions of the import")
    args = parser.parse_args()

    print(f"making {args.rows} synthetic rows ...", flush=True)
    data = make_file(args.rows, args.seed)
    read_wall, read_cpu = best_of(3, lambda: formats.read_delivery(data, PASSWORD))
    with importer._gc_paused():  # like for like: the importer reads with the collector paused
        paused_wall, paused_cpu = best_of(3, lambda: formats.read_delivery(data, PASSWORD))

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CEREMONY_KEY_FILE"] = str(Path(tmp) / "master.key")
        store = Store.open(Path(tmp) / "data", create=True)
        user = operator("beheerder")
        for key, value in demo.demo_settings().items():
            admin.set_setting(store, user, key, value)
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        report, import_wall, import_cpu = timed(
            lambda: importer.import_delivery(store, user, data, PASSWORD)
        )
        if profiler:
            profiler.disable()
        again, again_wall, again_cpu = timed(
            lambda: importer.import_delivery(store, user, data, PASSWORD)
        )
        store.close()

    print(f"file: {len(data) / 1e6:.1f} MB, {report.rows} data rows "
          f"({report.stored} stored, {report.duplicates} duplicates, {report.out_of_scope} out of scope, "
          f"{len(report.rejected)} rejected, {len(report.warnings)} warnings)")
    print(f"decrypt + read only: {read_wall:.2f} s wall, {read_cpu:.2f} s CPU (best of 3)")
    print(f"import:              {import_wall:.2f} s wall, {import_cpu:.2f} s CPU")
    print(f"rows per second:     {report.rows / import_wall:,.0f}")
    print(f"ratio import / read: {import_wall / read_wall:.2f} wall, {import_cpu / read_cpu:.2f} CPU (goal: at most 2)")
    print(f"read, collector paused as in the import: {paused_wall:.2f} s wall, {paused_cpu:.2f} s CPU; "
          f"ratio to that: {import_wall / paused_wall:.2f} wall, {import_cpu / paused_cpu:.2f} CPU")
    print(f"same file again:     {again_wall:.2f} s wall, {again_cpu:.2f} s CPU "
          f"({again.unchanged} unchanged, {again.stored} new: every known person re-sealed under the new delivery)")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
