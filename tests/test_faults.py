"""Faults: killed processes leave a consistent store; two processes share one data directory."""

import os
import signal
import subprocess
import sys
import time

from ceremony import admin, people, retention, signing_in
from ceremony.demo import synthetic_rows
from ceremony.demo_files import csv_bytes
from ceremony.startup import open_installation
from ceremony.store import Store
from tests.ceremony_factory import add_people
from tests.conftest import PASSWORD, ROOT, add_user


def _import_cmd(data_dir, path, *extra):
    return [sys.executable, "-m", "ceremony", "--data-dir", str(data_dir), "import", str(path), "--json", *extra]


def test_sigkill_during_import_stores_nothing_or_everything(store, data_dir, tmp_path):
    """Kill an import at several moments: the store holds no delivery or the whole one."""
    headers, rows = synthetic_rows(20000, seed=7, quirks=False)
    source = tmp_path / "levering.csv"
    source.write_bytes(csv_bytes(headers, rows))
    store.close()
    killed_midway = 0
    # a 20,000-row import takes about 0.9 s on an idle machine: start-up, reading, checking, storing
    for delay in (0.3, 0.55, 0.8, 1.05):
        proc = subprocess.Popen(_import_cmd(data_dir, source), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if proc.poll() is None:
            killed_midway += 1
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        check = Store.open(data_dir)
        deliveries = check.rows("SELECT id, stored FROM deliveries")
        stored_people = check.scalar("SELECT count(*) FROM people")
        # all or nothing: every delivery that exists is complete and its people read back
        assert stored_people == sum(d["stored"] for d in deliveries)
        for person in people.iter_people(check):
            assert person.national_number and person.last_name
        check.close()
    assert killed_midway >= 1, "the import finished before any kill: make the file larger"
    # the next run imports cleanly and the audit chain is intact (--again: on a slow machine
    # one of the runs above may have finished before its kill, and this is the same file)
    done = subprocess.run(_import_cmd(data_dir, source, "--again"), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    final = Store.open(data_dir)
    assert final.scalar("SELECT count(*) FROM people") > 0
    from ceremony import audit

    assert audit.verify(final).ok


def _children(pid: int) -> list[int]:
    """Live processes whose parent is `pid` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_killed_import_leaves_no_helper_process_behind(store, data_dir, tmp_path):
    """The import checks and seals on two cores with a forked helper that holds decrypted
    rows. Killing the import must take the helper with it (it used to stay, blocked on the
    pipe, with the rows in memory)."""
    headers, rows = synthetic_rows(20000, seed=11, quirks=False)
    source = tmp_path / "levering.csv"
    source.write_bytes(csv_bytes(headers, rows))
    store.close()
    proc = subprocess.Popen(_import_cmd(data_dir, source), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    helpers: list[int] = []
    deadline = time.monotonic() + 60
    while not helpers and proc.poll() is None and time.monotonic() < deadline:
        helpers = _children(proc.pid)
        time.sleep(0.005)
    assert helpers, "the import finished or never forked a helper: make the file larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in helpers if _alive(pid)]
    for pid in left:  # do not leave it for the next test either
        os.kill(pid, signal.SIGKILL)
    assert not left, "a helper process outlived the killed import"


def test_sigkill_during_purge_leaves_consistent_store(store, data_dir):
    """A SIGKILL at a random moment; test_retention_crash.py kills at each step deterministically."""
    for batch in range(30):  # 30 deliveries of 100 people each
        add_people(store, [{} for _ in range(100)], start=batch * 100)
    store.db.execute("UPDATE deliveries SET received_at = '2020-01-01T10:00:00Z'")
    store.close()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ceremony", "--data-dir", str(data_dir), "purge", "--json"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    time.sleep(0.4)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    check = Store.open(data_dir)
    for person in people.iter_people(check):  # whoever remains reads back whole
        assert person.first_name.startswith("Voornaam") and person.national_number
    open_installation(data_dir).close()  # the next start finishes the job
    assert check.scalar("SELECT count(*) FROM people") == 0
    assert retention.run_purge(check, "test", "schedule").purged_people == 0


def _hammer(data_dir, name, seconds):
    """A second 'app process': logins, status reads and audited writes in a loop."""
    code = f"""
import time
from ceremony import admin, audit, auth, signing_in
from ceremony.store import Store
s = Store.open({str(data_dir)!r})
end = time.monotonic() + {seconds}
n = 0
while time.monotonic() < end:
    signing_in.authenticate(s, {name!r}, {PASSWORD!r})
    admin.status(s)
    audit.record(s, 'test', 'demo.write', count=n)
    n += 1
print(n)
"""
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_processes_on_one_data_directory(store, data_dir):
    add_user(store, "een", "coordinator")
    add_user(store, "twee", "coordinator")
    procs = [_hammer(data_dir, "een", 4), _hammer(data_dir, "twee", 4)]
    # meanwhile this process purges and compacts, the heaviest writer there is
    for _ in range(3):
        retention.run_purge(store, "test", "schedule")
    results = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err[-500:]
        assert "locked" not in err
        assert int(out) > 0
    assert signing_in.authenticate(store, "een", PASSWORD)
    assert admin.status(store)["users"] == 2
