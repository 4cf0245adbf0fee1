"""Sign-in flood bench: a signed-in user's latency and the server's
peak memory while 120 sign-in attempts with unknown names are in flight at all times.

Starts the real app server (`python -m ceremony serve`, production argon2) twice:
- one address: every attempt from this machine (the limits per address answer 429);
- many addresses: behind a trusted proxy (CEREMONY_TRUST_PROXY=1) with a new
  X-Forwarded-For per attempt, the worst case: only the bounded pool of password checks
  (one per core, as many queued) stands between the flood and the server.
Meanwhile the signed-in user opens the start page (session gate + Streamlit's page) over
and over. Prints the user's median and max latency (goal under 0.2 s median), the
attempts' answers, and the server's peak RSS (VmHWM, goal under 600 MB). Exit 1 when a
goal is missed. Synthetic accounts in a temporary data directory.

    .venv/bin/python -m bench.signin_flood_bench [--seconds 15] [--in-flight 120]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import itertools
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

GOAL_MEDIAN_S = 0.2
GOAL_PEAK_MB = 600
PASSWORD = "bench-wachtwoord-Zq7x"


def _server_pid() -> int:
    """The app server: the child process this bench started."""
    me = str(os.getpid())
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me:
            return int(stat.parent.name)
    raise RuntimeError("no server process")


def _peak_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


async def _csrf(client) -> str:
    page = await client.get("/aanmelden")
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


async def _attack(url: str, seconds: float, in_flight: int, many_addresses: bool) -> dict:
    """Keep `in_flight` sign-in attempts with unknown names running for `seconds`."""
    import httpx

    limits = httpx.Limits(max_connections=in_flight + 10)
    answers: collections.Counter = collections.Counter()
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as attacker:
        csrf = await _csrf(attacker)
        counter = itertools.count()
        stop = time.monotonic() + seconds

        async def attempts():
            while time.monotonic() < stop:
                i = next(counter)
                headers = {"x-forwarded-for": f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}"} if many_addresses else {}
                response = await attacker.post("/aanmelden", headers=headers, data={
                    "csrf": csrf, "next": "/", "username": f"onbekend{i}", "password": "x"})
                answers[response.status_code] += 1

        await asyncio.gather(*(attempts() for _ in range(in_flight)))
    return dict(answers)


def _attacker(url, seconds, in_flight, many_addresses, results) -> None:
    results.put(asyncio.run(_attack(url, seconds, in_flight, many_addresses)))


def _flood(url: str, seconds: float, in_flight: int, many_addresses: bool) -> dict:
    """The attack in a process of its own (its event loop must not delay the user's
    requests), the signed-in user's page requests from this one."""
    import multiprocessing

    import httpx

    with httpx.Client(base_url=url, timeout=120) as staff:
        page = staff.get("/aanmelden")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        signed_in = staff.post("/aanmelden", data={"csrf": csrf, "next": "/", "username": "carla",
                                                   "password": PASSWORD})
        assert signed_in.status_code == 303, signed_in.status_code
        results = multiprocessing.get_context("fork").Queue()
        attacker = multiprocessing.get_context("fork").Process(
            target=_attacker, args=(url, seconds, in_flight, many_addresses, results))
        attacker.start()
        time.sleep(1)  # the flood is under way
        latencies = []
        stop = time.monotonic() + seconds - 1
        while time.monotonic() < stop:
            start = time.perf_counter()
            page = staff.get("/")
            latencies.append(time.perf_counter() - start)
            assert page.status_code == 200, page.status_code
            time.sleep(0.1)
        answers = results.get()
        attacker.join()
    return {"latencies": latencies, "answers": answers}


def run(seconds: float, in_flight: int, many_addresses: bool) -> tuple[dict, float]:
    from ceremony import auth
    from ceremony.cli.common import operator
    from ceremony.startup import open_installation
    from tests.e2e.server import running_app

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        store = open_installation(data_dir, for_="cli", create=True)
        auth.create_user(store, operator("beheerder"), "carla", "coordinator", PASSWORD)
        store.close()
        env = {"CEREMONY_TRUST_PROXY": "1"} if many_addresses else {}
        with running_app(data_dir, extra_env=env) as url:
            pid = _server_pid()
            figures = _flood(url, seconds, in_flight, many_addresses)
            return figures, _peak_mb(pid)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--in-flight", type=int, default=120)
    args = parser.parse_args(argv)
    met = True
    print(f"{args.in_flight} sign-in attempts in flight for {args.seconds:.0f} s, {os.cpu_count()} cores")
    print("| flood | user requests | user median | user max | attempts: answers | server peak RSS |")
    print("|---|---|---|---|---|---|")
    for many in (False, True):
        figures, peak = run(args.seconds, args.in_flight, many)
        lat = figures["latencies"]
        median = statistics.median(lat)
        answers = ", ".join(f"{code}: {n}" for code, n in sorted(figures["answers"].items()))
        name = "many addresses (trusted proxy)" if many else "one address"
        print(f"| {name} | {len(lat)} | {median * 1000:.0f} ms | {max(lat) * 1000:.0f} ms | {answers} | {peak:.0f} MB |",
              flush=True)
        met = met and median < GOAL_MEDIAN_S and peak < GOAL_PEAK_MB
    print(f"goals (median < {GOAL_MEDIAN_S * 1000:.0f} ms, peak < {GOAL_PEAK_MB} MB): {'met' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
