"""Benchmark: the mail panel's counts (`mailing.log_counts`) for a ceremony whose invitees
all have the channel e-mail.

Usage: .venv/bin/python -m bench.mail_counts_bench [--invitees N]

The counts follow the send rule (`mailing.recipients`: a usable address, no answer "komt
niet"), which needs each invitee's sealed record; `recipients.tally` keeps a memo per
person (record stamp and an address token), so only the first count of a process opens
every record and later page runs open only what changed. Prints the first count, the
median of five later ones, and one after 1% of the records were sealed anew. Synthetic
people in a temporary directory (tests/ceremony_factory.py).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from ceremony import mailing, people
from ceremony.startup import open_installation
from tests.ceremony_factory import add_people, ceremony_row, invite_directly


def timed(store, ceremony: int) -> float:
    start = time.perf_counter()
    mailing.log_counts(store, ceremony)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invitees", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mail-counts-bench-") as tmp:
        store = open_installation(Path(tmp) / "data", for_="cli", create=True)
        ceremony = ceremony_row(store)
        ids = add_people(store, [{} for _ in range(args.invitees)])
        invite_directly(store, ceremony, ids, channel="e-mail")
        first = timed(store, ceremony)
        warm = statistics.median(timed(store, ceremony) for _ in range(5))
        with store.write():
            for pid in ids[:: 100]:
                person = people.get_person(store, pid)
                people.rewrite_person(store, pid, {**person.fields, "email": ""}, person.certificate_date)
        changed = timed(store, ceremony)
        store.close()
    print(f"{args.invitees} e-mail invitees: first count {first:.2f} s, later counts {warm:.3f} s (median of 5), "
          f"after 1% of the records changed {changed:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
