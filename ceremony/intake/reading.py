"""Read a delivery in memory and preview it: decrypt and parse once, show a few rows
masked, store nothing.

`read_table` decrypts and parses; `HeldUpload` keeps one upload's parsed table in the
uploader's session so preview, a mapping by hand and the import share one decryption;
`describe` gives what the Ontvangen page shows before importing (columns, mapping, the
first rows with national numbers masked). The import itself is `importer`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hmac
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field

from ceremony import clock, national_number
from ceremony.errors import ImportRefused
from ceremony.intake import columns, containers, formats
from ceremony.texts import t

PREVIEW_ROWS = 5


def read_table(data: bytes, password: str | None, max_spin: int = containers.DEFAULT_MAX_SPIN) -> formats.RawTable:
    """Decrypt and parse in memory; a file without data rows is refused."""
    table = formats.read_delivery(data, password, max_spin)
    if not table.rows:
        raise ImportRefused(t("intake.no_rows"))
    return table


def spin_limit(store) -> int:
    """The most Office password hash rounds this installation accepts (setting max_spin_count)."""
    return int(store.setting("max_spin_count")) if store is not None else containers.DEFAULT_MAX_SPIN


@dataclass
class HeldUpload:
    """One upload's decrypted table, held in its uploader's session so it is parsed once.

    The page keeps one of these in `st.session_state` while the file is in the uploader:
    preview, a manual mapping and the import share one decryption and one parse; a rerun
    decrypts nothing. It is keyed by the uploader's file id and an HMAC of the password
    under a random per-upload salt, and dropped after the import, on a new upload, on
    sign-out and when the session ends (memory only, never on disk). A refusal is held
    too, so a wrong password is not tried again on every rerun.
    """

    file_id: str
    needs_password: bool
    _salt: bytes = field(default_factory=lambda: secrets.token_bytes(16), repr=False)
    _key: bytes | None = field(default=None, repr=False)
    _table: formats.RawTable | None = field(default=None, repr=False)
    _refusal: str | None = None

    def table(self, data: bytes, password: str | None, max_spin: int) -> formats.RawTable:
        """The parsed table for this password: read on first use, then from memory."""
        key = hmac.digest(self._salt, (password or "").strip().encode("utf-8"), "sha256")
        if key != self._key:
            self._key, self._table, self._refusal = key, None, None
            try:
                with gc_paused():
                    self._table = read_table(data, password, max_spin)
            except ImportRefused as exc:
                self._refusal = str(exc)
        if self._refusal is not None:
            raise ImportRefused(self._refusal)
        return self._table


@dataclass
class Preview:
    """What the page shows before importing; national numbers masked, nothing stored."""

    headers: list[str]
    plan: columns.ColumnPlan
    rows: list[tuple[int, list[str]]]
    row_count: int
    source_format: str
    notices: list[str]
    remembered: bool  # a remembered manual mapping was applied


def preview(data: bytes, password: str | None, mapping: dict | None = None, store=None) -> Preview:
    """Read a delivery and describe it: columns, mapping, first rows (masked). Stores nothing.

    With `store` and no `mapping`, a mapping remembered for these headers is applied.
    """
    return describe(read_table(data, password, spin_limit(store)), mapping, store)


def describe(table: formats.RawTable, mapping: dict | None = None, store=None) -> Preview:
    """The preview of an already parsed table: only the rows it shows are formatted."""
    remembered = None
    if mapping is None and store is not None:
        remembered = columns.load_mapping(store, table.headers)
    plan = columns.plan_columns(table.headers, mapping if mapping is not None else remembered)
    number_column = plan.columns.get("national_number")
    shown = [
        (row, [national_number.masked_cell(cell) if i == number_column else _shown(cell)
               for i, cell in enumerate(cells)])
        for row, cells in table.rows[:PREVIEW_ROWS]
    ]
    return Preview(
        table.headers, plan, shown, len(table.rows), table.source_format, table.notices,
        remembered is not None,
    )


def _shown(cell: object) -> str:
    """A cell for the preview; anything elsewhere that is a national number is masked too."""
    if cell is None:
        return ""
    if isinstance(cell, dt.date):
        return clock.be_date(cell)
    if national_number.could_be(cell):
        with contextlib.suppress(national_number.Rejected):
            return national_number.mask(national_number.normalise(cell))
    return str(cell)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection during one bulk import.

    An import builds hundreds of thousands of small, acyclic objects (cells, rows) that
    reference counting frees anyway; the collector's passes over them cost about a third
    of the import's time (bench/import_bench.py). Collection resumes right after.

    Callers drop their large structures (the checked rows, the parsed table) inside the
    block: what is still alive when collection resumes is all young, and the first pass
    after `gc.enable()` walks every such object (0.5 s for 50,000 checked rows).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
