"""Private directories for a tool that only works on files (LibreOffice), and their clean-up.

Converting letters to PDF puts plaintext (every invitee's name and address) in a file.
It happens in a fresh directory `ceremony-convert-XXXXXXXX`: mode 0700, in memory
(/dev/shm) when the machine has it, locked with flock by the process using it for as
long as it does (and by the converter it starts, which inherits the lock). The lock goes
with the processes, also when they are killed. `remove_left_over()` removes every such
directory of this OS user that nobody holds: the start-up runs it and so does every CLI
command, so a process killed mid-conversion does not leave its letters behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

PREFIX = "ceremony-convert-"
_SHM = Path("/dev/shm")  # noqa: S108 - only ever a fresh 0700 directory inside it


def _bases() -> list[Path]:
    """Where conversion directories are made: /dev/shm when usable, else the temp directory."""
    shm = [_SHM] if _SHM.is_dir() and os.access(_SHM, os.W_OK) else []
    return [*shm, Path(tempfile.gettempdir())]


@contextlib.contextmanager
def private_dir() -> Iterator[tuple[Path, int]]:
    """A new locked 0700 directory, removed on leaving: (its path, the descriptor holding the lock).

    Pass the descriptor to a child process (`pass_fds`) to keep the lock while it runs.
    """
    base = _bases()[0]
    while True:
        path = Path(tempfile.mkdtemp(prefix=PREFIX, dir=base))  # mode 0700
        lock = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        fcntl.flock(lock, fcntl.LOCK_EX)
        # a clean-up that locked it first has removed it: make another
        if path.exists() and os.path.samestat(os.fstat(lock), os.stat(path)):
            break
        os.close(lock)
    try:
        yield path, lock
    finally:
        shutil.rmtree(path, ignore_errors=True)
        os.close(lock)


def remove_left_over(_store=None) -> int:
    """Remove every conversion directory of this user that no live process holds; how many.

    The first step of `ceremony.startup.open_installation`, and run before every CLI command.
    """
    removed = 0
    for base in _bases():
        try:
            names = [name for name in os.listdir(base) if name.startswith(PREFIX)]
        except OSError:
            continue
        removed += sum(_remove_if_free(base / name) for name in names)
    return removed


def _remove_if_free(path: Path) -> bool:
    try:
        lock = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:  # gone meanwhile, a symbolic link, not a directory
        return False
    try:
        if os.fstat(lock).st_uid != os.getuid():
            return False  # not ours
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a conversion in progress
        shutil.rmtree(path, ignore_errors=True)
        return not path.exists()
    finally:
        os.close(lock)
