"""Import a delivery: every row accounted for, all or nothing.

Each data row ends in exactly one of six outcomes: stored (new person), updated (known
national number, data changed), unchanged (known, same data), duplicates (number seen
earlier in the same file), out_of_scope (certificate date outside the window, postcode
not the municipality's, or the person objected earlier) or rejected (with a Dutch
reason). Unusable e-mail addresses and phone numbers are left empty and reported as
warnings; they never cost a person their invitation.

One import is one `store.write()` transaction: the delivery row, every person, the
counters and the audit entries land together or not at all (a wrong password, damaged
file, exception or killed process stores nothing).

A known person found again is moved to the new delivery (`people.rewrite_person` with
the new delivery id): the data was received again, so their retention clock restarts
at this receipt. The same delivery received twice (the same checked rows, in any
container: `intake.fingerprint`) is refused with `AlreadyReceived` unless `again`. Empty cells in the new file keep the value already stored, so a later
file without e-mail column does not wipe an e-mail address.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ceremony import audit, clock, deliveries, objections, people, permissions
from ceremony.errors import InvalidInput
from ceremony.intake import checking, columns, fingerprint, formats
from ceremony.intake.checking import check_rows
from ceremony.intake.normalise import CleanRow, RowIssue
from ceremony.intake.reading import gc_paused, read_table, spin_limit
from ceremony.store import in_chunks
from ceremony.target_group import window_start
from ceremony.texts import t

PROGRESS_EVERY = 500  # rows between two progress reports
# Progress(fraction 0..1, step): step is "read", "check", "store" or "done"
Progress = Callable[[float, str], None]
_CHUNK = 500  # ids per SELECT when reading known people back


@dataclass
class ImportReport:
    """What happened to every row of one delivery (no personal values)."""

    delivery_id: int
    rows: int
    source_format: str
    stored: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    out_of_scope: int = 0
    # why out of scope (they add up to out_of_scope): certificate date outside the window,
    # postcode not the municipality's, or an earlier objection
    outside_window: int = 0
    outside_postcodes: int = 0
    objected: int = 0
    rejected: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    dropped_columns: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        """The machine-readable report (`python -m ceremony import --json`)."""
        return {
            "delivery_id": self.delivery_id,
            "rows": self.rows,
            "stored": self.stored,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "out_of_scope": self.out_of_scope,
            "out_of_scope_reasons": self.reasons(),
            "rejected": [{"row": i.row, "reason": i.reason} for i in self.rejected],
            "warnings": [{"row": i.row, "reason": i.reason} for i in self.warnings],
            "dropped_columns": list(self.dropped_columns),
            "notices": list(self.notices),
        }

    def reasons(self) -> dict[str, int]:
        """Why rows were out of scope: {"window": n, "postcodes": n, "objected": n}."""
        return {"window": self.outside_window, "postcodes": self.outside_postcodes, "objected": self.objected}

    def summary(self) -> str:
        """One Dutch sentence with the counts."""
        return t(
            "intake.summary", delivery_id=self.delivery_id, rows=self.rows, stored=self.stored,
            updated=self.updated, unchanged=self.unchanged, duplicates=self.duplicates,
            out_of_scope=self.out_of_scope, rejected=len(self.rejected), warnings=len(self.warnings),
        )

    def lines(self) -> list[str]:
        """The whole report as Dutch lines (command line output)."""
        out = [self.summary()]
        if self.out_of_scope:
            out.append(scope_reasons_text(self.out_of_scope, self.reasons()))
        out += [issue.line() for issue in self.rejected]
        out += [issue.line() for issue in self.warnings]
        if self.dropped_columns:
            out.append(t("intake.dropped", columns=", ".join(self.dropped_columns)))
        return out + self.notices


@dataclass
class Scope:
    """Who belongs to the target group (deliberation par. 34)."""

    earliest: dt.date
    latest: dt.date
    postcodes: frozenset[str]

    @classmethod
    def from_store(cls, store) -> Scope:
        today = clock.today()
        settings = store.settings()
        return cls(
            window_start(today, int(settings["certificate_window_months"])),
            today,
            frozenset(settings["postcodes"]),
        )

    def outside(self, row: CleanRow) -> str | None:
        """Why a row is outside the target group ("window" or "postcodes"), None if inside."""
        if not self.earliest <= row.certificate_date <= self.latest:
            return "window"
        if self.postcodes and row.fields["postcode"] not in self.postcodes:
            return "postcodes"
        return None

    def contains(self, row: CleanRow) -> bool:
        return self.outside(row) is None


def scope_reasons_text(total: int, reasons: dict[str, int]) -> str:
    """"96 buiten doelgroep: 60 met een attest buiten de termijn, 30 ..." (counts only).

    Rows counted before the reasons were kept have no reason; they are said to be so."""
    counts = {**reasons, "unknown": max(0, total - sum(reasons.values()))}
    parts = [t(f"views.scope.{why}", n=n) for why, n in counts.items() if n]
    return t("views.scope.reasons", total=total, parts=", ".join(parts))


# --- importing ---------------------------------------------------------------------------


def import_delivery(store, user: permissions.User, data: bytes, password: str | None,
                    mapping: dict | None = None, progress: Progress | None = None,
                    again: bool = False) -> ImportReport:
    """Import one delivery file in one transaction; a manual `mapping` is remembered.

    `progress(fraction, step)` is called along the way (a page shows a progress bar); it
    gets no value of the file, only how far the import is. A delivery already received
    raises `AlreadyReceived` unless `again`.
    """
    permissions.require(user, "intake.import")
    if progress:
        progress(0.0, "read")
    with gc_paused():
        table = read_table(data, password, spin_limit(store))
        report = import_table(store, user, table, mapping, progress, again)
        del table  # freed before the collector runs again (`gc_paused`)
    return report


def import_table(store, user: permissions.User, table: formats.RawTable, mapping: dict | None = None,
                 progress: Progress | None = None, again: bool = False) -> ImportReport:
    """Import an already parsed delivery (see `reading.HeldUpload`) in one transaction; one received
    before (the same checked rows) raises `AlreadyReceived` unless `again`."""
    permissions.require(user, "intake.import")
    report_progress = progress or (lambda _fraction, _step: None)
    with gc_paused():
        manual = mapping if mapping is not None else columns.load_mapping(store, table.headers)
        plan = columns.plan_columns(table.headers, manual)
        if plan.missing:
            raise InvalidInput(t("intake.missing_columns", fields=plan.missing_labels()))
        # CPU work before the write lock
        if checking.workers_for(len(table.rows)) > 1:  # one step for the progress bar
            report_progress(0.1, "check")
            checked = checking.check_all(plan, table.rows, store.keys)
        else:
            checked = list(_counted(check_rows(plan, table.rows, store.keys), len(table.rows), 0.1, 0.5,
                                    "check", report_progress))
        index = fingerprint.content_index(store.keys, checked)
        with _page_cache(store, len(table.rows)), store.write():
            if not again:
                fingerprint.refuse_repeat(store, index)
            report = _store_rows(store, user.actor, table, plan, checked, report_progress, index)
            if mapping:
                columns.save_mapping(store, user.actor, table.headers, mapping)
        del checked  # freed before the collector runs again (`gc_paused`)
    report_progress(1.0, "done")
    return report


@contextlib.contextmanager
def _page_cache(store, rows: int) -> Iterator[None]:
    """A page cache that holds the people table's indexes while one large import writes
    (about 1 KB per row, memory only); the connection's own size comes back after."""
    before = store.db.execute("PRAGMA cache_size").fetchone()[0]
    wanted = -max(2_000, rows)  # negative: KiB
    store.db.execute(f"PRAGMA cache_size = {min(before, wanted) if before < 0 else wanted}")
    try:
        yield
    finally:
        store.db.execute(f"PRAGMA cache_size = {before}")


