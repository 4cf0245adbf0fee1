"""Where the test suite's CPU goes: seconds per test file, per test and per worker.

    .venv/bin/python -m bench.suite_cpu                       # round 1 of `make test`
    .venv/bin/python -m bench.suite_cpu -n 3 --dist loadfile --no-loadscope-reorder tests/e2e

Runs pytest with the given arguments (default: the first round of `make test`) and this
module as a plugin, which notes the CPU seconds of each test (its worker's own, and the
children it waited for: app servers, commands, LibreOffice) in a temporary directory. Then
prints the total, each worker's start-up and collection (its CPU outside the tests), the
files and the tests that cost most. CPU, not wall time: the machine is shared, and the
CPU total over two cores is the floor of the wall time. Chromium's CPU is counted at the
end of a worker (its driver is a child), so it lands on that worker's last test.
Not part of `make bench` (it runs the suite).
"""

from __future__ import annotations

import collections
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OUT_ENV = "CEREMONY_SUITE_CPU_DIR"
ROUND_1 = ["-n", "4", "--dist", "loadfile", "--ignore=tests/e2e"]


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _note(entry: dict) -> None:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with open(Path(os.environ[OUT_ENV]) / f"{worker}.jsonl", "a") as out:
        out.write(json.dumps({"worker": worker, **entry}) + "\n")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Plugin: the CPU of one test, set-up and tear-down included."""
    own, children = _cpu()
    yield
    own_after, children_after = _cpu()
    _note({"test": item.nodeid, "own": own_after - own, "children": children_after - children})


def pytest_sessionfinish(session):
    """Plugin: the worker's whole CPU, to tell its start-up from its tests."""
    own, children = _cpu()
    _note({"test": None, "own": own, "children": children})


def _report(entries: list[dict], total: float, wall: float) -> None:
    tests = [e for e in entries if e["test"]]
    per_file = collections.defaultdict(float)
    for e in tests:
        per_file[e["test"].split("::")[0]] += e["own"] + e["children"]
    in_tests = sum(per_file.values())
    print(f"CPU {total:.1f} s in all (wall {wall:.1f} s, floor on 2 cores {total / 2:.1f} s); "
          f"{in_tests:.1f} s in {len(tests)} tests")
    for e in sorted((e for e in entries if e["test"] is None and e["worker"] != "main"), key=lambda e: e["worker"]):
        outside = e["own"] - sum(t["own"] for t in tests if t["worker"] == e["worker"])
        print(f"  worker {e['worker']}: {e['own']:.1f} s own, {outside:.1f} s of it outside tests (start-up, collection)")
    print("\nCPU s  file")
    for name, cpu in sorted(per_file.items(), key=lambda kv: -kv[1])[:25]:
        print(f"{cpu:6.1f}  {name}")
    print("\nCPU s  test")
    for e in sorted(tests, key=lambda e: -(e["own"] + e["children"]))[:15]:
        print(f"{e['own'] + e['children']:6.1f}  {e['test']}")


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as out:
        env = {**os.environ, OUT_ENV: out}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # as `make test`
        start, before = time.monotonic(), _cpu()[1]
        code = subprocess.call([sys.executable, "-m", "pytest", "-p", "bench.suite_cpu", *(argv or ROUND_1)],
                               cwd=ROOT, env=env)
        wall, total = time.monotonic() - start, _cpu()[1] - before
        entries = [json.loads(line) for path in Path(out).glob("*.jsonl") for line in path.read_text().splitlines()]
    _report(entries, total, wall)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
