"""Retention: when personal data must go, and the purge that makes it go (obligation O2).

Policy. A person's purge date is the earlier of
  - the Brussels date their delivery was received + `retention_days_after_receipt`, and
  - the date of the *latest* ceremony they are invited to + `retention_days_after_ceremony`.
With several invitations the latest ceremony counts: somebody on the list of a later
ceremony must not lose that invitation because an earlier ceremony has passed; the
receipt term still caps everything. A person is purged when `as_of >= purge date`.
A delivery's purge date is the latest purge date of its people (the day it will be
empty), or received + the receipt term when it holds nobody any more; on that day its
data key is destroyed as well.

The purge runs once at every start of the app (`startup_purge`, registered in
ceremony.startup) and on schedule (`python -m ceremony purge`). The deletion itself is
ceremony.shredder's: one transaction holds the shredding, the `purges` row and the audit
entry; compaction (WAL checkpoint + VACUUM) follows, and a crash before it is finished by
the next run. A purge that is interrupted leaves the old state or the new one, so running
it again simply finishes the job; a second run finds nothing more.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field

from ceremony import audit, invitations, ledger, people, permissions, shredder
from ceremony import deliveries as delivery_table
from ceremony.clock import BRUSSELS, parse_utc, today, utc_iso
from ceremony.errors import InvalidInput, NotFound
from ceremony.phone_round import attempts
from ceremony.texts import t

STARTUP_ACTOR = "system:start-up"

# Test-only: `CEREMONY_TEST_CRASH_AT=<step>` kills the process (os._exit(9)) at that step,
# so the crash-safety tests can interrupt a real purge. Steps: "shredded" and
# "before_commit" (inside the transaction), "committed" (after it, before compaction).
CRASH_ENV = "CEREMONY_TEST_CRASH_AT"


@dataclass(frozen=True)
class Terms:
    after_receipt: int
    after_ceremony: int

    @classmethod
    def of(cls, store) -> Terms:
        """The retention terms from the settings."""
        return cls(store.setting("retention_days_after_receipt"), store.setting("retention_days_after_ceremony"))

    def receipt_due(self, received_at: str) -> dt.date:
        return received_date(received_at) + dt.timedelta(days=self.after_receipt)

    def person_due(self, received_at: str, last_ceremony: str | None) -> dt.date:
        due = self.receipt_due(received_at)
        if last_ceremony:
            due = min(due, dt.date.fromisoformat(last_ceremony) + dt.timedelta(days=self.after_ceremony))
        return due


@dataclass
class PurgePlan:
    as_of: dt.date
    people: list[int] = field(default_factory=list)
    deliveries: list[int] = field(default_factory=list)  # active deliveries that will hold nobody


@dataclass
class PurgeResult:
    as_of: dt.date
    dry_run: bool = False
    purged_people: int = 0
    purged_deliveries: int = 0
    would_purge_people: int = 0
    would_purge_deliveries: int = 0
    compacted: bool = True

    def as_dict(self) -> dict:
        """Counts only, for `--json` and the audit trail."""
        return {
            "as_of": self.as_of.isoformat(),
            "dry_run": self.dry_run,
            "purged_people": self.purged_people,
            "purged_deliveries": self.purged_deliveries,
            "would_purge_people": self.would_purge_people,
            "would_purge_deliveries": self.would_purge_deliveries,
            "compacted": self.compacted,
        }


def received_date(received_at: str) -> dt.date:
    """The Brussels calendar date of a delivery's UTC receipt time."""
    return parse_utc(received_at).astimezone(BRUSSELS).date()


# --- policy ---------------------------------------------------------------------------


def _deliveries(store) -> dict[int, dict]:
    return delivery_table.retention_rows(store)


def _people_dates(store, terms: Terms, deliveries: dict[int, dict]) -> list[tuple[int, int, dt.date]]:
    """(person id, delivery id, purge date) for every stored person."""
    rows = people.rows.retention_facts(store)
    return [(pid, did, terms.person_due(deliveries[did]["received_at"], last)) for pid, did, last in rows]


