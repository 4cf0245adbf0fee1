"""Benchmark: `keys rotate` on 50,000 people (re-seal every record and note, new keys).

Usage: .venv/bin/python -m bench.rotation_bench [--people N] [--deliveries D]

Builds a throw-away installation in a temporary directory with synthetic people (made-up
names and numbers, the same population as purge_bench.py: a quarter invited with a
sealed call note) and a few objection tombstones, then runs `keys.rotate` (one
transaction: hand-over entry, new data keys, every record and note re-sealed, blind
indexes carried into the new epoch, compaction) and `audit verify`. Prints seconds,
people per second and the peak memory of the process.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from bench.purge_bench import populate
from ceremony import audit, keys, people, permissions
from ceremony.startup import open_installation

ADMIN = permissions.User(0, "bench", "beheerder")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--deliveries", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rotation-bench-") as tmp:
        data = Path(tmp) / "data"
        store = open_installation(data, for_="cli", create=True)
        started = time.perf_counter()
        populate(store, args.people, args.deliveries)
        store.compact()
        insert_s = time.perf_counter() - started
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

        started = time.perf_counter()
        result = keys.rotate(store, ADMIN)
        rotate_s = time.perf_counter() - started
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

        started = time.perf_counter()
        verified = audit.verify(store)
        verify_s = time.perf_counter() - started
        sample = people.find_by_national_number(store, f"{90_000_000_000 + args.people // 2:011d}")
        store.close()

    assert result["people"] == args.people and verified.ok and sample is not None
    print(f"people re-sealed:    {result['people']}")
    print(f"notes re-sealed:     {result['notes']}")
    print(f"data keys replaced:  {result['data_keys']}")
    print(f"rotate seconds:      {rotate_s:.2f} (one transaction + WAL checkpoint + VACUUM)")
    print(f"people per second:   {result['people'] / rotate_s:,.0f}")
    print(f"audit verify:        {verify_s:.2f} s over {verified.entries} entries")
    print(f"peak memory:         {rss_before / 1024:.0f} MB before, {rss_after / 1024:.0f} MB after rotation")
    print(f"(set-up insert took  {insert_s:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
