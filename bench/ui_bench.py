"""UI bench: the ceremony pages with 20,000 stored people invited to one ceremony.

Measures with Streamlit's AppTest the script run time (median and max) of each page
action that staff wait for, against the goal of 300 ms:
- Onthaal: a name search, and marking the found person present;
- Ceremonies: the page with its invitee list (one page of `invitations.invitee_lists.PAGE_SIZE`), a name
  filter of the list, the next page of the list, and the page after one invitee was
  rectified by another process (the name cache re-opens that record only);
- Belronde: opening it, taking the next person, saving one outcome;
- Start: the page every user sees first (the next ceremony's counts, the people to call,
  what is stored and the next automatic purge);
- Overzicht: the figures of all ceremonies and of the one ceremony.
The first view of the ceremony page in a fresh process decrypts every invitee's name once
(`ceremony.namecache`); it is printed for information. Synthetic people only, in a
temporary data directory.

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
    from ceremony.cli.common import operator
    from ceremony.clock import today
    from ceremony.startup import open_installation
    from tests.ceremony_factory import add_people, invite_directly

    store = open_installation(data_dir, for_="cli", create=True)
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
        db.execute(  # their calls, spread over two weeks, for Overzicht
            "INSERT INTO call_attempts(uid, invitation_id, person_id, caller, at, outcome) "
            "SELECT lower(hex(randomblob(16))), id, person_id, 'user:bert', "
            "strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || (id % 14) || ' days'), 'geen_antwoord' "
            "FROM invitations WHERE attempts > 0"
        )
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


def measure(repeat: int, ceremony_id: int) -> dict[str, list[float]]:
    import logging

    import streamlit as st
    import streamlit.runtime.scriptrunner_utils.script_run_context as context

    from ceremony.ui import session
    from tests.apptest_helpers import TOKEN_KEY, login, open_page

    # AppTest sends no cookie: read the session token as the page tests do
    session.session_token = lambda: st.session_state.get(TOKEN_KEY)

    # AppTest's bare-mode notice is not a result
    logging.getLogger(context.__name__).setLevel(logging.ERROR)

    results: dict[str, list[float]] = {}

    # Ceremonies (first: the first view of the process fills the name cache)
    carla = login("carla", "bench-wachtwoord-Zq7x")
    start = time.perf_counter()
    at = open_page(carla, "ceremonies.py")
    results["ceremoniepagina, eerste keer (info)"] = [(time.perf_counter() - start) * 1000]
    results["ceremoniepagina"] = timed_runs(at, lambda a: None, repeat)
    counter = iter(range(10**6))
    results["genodigden filteren"] = timed_runs(
        at, lambda a: a.text_input(key="inv_filter").input(f"familienaam{next(counter) * 37 + 1}"), repeat
    )
    at.text_input(key="inv_filter").set_value("").run()
    results["genodigden volgende pagina"] = timed_runs(
        at, lambda a: a.button(key=f"inv_offset_{ceremony_id}_next").click(), repeat
    )

    # another process (a coordinator on another page, the command line) rectifies one
    # invitee: the next view re-opens that record only (`namecache`, record stamps)
    from ceremony import rights, signing_in
    from ceremony.startup import open_installation

    other = open_installation(Path(os.environ["CEREMONY_DATA_DIR"]), for_="cli")
    coordinator = signing_in.authenticate(other, "carla", "bench-wachtwoord-Zq7x")
    person_ids = iter(other.db.execute("SELECT id FROM people ORDER BY id LIMIT ?", [repeat]).fetchall())
    results["ceremoniepagina na een rechtzetting"] = timed_runs(
        at, lambda a: rights.rectify(other, coordinator, next(person_ids)[0], {"last_name": "Rechtgezet"}),
        repeat,
    )
    other.close()

    # Onthaal: a different guest each time, then mark them present
    at = open_page(login("carla", "bench-wachtwoord-Zq7x"), "checkin.py")
    guests = iter(range(1, 10**6))
    results["onthaal: zoeken"] = []
    results["onthaal: aanwezig melden"] = []
    for _ in range(repeat):
        index = next(guests) * 211
        results["onthaal: zoeken"] += timed_runs(
            at, lambda a, i=index: a.text_input(key="ci_query").input(f"voornaam{i} familienaam{i}"), 1
        )
        present = [b for b in at.button if b.key and b.key.startswith("ci_in_")]
        assert present, "no guest found"
        results["onthaal: aanwezig melden"] += timed_runs(at, lambda a, b=present[0]: b.click(), 1)

    # Belronde
    at = open_page(login("bert", "bench-wachtwoord-Zq7x"), "calls.py")
    results["belronde openen"] = timed_runs(at, lambda a: None, repeat)
    results["belronde: volgende persoon"] = []
    results["belronde: uitkomst opslaan"] = []
    for _ in range(repeat):
        results["belronde: volgende persoon"] += timed_runs(at, lambda a: a.button(key="call_next").click(), 1)
        results["belronde: uitkomst opslaan"] += timed_runs(
            at, lambda a: a.button(key="out_geen_antwoord").click(), 1
        )
        at.button(key="call_stop").click().run()

    # Start: the next ceremony's counts, the people to call, what is stored and the next purge
    at = open_page(login("carla", "bench-wachtwoord-Zq7x"), "home.py")
    results["start"] = timed_runs(at, lambda a: None, repeat)

    # Overzicht
    at = open_page(login("carla", "bench-wachtwoord-Zq7x"), "dashboard.py")
    results["overzicht: alle ceremonies"] = timed_runs(at, lambda a: None, repeat)
    at.selectbox(key="dash_pick").set_value(ceremony_id).run()
    results["overzicht: een ceremonie"] = timed_runs(at, lambda a: None, repeat)
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
        ceremony_id = build(data_dir, args.people)
        results = measure(args.repeat, ceremony_id)
    summary = {
        name: {"median_ms": round(statistics.median(v), 1), "max_ms": round(max(v), 1), "runs": len(v)}
        for name, v in results.items()
    }
    goals = {name: "(info)" not in name for name in summary}
    for name, s in summary.items():
        s["goal_ms"] = GOAL_MS if goals[name] else None
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(f"{'meting':<36} {'mediaan':>9} {'max':>9}  ({args.people} genodigden, doel < {GOAL_MS} ms)")
        for name, s in summary.items():
            verdict = ("ok" if s["median_ms"] < GOAL_MS else "TE TRAAG") if goals[name] else ""
            print(f"{name:<36} {s['median_ms']:>7.1f}ms {s['max_ms']:>7.1f}ms  n={s['runs']:<3} {verdict}")
    slow = [name for name, s in summary.items() if goals[name] and s["median_ms"] >= GOAL_MS]
    print(f"paginas: {len(goals) - len(slow) - list(goals.values()).count(False)} van "
          f"{sum(goals.values())} acties onder {GOAL_MS} ms" + (f"; te traag: {', '.join(slow)}" if slow else ""))
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