def purge_date_of_person(store, person_id: int) -> dt.date | None:
    """The day a person's data must be gone (None when no such person is stored)."""
    row = people.rows.retention_fact(store, person_id)
    return Terms.of(store).person_due(row[0], row[1]) if row else None


def delivery_overview(store) -> list[dict]:
    """Every delivery, newest first, with counts and purge dates (no personal data).

    Keys: id, received_at, received_date, status, received (rows in the file),
    stored_now, purged (people purged so far), first_purge_date and purge_date
    (None once purged), purged_at, purge_reason.
    """
    terms = Terms.of(store)
    deliveries = _deliveries(store)
    by_delivery: dict[int, list[dt.date]] = {}
    for _pid, did, due in _people_dates(store, terms, deliveries):
        by_delivery.setdefault(did, []).append(due)
    overview = []
    for did in sorted(deliveries, reverse=True):
        row = deliveries[did]
        dates = by_delivery.get(did, [])
        active = row["status"] == "active"
        overview.append(
            {
                "id": did,
                "received_at": row["received_at"],
                "received_date": received_date(row["received_at"]),
                "status": row["status"],
                "received": row["rows"],
                "stored_now": len(dates),
                "purged": row["people_purged"],
                "first_purge_date": (min(dates) if dates else terms.receipt_due(row["received_at"])) if active else None,
                "purge_date": (max(dates) if dates else terms.receipt_due(row["received_at"])) if active else None,
                "purged_at": row["purged_at"],
                "purge_reason": row["purge_reason"],
            }
        )
    return overview


def next_purge(store) -> dt.date | None:
    """The earliest purge date of any stored person; None when nobody is stored.

    A person's date is the earlier of their delivery's receipt term and their last
    ceremony's term, so the earliest of all is the earlier of the earliest receipt term
    (over the deliveries that hold someone) and the earliest last ceremony plus its term:
    the same date as the minimum over every person, without a row per person (the start
    page shows it on every visit, 0.2 s at 20,000 people when computed per person)."""
    terms = Terms.of(store)
    held, earliest_last = people.rows.earliest_purge_facts(store)
    if not held:
        return None
    deliveries = _deliveries(store)
    dates = [terms.receipt_due(deliveries[did]["received_at"]) for did in held]
    if earliest_last:
        dates.append(dt.date.fromisoformat(earliest_last) + dt.timedelta(days=terms.after_ceremony))
    return min(dates)


def plan_purge(store, as_of: dt.date) -> PurgePlan:
    """Who and which deliveries are due on `as_of` (reads only)."""
    terms = Terms.of(store)
    deliveries = _deliveries(store)
    plan = PurgePlan(as_of)
    stored_in: set[int] = set()
    kept_in: set[int] = set()
    for pid, did, due in _people_dates(store, terms, deliveries):
        stored_in.add(did)
        if as_of >= due:
            plan.people.append(pid)
        else:
            kept_in.add(did)
    for did, row in deliveries.items():
        if row["status"] != "active" or did in kept_in:
            continue
        # emptied by this purge, or already empty and past its receipt term
        if did in stored_in or as_of >= terms.receipt_due(row["received_at"]):
            plan.deliveries.append(did)
    return plan


# --- the purge ------------------------------------------------------------------------


def record_purge(store, actor: str, trigger: str, as_of: dt.date, people: int, deliveries: int) -> None:
    """One row of the purge history, `purges` (the caller holds the transaction that shredded).

    `trigger`: "start-up" or "schedule" (the purge), "user" (early deletion), "erasure".
    """
    store.db.execute(
        "INSERT INTO purges(at, actor, trigger, as_of, purged_people, purged_deliveries) VALUES (?,?,?,?,?,?)",
        [utc_iso(), actor, trigger, as_of.isoformat(), people, deliveries],
    )


