"""Letters a killed PDF conversion left on disk are removed by the next command or start-up.

The conversion writes every invitee's letter to a file for LibreOffice. When the process
died there (SIGKILL once `brieven.docx` existed), the file survived erasure, purge and
key destruction, and LibreOffice still wrote the PDF beside it with mode 0644. Now the
directory is private (0700), its files 0600, locked while in use, and removed by the
next CLI command or start-up unless a live conversion holds it. A crash test: the export
runs in a child process, started in its own session so the test can end the child and
the LibreOffice it started by their process group id.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ceremony import scratch, startup
from tests.ceremony_factory import add_people, ceremony_row, invite_directly
from tests.conftest import ROOT
from tests.test_letters import PEOPLE, needs_office


def conversion_dirs() -> set[Path]:
    return {base / name for base in scratch._bases() for name in os.listdir(base) if name.startswith(scratch.PREFIX)}


def wait_for(condition, seconds: float = 90.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    return None


def group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def held(directory: Path) -> bool:
    """Whether a live process still holds the directory's lock (LibreOffice takes a while to die)."""
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def end_group(process: subprocess.Popen) -> None:
    """End the child and everything it started (its own process group, by id)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    wait_for(lambda: not group_alive(process.pid), 30)  # LibreOffice, reaped by init


@needs_office
def test_export_killed_during_pdf_conversion_leaves_nothing_after_the_next_command(store, data_dir, tmp_path, cli):
    ceremony_id = ceremony_row(store, "Welkom in Teststad", "2026-12-12", "14:30", "Stadhuis")
    invite_directly(store, ceremony_id, add_people(store, PEOPLE), channel="brief")
    before = conversion_dirs()
    export = subprocess.Popen(
        [sys.executable, "-m", "ceremony", "--data-dir", str(data_dir), "export", "letters",
         "--ceremony", str(ceremony_id), "--out", str(tmp_path / "brieven.pdf")],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        letters = wait_for(lambda: [d / "brieven.docx" for d in conversion_dirs() - before
                                    if (d / "brieven.docx").exists()])
        assert letters, "the conversion did not start"
        workdir = letters[0].parent
        assert stat.S_IMODE(workdir.stat().st_mode) == 0o700
        assert stat.S_IMODE(letters[0].stat().st_mode) == 0o600
        os.kill(export.pid, signal.SIGKILL)  # the export dies; LibreOffice goes on
        export.wait(timeout=30)
        pdf = workdir / "brieven.pdf"
        wait_for(lambda: pdf.exists() or not group_alive(export.pid))
        if pdf.exists():  # LibreOffice finished after the export died
            assert stat.S_IMODE(pdf.stat().st_mode) == 0o600  # was 0644
    finally:
        end_group(export)
    assert wait_for(lambda: not held(workdir), 60), "LibreOffice still holds the directory"
    # what the killed process left (unless a command of another test process came first)
    assert cli("status").code == 0  # any command
    assert not workdir.exists()
    out = tmp_path / "brieven.pdf"  # the command's own output, opened first: still empty
    assert not out.exists() or out.stat().st_size == 0


def left_over() -> Path:
    """A conversion directory as a killed process leaves it: unlocked, a letter inside."""
    path = Path(os.path.join(scratch._bases()[0], scratch.PREFIX + "achtergelaten" + str(os.getpid())))
    path.mkdir(mode=0o700)
    (path / "brieven.docx").write_bytes(b"Zqxleft Canary, Kerkstraat 1")
    return path


def test_start_up_removes_left_over_conversions(store):
    path = left_over()
    startup.open_installation(store.paths.data_dir).close()
    assert not path.exists()


HOLDER = """
import sys, time
from ceremony import scratch
with scratch.private_dir() as (path, lock):
    (path / "brieven.docx").write_bytes(b"Zqxlive Canary")
    print(path, flush=True)
    time.sleep(120)
"""


def test_a_live_conversion_of_another_process_is_kept(store, cli):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                              start_new_session=True)
    try:
        live = Path(holder.stdout.readline().strip())
        stale = left_over()
        assert cli("status").code == 0
        assert live.exists() and (live / "brieven.docx").exists()
        assert not stale.exists()
    finally:
        end_group(holder)
        holder.stdout.close()
    assert live.exists()  # killed: nobody removed it yet
    assert cli("status").code == 0
    assert not live.exists()


def test_a_directory_of_another_user_is_left_alone(store):
    if os.getuid() != 0:
        pytest.skip("only root can give a directory to another user")
    path = left_over()
    try:
        os.chown(path, 65534, 65534)
        scratch.remove_left_over()
        assert path.exists()
    finally:
        shutil.rmtree(path, ignore_errors=True)