def _counted(items: Iterable, total: int, start: float, span: float, step: str, progress: Progress) -> Iterator:
    """Pass `items` through, reporting start..start+span every PROGRESS_EVERY items."""
    progress(start, step)
    for n, item in enumerate(items, start=1):
        if n % PROGRESS_EVERY == 0:
            progress(start + span * n / max(total, 1), step)
        yield item


def _store_rows(store, actor: str, table, plan, checked, progress: Progress, index: str) -> ImportReport:
    delivery_id = deliveries.create_delivery(store, actor, table.source_format, index)
    report = ImportReport(delivery_id, len(table.rows), table.source_format,
                          dropped_columns=list(plan.dropped), notices=list(table.notices))
    scope = Scope.from_store(store)
    new, known = _sort_rows(store, scope, checked, report)
    records = ((row.fields, row.certificate_date.isoformat(), row.blind_index) for row in new)
    report.stored = people.insert_people(store, delivery_id, _counted(records, len(new), 0.6, 0.35, "store", progress))
    _receive_again(store, actor, delivery_id, known, report)
    _add_notices(report, scope, known)
    _finish(store, actor, report)
    return report


def _sort_rows(store, scope: Scope, checked, report: ImportReport):
    """Count rejected, duplicate and out-of-scope rows; return (new rows, {person id: row})."""
    known_ids = people.rows.blind_index_ids(store)
    objected = objections.all_indexes(store)
    seen: set[str] = set()
    new: list[CleanRow] = []
    known: dict[int, CleanRow] = {}
    for item in checked:
        if isinstance(item, RowIssue):
            report.rejected.append(item)
            continue
        number = item.fields["national_number"]
        if number in seen:
            report.duplicates += 1
            continue
        seen.add(number)
        why = scope.outside(item)
        if why:
            report.out_of_scope += 1
            if why == "window":
                report.outside_window += 1
            else:
                report.outside_postcodes += 1
            continue
        blind = item.blind_index  # computed once, when the row was checked
        if blind in objected:
            report.out_of_scope += 1
            report.objected += 1
            continue
        report.warnings.extend(RowIssue(item.row, t(key)) for key in item.warnings)
        person_id = known_ids.get(blind)
        if person_id is None:
            new.append(item)
        else:
            known[person_id] = item
    report.warnings.sort(key=lambda issue: issue.row)
    return new, known


