"""Use both cores for the CPU-bound part of one bulk action (checking and sealing an import).

`split_map(work, items)` returns `work(items)`, computed as `work(first part)` in this
process while a forked helper computes `work(second part)`, when that pays: at least
MIN_ITEMS items, two usable cores, and a single-threaded process (the command line). A
Streamlit server has threads, and a fork there could copy a lock another thread holds,
so it works in-process. The helper inherits the items with this process's memory and
sends its results back through a pipe: personal data stays in memory, never in a file.
The helper never touches the database and leaves with os._exit (multiprocessing's
fork), so it closes nothing of this process. If it fails, its part is done here. It dies
with this process: the kernel kills it when its parent goes (PR_SET_PDEATHSIG on Linux),
and it holds no read end of the pipe, so a send to a parent that is gone fails at once.
Without both, a killed import left its helper behind, blocked on a full pipe with the
decrypted rows in memory.

Whatever `work` needs that must differ between processes (an AES-GCM nonce pool, a
random source) has to be made inside `work`, never before the fork.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence

MIN_ITEMS = 5_000  # below this, forking costs more than it saves


def workers_for(count: int) -> int:
    """How many processes should share `count` items here: 2 or 1."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 2 if usable >= 2 and count >= MIN_ITEMS and threading.active_count() == 1 else 1


def split_map(work: Callable[[Sequence], list], items: Sequence, workers: int | None = None,
              helper_share: float = 0.5, freeze: Callable | None = None,
              thaw: Callable | None = None) -> list:
    """`work(items)`, in order; with 2 workers the helper does `helper_share` of the items.

    `freeze`/`thaw` turn one result into something cheaper to send through the pipe and
    back (plain tuples instead of dataclasses)."""
    workers = workers_for(len(items)) if workers is None else workers
    if workers < 2 or len(items) < 2:
        return work(items)
    split = max(1, min(len(items) - 1, round(len(items) * (1 - helper_share))))
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    parent = os.getpid()
    helper = context.Process(target=_helper, args=(work, items, split, freeze, receiving, sending, parent),
                             daemon=True)
    helper.start()
    sending.close()
    try:
        mine = work(items[:split])
        try:
            theirs = receiving.recv()
        except (EOFError, OSError):  # the helper died: do its part here
            theirs = None
    finally:
        receiving.close()
        helper.join()
    if theirs is None:
        return mine + work(items[split:])
    return mine + (list(map(thaw, theirs)) if thaw else theirs)


def _die_with(parent: int) -> None:
    """Ask the kernel to kill this process when its parent dies (Linux); if the parent is
    already gone, leave now."""
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def _helper(work, items, split, freeze, receiving, sending, parent: int) -> None:
    """In the forked helper: the second part, sent back as one message."""
    receiving.close()  # only the parent reads: a dead parent then means a broken pipe here
    _die_with(parent)
    results = work(items[split:])
    sending.send(list(map(freeze, results)) if freeze else results)
    sending.close()
