"""Answers posted to the public answer server: posts per second and the server's peak memory.

Fills an exchange file with `--answers` live codes (one ceremony, enough places), starts
the answer server (`ceremony.answers.server`, under uvicorn with the options of `answers
serve`) in its own process with the per-address limits lifted (every client here is
127.0.0.1), then `--workers` client processes each answer their share of the codes as a
browser does: follow the link, open the form, post it. Prints the answer flows and posts
per second, the posts' median and slowest time, the answers found sealed in the exchange,
and the server's peak resident memory (VmHWM). Figures only, no verdict on time.

    .venv/bin/python -m bench.answer_post_bench [--answers 1000] [--workers 4]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from ceremony.answers.exchange import Exchange
from ceremony.answers.sealing import new_key_pair
from tests.answer_helpers import code_hash, form_token, later, new_code, public_details
from tests.e2e.server import free_port

ROOT = Path(__file__).resolve().parents[1]


def serve(exchange_path: str, port: int) -> None:
    """The server process: the answer server without per-address limits."""
    import uvicorn

    from ceremony.answers.server import Guard, create_app, uvicorn_options
    from ceremony.throttle import Rule

    unlimited = Rule(10**9, 1)
    app = create_app(Path(exchange_path), guard=Guard(misses=unlimited, posts=unlimited))
    uvicorn.run(app, host="127.0.0.1", port=port, **uvicorn_options())


def answer_all(args: tuple[str, list[str]]) -> list[float]:
    """A client process: answer each code (link, form, post); the seconds of each post."""
    url, codes = args
    timings = []
    for index, code in enumerate(codes):
        with httpx.Client(base_url=url, follow_redirects=False, timeout=30) as http:
            http.get(f"/a/{code}")
            token = form_token(http.get("/antwoord").text)
            began = time.perf_counter()
            response = http.post("/antwoord", data={"token": token, "komt": "ja", "mee": str(index % 3)})
            timings.append(time.perf_counter() - began)
            response.raise_for_status()
    return timings


def peak_rss(pid: int) -> int:
    """VmHWM of process `pid` in bytes (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def wait_until_up(url: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(url + "/", timeout=1)
            return
        except httpx.TransportError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the answer server did not start") from None
            time.sleep(0.1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--serve", nargs=2, metavar=("EXCHANGE", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve[0], int(args.serve[1]))
        return 0
    with tempfile.TemporaryDirectory(prefix="answer-bench-") as tmp:
        exchange = Exchange.open(Path(tmp) / "exchange.sqlite")
        exchange.set_recipient("bench", new_key_pair()[1])
        exchange.put_ceremony(1, public_details(), later(7), later(14), 3, 4 * args.answers)
        codes = [new_code() for _ in range(args.answers)]
        exchange.put_codes((code_hash(c), i, 1) for i, c in enumerate(codes))
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        proc = subprocess.Popen(
            [sys.executable, "-m", "bench.answer_post_bench", "--serve", str(exchange.path), str(port)], cwd=ROOT
        )
        try:
            wait_until_up(url, proc)
            idle = peak_rss(proc.pid)
            shares = [(url, codes[w :: args.workers]) for w in range(args.workers)]
            began = time.perf_counter()
            with multiprocessing.get_context("spawn").Pool(args.workers) as pool:
                timings = [t for part in pool.map(answer_all, shares) for t in part]
            elapsed = time.perf_counter() - began
            peak = peak_rss(proc.pid)
        finally:
            proc.terminate()
            proc.wait(10)
        stored = len(exchange.take_answers())
    print(f"{args.answers} answers from {args.workers} client processes in {elapsed:.1f} s: "
          f"{args.answers / elapsed:.0f} answer flows/s (link, form, post: 3 requests each)")
    print(f"posts: median {statistics.median(timings) * 1000:.1f} ms, slowest {max(timings) * 1000:.0f} ms; "
          f"sealed answers in the exchange: {stored}")
    print(f"answer server peak resident memory: {peak / 1e6:.0f} MB (after start-up {idle / 1e6:.0f} MB)")
    return 0 if stored == args.answers else 1


if __name__ == "__main__":
    sys.exit(main())
