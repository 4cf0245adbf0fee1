"""UI bench: the phone round with 20,000 stored people invited to one ceremony.

Measures with Streamlit's AppTest the script run time of
- opening the phone round (queue count for the caller),
- taking the next person (claim + decrypt one person + render the card),
- saving one outcome (store the attempt, claim the next person, render),
and, for information, a check-in search and the coordinator's ceremony page, which
decrypt the ceremony's invitees. Goal: under 300 ms for opening the phone round and
saving an outcome. Synthetic people only, in a temporary data directory.

    .venv/bin/python -m bench.ui_bench [--people 20000] [--repeat 15] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

GOAL_MS = 300


def build(data_dir: Path, count: int) -> int:
    """A store with `count` people invited to one ceremony; returns the ceremony id."""
    from ceremony import auth, ceremonies
    from ceremony.cli import operator
    from ceremony.clock import today
    from ceremony.store import Store
    from tests.ceremony_factory import add_people, invite_directly

    store = Store.open(data_dir, create=True)
    coord = auth.create_user(store, operator("beheerder"), "carla", "coordinator", "bench-wachtwoord-Zq7x")
    auth.create_user(store, operator("beheerder"), "bert", "beller", "bench-wachtwoord-Zq7x")
    start = time.perf_counter()
    base = today() - dt.timedelta(days=300)
    specs = [{"certificate_date": (base + dt.timedelta(days=i % 290)).isoformat()} for i in range(count)]
    ids = add_people(store, specs)
    ceremony_id = ceremonies.create_ceremony(
        store, coord, name="Bench", date=today() + dt.timedelta(days=30), call_script="Goedendag!"
    )
    invite_directly(store, ceremony_id, ids)
    with store.write() as db:  # a realistic mix: some already called, some reached
        db.execute("UPDATE invitations SET attempts = id % 3 WHERE id % 7 = 0")
        db.execute("UPDATE invitations SET reached = 1, answer = 'komt' WHERE id % 11 = 0")
    print(f"opgebouwd: {count} personen uitgenodigd in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    store.close()
    return ceremony_id


def timed_runs(at, prepare, repeat: int) -> list[float]:
    """Milliseconds of `repeat` AppTest runs, each after `prepare(at)` set up the click."""
    times = []
    for _ in range(repeat):
        prepare(at)
        start = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - start) * 1000)
        assert not at.exception, at.exception
    return times


def measure(repeat: int) -> dict[str, list[float]]:
    import logging

    import streamlit as st
    import streamlit.runtime.scriptrunner_utils.script_run_context as context

    from ceremony.ui import session
    from tests.apptest_helpers import TOKEN_KEY, login, open_page

    # AppTest sends no cookie: read the session token as the page tests do
    session.session_token = lambda: st.session_state.get(TOKEN_KEY)

    # AppTest's bare-mode notice is not a result
    logging.getLogger(context.__name__).setLevel(logging.ERROR)

    results = {}
    at = open_page(login("bert", "bench-wachtwoord-Zq7x"), "calls.py")
    results["belronde openen"] = timed_runs(at, lambda a: None, repeat)
    results["volgende persoon nemen"] = []
    results["uitkomst opslaan"] = []
    for _ in range(repeat):
        results["volgende persoon nemen"] += timed_runs(at, lambda a: a.button(key="call_next").click(), 1)
        results["uitkomst opslaan"] += timed_runs(at, lambda a: a.button(key="out_geen_antwoord").click(), 1)
        at.button(key="call_stop").click().run()

    at = open_page(login("carla", "bench-wachtwoord-Zq7x"), "checkin.py")
    at.text_input(key="ci_query").input("voornaam123 familienaam123")
    results["onthaal: zoeken (info)"] = timed_runs(at, lambda a: None, 3)
    at = open_page(login("carla", "bench-wachtwoord-Zq7x"), "ceremonies.py")
    results["ceremoniepagina (info)"] = timed_runs(at, lambda a: None, 3)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ceremony-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        os.environ["CEREMONY_DATA_DIR"] = str(data_dir)
        build(data_dir, args.people)
        results = measure(args.repeat)
    summary = {
        name: {"median_ms": round(statistics.median(v), 1), "max_ms": round(max(v), 1), "runs": len(v)}
        for name, v in results.items()
    }
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(f"{'meting':<28} {'mediaan':>9} {'max':>9}  ({args.people} personen, doel < {GOAL_MS} ms)")
        for name, s in summary.items():
            print(f"{name:<28} {s['median_ms']:>7.1f}ms {s['max_ms']:>7.1f}ms  n={s['runs']}")
    goal_ok = all(summary[k]["median_ms"] < GOAL_MS for k in ("belronde openen", "uitkomst opslaan"))
    return 0 if goal_ok else 1


if __name__ == "__main__":
    sys.exit(main())
