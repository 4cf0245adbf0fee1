"""Validate every row of a delivery: each row once, on both cores when it pays.

`check_rows` runs `RowCleaner` over rows in this process; `check_all` checks a whole
table, split over two processes by `ceremony.parallel.split_map` when that pays (a large
table in the single-threaded command line), with exactly the same result in row order.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ceremony import crypto, parallel
from ceremony.intake import validate
from ceremony.intake.columns import ColumnPlan
from ceremony.intake.fingerprint import row_digest
from ceremony.intake.normalise import CleanRow, RowCleaner, RowIssue
from ceremony.texts import t

HELPER_SHARE = 0.45  # the helper does a little less: it also pays copy-on-write faults and pickling


def check_rows(plan: ColumnPlan, rows, keys: crypto.Keyring | None = None) -> Iterator[CleanRow | RowIssue]:
    """Validate every row: a CleanRow (with its blind index, given `keys`, and its content
    digest, so the fingerprint's per-row work runs on both cores too), or a RowIssue."""
    clean = RowCleaner(plan, keys)
    for row, cells in rows:
        try:
            checked = clean(row, cells)
        except validate.RowRejected as exc:
            yield RowIssue(row, t(exc.key))
        else:
            checked.digest = row_digest(checked)
            yield checked


def workers_for(rows: int) -> int:
    """How many processes should check `rows` rows here: 2 or 1."""
    return parallel.workers_for(rows)


def check_all(plan: ColumnPlan, rows: Sequence, keys: crypto.Keyring | None = None,
              workers: int | None = None) -> list[CleanRow | RowIssue]:
    """Validate a whole table, in row order; `workers` 2 forks a helper for the second part."""
    return parallel.split_map(lambda part: list(check_rows(plan, part, keys)), rows, workers,
                              HELPER_SHARE, _freeze, _thaw)


def _freeze(item: CleanRow | RowIssue) -> tuple:
    return (item.row, item.reason) if isinstance(item, RowIssue) else (
        item.row, item.fields, item.certificate_date, item.warnings, item.blind_index, item.digest)


def _thaw(item: tuple) -> CleanRow | RowIssue:
    return RowIssue(*item) if len(item) == 2 else CleanRow(*item)
