"""Benchmark: purge 50,000 people, compaction (WAL checkpoint + VACUUM) included.

Usage: .venv/bin/python -m bench.purge_bench [--people N] [--deliveries D]

Builds a throw-away installation in a temporary directory with synthetic people (no real
data; made-up names and numbers), spread over D deliveries, a quarter of them invited to
a ceremony with a sealed call note. Then everyone is past the receipt term and
`retention.run_purge` removes them all. Prints people, seconds, people/s and the size of
the data directory before and after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import secrets
import sys
import tempfile
import time
from pathlib import Path

from ceremony import deliveries, people, retention
from ceremony.clock import utc_iso
from ceremony.startup import open_installation

ROOT = Path(__file__).resolve().parent.parent

FIRST = ["Amina", "Yusuf", "Olena", "Mateo", "Fatima", "Arman", "Leila", "Dawit", "Sara", "Omar"]
LAST = ["Benali", "Kovalenko", "Haile", "Rahimi", "Diallo", "Nowak", "Hussein", "Silva"]


def fake_fields(i: int) -> dict[str, str]:
    """Synthetic personal fields; the national number is unique, not a real one."""
    return {
        "national_number": f"{90_000_000_000 + i:011d}",
        "first_name": FIRST[i % len(FIRST)],
        "last_name": f"{LAST[i % len(LAST)]}-{i}",
        "street": "Proefstraat",
        "house_number": str(i % 300 + 1),
        "box": "",
        "postcode": "9000",
        "municipality": "Gent",
        "email": f"bench{i}@example.org",
        "phone": f"+32470{i % 1_000_000:06d}",
    }


def populate(store, total: int, n_deliveries: int) -> None:
    """Insert `total` people in one transaction, a quarter invited with a call note."""
    now = utc_iso()
    with store.write() as db:
        cid = db.execute(
            "INSERT INTO ceremonies(name, date, created_at, created_by) VALUES ('Bench', '2020-01-01', ?, 'bench')",
            [now],
        ).lastrowid
        ids = [deliveries.create_delivery(store, "bench", "csv") for _ in range(n_deliveries)]
        for i in range(total):
            did = ids[i % n_deliveries]
            pid = people.insert_person(store, did, fake_fields(i), "2020-01-01")
            if i % 4 == 0:
                inv = db.execute(
                    "INSERT INTO invitations(ceremony_id, person_id, invited_at, reached, created_at) "
                    "VALUES (?,?,?,1,?)",
                    [cid, pid, now, now],
                ).lastrowid
                uid = secrets.token_hex(16)
                db.execute(
                    "INSERT INTO call_attempts(uid, invitation_id, person_id, caller, at, outcome, note) "
                    "VALUES (?,?,?,'bench',?,'bereikt_komt',?)",
                    [uid, inv, pid, now, people.seal_note(store, did, uid, "Komt met twee kinderen")],
                )
        db.execute("UPDATE deliveries SET received_at = '2020-01-01T10:00:00Z'")


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--deliveries", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="purge-bench-") as tmp:
        data = Path(tmp) / "data"
        store = open_installation(data, for_="cli", create=True)
        started = time.perf_counter()
        populate(store, args.people, args.deliveries)
        store.compact()
        insert_s = time.perf_counter() - started
        before = dir_size(data)

        started = time.perf_counter()
        result = retention.run_purge(store, "bench", "schedule", as_of=dt.date(2026, 1, 1))
        purge_s = time.perf_counter() - started
        after = dir_size(data)
        left = store.scalar("SELECT count(*) FROM people")
        store.close()

    assert result.purged_people == args.people and left == 0 and result.compacted
    print(f"people purged:       {result.purged_people}")
    print(f"deliveries purged:   {result.purged_deliveries}")
    print(f"purge seconds:       {purge_s:.2f} (shred transaction + WAL checkpoint + VACUUM)")
    print(f"people per second:   {result.purged_people / purge_s:,.0f}")
    print(f"data dir before:     {before / 1e6:.1f} MB")
    print(f"data dir after:      {after / 1e6:.1f} MB")
    print(f"(set-up insert took  {insert_s:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
