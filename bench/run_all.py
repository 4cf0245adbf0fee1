"""Run every benchmark in bench/ and print one table (`make bench`).

Each script prints its own figures; this runner shows them under the script's name and
ends with a summary table (script, exit code, wall time, last line printed).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def main() -> int:
    scripts = sorted(p for p in HERE.glob("*_bench.py"))
    summary = []
    for script in scripts:
        print(f"\n=== {script.name}", flush=True)
        start = time.perf_counter()
        # as a module from the checkout: bench scripts may import each other and tests/
        proc = subprocess.run(
            [sys.executable, "-m", f"bench.{script.stem}"], cwd=ROOT, capture_output=True, text=True
        )
        elapsed = time.perf_counter() - start
        print(proc.stdout.rstrip())
        if proc.returncode:
            print(proc.stderr.rstrip()[-2000:])
        lines = [line for line in proc.stdout.splitlines() if line.strip()]
        summary.append((script.name, proc.returncode, elapsed, lines[-1] if lines else ""))
    print("\n| script | exit | seconds | result |\n|---|---|---|---|")
    for name, code, elapsed, last in summary:
        print(f"| {name} | {code} | {elapsed:.1f} | {last} |")
    return max((code for _, code, _, _ in summary), default=0)


if __name__ == "__main__":
    sys.exit(main())
