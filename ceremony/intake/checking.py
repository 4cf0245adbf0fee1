"""Validate every row of a delivery: each row once, on both cores when it pays.

`check_rows` runs `RowCleaner` over rows in this process. `check_all` does the same for a
whole table and, for a large table in a single-threaded process (the command line), forks
one helper that checks the second part while this process checks the first. The helper
gets the rows by inheriting this process's memory and sends its results back through a
pipe: personal data stays in memory, never in a file. A Streamlit server has threads (a
fork there could copy a held lock), so it checks in-process; so does a machine with one
core. If the helper fails, this process checks its part itself.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator, Sequence

from ceremony import crypto
from ceremony.intake import validate
from ceremony.intake.columns import ColumnPlan
from ceremony.intake.normalise import CleanRow, RowCleaner, RowIssue
from ceremony.texts import t

PARALLEL_FROM = 5_000  # rows: below this, forking costs more than it saves
HELPER_SHARE = 0.55  # the helper does a little more: this process also unpickles its results


def check_rows(plan: ColumnPlan, rows, keys: crypto.Keyring | None = None) -> Iterator[CleanRow | RowIssue]:
    """Validate every row: a CleanRow (with its blind index, given `keys`), or a RowIssue."""
    clean = RowCleaner(plan, keys)
    for row, cells in rows:
        try:
            yield clean(row, cells)
        except validate.RowRejected as exc:
            yield RowIssue(row, t(exc.key))


def workers_for(rows: int) -> int:
    """How many processes should check `rows` rows here: 2 or 1."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    single_threaded = threading.active_count() == 1
    return 2 if usable >= 2 and single_threaded and rows >= PARALLEL_FROM else 1


def check_all(plan: ColumnPlan, rows: Sequence, keys: crypto.Keyring | None = None,
              workers: int | None = None) -> list[CleanRow | RowIssue]:
    """Validate a whole table, in row order; `workers` 2 forks a helper for the second part."""
    workers = workers_for(len(rows)) if workers is None else workers
    if workers < 2 or len(rows) < 2:
        return list(check_rows(plan, rows, keys))
    split = int(len(rows) * (1 - HELPER_SHARE))
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    helper = context.Process(target=_helper, args=(plan, rows, split, keys, sending), daemon=True)
    helper.start()
    sending.close()
    mine = list(check_rows(plan, rows[:split], keys))
    try:
        theirs = [_thaw(item) for item in receiving.recv()]
    except (EOFError, OSError):  # the helper died: do its part here
        theirs = list(check_rows(plan, rows[split:], keys))
    finally:
        receiving.close()
        helper.join()
    return mine + theirs


def _helper(plan, rows, split, keys, sending) -> None:
    """In the forked helper: check rows[split:], send the results as plain tuples."""
    sending.send([_freeze(item) for item in check_rows(plan, rows[split:], keys)])
    sending.close()


def _freeze(item: CleanRow | RowIssue) -> tuple:
    return (item.row, item.reason) if isinstance(item, RowIssue) else (
        item.row, item.fields, item.certificate_date, item.warnings, item.blind_index)


def _thaw(item: tuple) -> CleanRow | RowIssue:
    return RowIssue(*item) if len(item) == 2 else CleanRow(*item)
