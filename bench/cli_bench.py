"""CLI bench: the CPU time (user + system) of `python -m ceremony status` in a fresh process.

Every command pays the interpreter start and the imports of `ceremony.cli.entry` before it
does anything; the command handlers import their domain modules when they run, and the
store loads sqlite-utils (which imports pandas) only to apply a pending migration.
Goal: under 0.4 s of CPU (median of the runs). Synthetic: an empty, initialised store in
a temporary directory.

    .venv/bin/python -m bench.cli_bench [--runs 9] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

GOAL_S = 0.4


def cpu_seconds(argv: list[str], env: dict[str, str]) -> float:
    """User + system CPU of one child process running `argv`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cli-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        env = {k: v for k, v in os.environ.items() if not k.startswith("CEREMONY_")}
        command = [sys.executable, "-m", "ceremony", "--data-dir", str(data_dir)]
        subprocess.run([*command, "init"], env=env, check=True, stdout=subprocess.DEVNULL)
        cpu_seconds([*command, "status"], env)  # warm the page cache and the .pyc files
        runs = [cpu_seconds([*command, "status"], env) for _ in range(args.runs)]
    median = statistics.median(runs)
    ok = median < GOAL_S
    if args.json:
        print(json.dumps({"status_cpu_median_s": round(median, 3), "max_s": round(max(runs), 3),
                          "runs": args.runs, "goal_s": GOAL_S, "ok": ok}))
    else:
        print(f"runs:                  {args.runs}")
        print(f"max CPU seconds:       {max(runs):.3f}")
        print(f"status CPU (median):   {median:.3f} s, goal < {GOAL_S} s: {'ok' if ok else 'TOO SLOW'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