def _receive_again(store, actor: str, delivery_id: int, known: dict[int, CleanRow],
                   report: ImportReport) -> None:
    """Move known people to this delivery; audit which fields changed (never values)."""
    ids = sorted(known)
    for chunk, _ in in_chunks(ids, _CHUNK):
        for person in list(people.iter_people(store, chunk)):
            row = known[person.id]
            merged = {name: row.fields.get(name) or person.fields.get(name, "") for name in people.PERSONAL_FIELDS}
            changed = [name for name in people.PERSONAL_FIELDS if merged[name] != person.fields.get(name, "")]
            certificate = row.certificate_date.isoformat()
            if certificate != person.certificate_date:
                changed.append("certificate_date")
            people.rewrite_person(store, person.id, merged, certificate, delivery_id=delivery_id,
                                  blind_index=row.blind_index)
            if changed:
                report.updated += 1
                audit.record(store, actor, "import.update", f"person:{person.id}",
                             delivery=delivery_id, fields=changed)
            else:
                report.unchanged += 1


def _add_notices(report: ImportReport, scope: Scope, known: dict) -> None:
    if not scope.postcodes:
        report.notices.append(t("intake.no_postcodes"))
    if report.objected:
        report.notices.append(t("intake.objected", n=report.objected))
    if known:
        report.notices.append(t("intake.retention_reset"))


def _finish(store, actor: str, report: ImportReport) -> None:
    """Write the delivery's counters and the audit entry (counts and format only)."""
    counts = {
        "rows": report.rows,
        "stored": report.stored,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "duplicates": report.duplicates,
        "out_of_scope": report.out_of_scope,
        "rejected": len(report.rejected),
        "warnings": len(report.warnings),
    }
    # Only the number of dropped columns is kept: their names are shown to the user who
    # holds the file, but a "name" could still be somebody's value (deliberation par. 34).
    dropped = len(report.dropped_columns)
    deliveries.record_import(store, report.delivery_id, {
        **counts, "dropped_columns": json.dumps(dropped), "outside_window": report.outside_window,
        "outside_postcodes": report.outside_postcodes, "objected": report.objected,
    })
    audit.record(
        store, actor, "import.delivery", f"delivery:{report.delivery_id}",
        format=report.source_format, objected=report.objected, outside_window=report.outside_window,
        outside_postcodes=report.outside_postcodes, dropped_columns=dropped, **counts,
    )