def run_purge(store, actor: str, trigger: str, as_of: dt.date | None = None, dry_run: bool = False) -> PurgeResult:
    """Purge everyone due on `as_of` (default: today in Brussels); finish earlier work first.

    `trigger` is "start-up" or "schedule". With `dry_run` nothing changes and the result
    says what would go. Otherwise the shredding, the `purges` row and the audit entry are
    one transaction, followed by compaction.
    """
    as_of = as_of or today()
    if dry_run:
        plan = plan_purge(store, as_of)
        return PurgeResult(
            as_of, True, would_purge_people=len(plan.people), would_purge_deliveries=len(plan.deliveries)
        )
    result = PurgeResult(as_of)
    shredder.finish_pending_compaction(store)  # an earlier purge or erasure was interrupted
    with store.write():
        plan = plan_purge(store, as_of)  # planned inside the transaction: nobody changes it meanwhile
        shredded = shredder.shred_people(store, plan.people, "term")
        _crash_point("shredded")
        emptied = set(shredded.deliveries)
        for delivery_id in plan.deliveries:
            if delivery_id not in emptied and shredder.destroy_if_empty(store, delivery_id, "term"):
                emptied.add(delivery_id)
        result.purged_people, result.purged_deliveries = shredded.people, len(emptied)
        if result.purged_people or result.purged_deliveries:
            record_purge(store, actor, trigger, as_of, result.purged_people, result.purged_deliveries)
            ledger.note(store, purge=as_of, reason="term")
        audit.record(
            store, actor, "retention.purge", "", trigger=trigger, as_of=as_of.isoformat(),
            purged_people=result.purged_people, purged_deliveries=result.purged_deliveries,
        )
        _crash_point("before_commit")
    _crash_point("committed")
    if store.meta(shredder.COMPACT_FLAG):
        result.compacted = shredder.try_compact(store)
    return result


def startup_purge(store) -> None:
    """Start-up task: purge what is due before any page can show it."""
    run_purge(store, STARTUP_ACTOR, "start-up")


def _crash_point(step: str) -> None:
    """Test-only hook (see CRASH_ENV): die here, as a killed process would."""
    if os.environ.get(CRASH_ENV) == step:
        os._exit(9)


# --- early deletion by an administrator ----------------------------------------------


def delivery_loss(store, delivery_id: int) -> dict[str, int]:
    """What deleting an active delivery now would destroy: counts of people, invitations, calls."""
    if delivery_table.status(store, delivery_id) != "active":
        raise NotFound(t("retention.not_active", id=delivery_id))
    return {
        "people": people.rows.count(store, delivery_id=delivery_id),
        "invitations": invitations.count_for_delivery(store, delivery_id),
        "calls": attempts.count_for_delivery(store, delivery_id),
    }


def delete_delivery(store, user: permissions.User, delivery_id: int, typed: str) -> PurgeResult:
    """Delete a whole delivery before its term; `typed` must repeat the delivery number."""
    permissions.require(user, "retention.delete")
    if str(typed).strip().lstrip("#") != str(delivery_id):
        raise InvalidInput(t("retention.confirm_mismatch", id=delivery_id))
    result = PurgeResult(today())
    with store.write():
        loss = delivery_loss(store, delivery_id)
        ids = people.rows.ids_of_delivery(store, delivery_id)
        shredded = shredder.shred_people(store, ids, "early")
        if delivery_id not in shredded.deliveries:
            shredder.destroy_if_empty(store, delivery_id, "early")
        result.purged_people, result.purged_deliveries = shredded.people, 1
        record_purge(store, user.actor, "user", result.as_of, result.purged_people, 1)
        audit.record(
            store, user.actor, "retention.delete_early", f"delivery:{delivery_id}",
            purged_people=loss["people"], invitations=loss["invitations"], calls=loss["calls"],
        )
    result.compacted = shredder.try_compact(store)
    return result


# --- what the page shows ----------------------------------------------------------------


def purge_history(store, limit: int = 200) -> list[dict]:
    """Past purges, newest first: when, who or what, and counts."""
    return store.rows("SELECT * FROM purges ORDER BY id DESC LIMIT ?", [limit])


def last_check(store) -> dict | None:
    """The newest purge run, also one that found nothing: at, actor, trigger."""
    found = audit.entries(store, action="retention.purge", limit=1)
    if not found:
        return None
    return {"at": found[0]["at"], "actor": found[0]["actor"], "trigger": json.loads(found[0]["details"])["trigger"]}
