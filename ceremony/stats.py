"""Turnout figures for the dashboard: anonymous counts only, never a name.

Live invitations are counted in SQL and the counters of purged invitations
(`ceremony_counts`, filled by the shredder) are added, so the figures outlive the data.
Definitions match the shredder's: invited = invitation with a date, reached = reached by
phone, confirmed = answered "komt", present = checked in.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ceremony import invitations, permissions
from ceremony.clock import BRUSSELS, parse_utc
from ceremony.invitations import deletion
from ceremony.phone_round import attempts

STAGES = ("invited", "reached", "confirmed", "present")
GROUPS = ("reached", "not_reached")


@dataclass
class Figures:
    funnel: dict[str, int]
    groups: dict[str, dict[str, int]]  # group -> {"people": n, "present": m}
    calls_total: int
    calls_per_day: list[tuple[str, int]] = field(default_factory=list)  # (YYYY-MM-DD, n), live calls

    def rate(self, group: str) -> float | None:
        """Attendance in percent of a group, None for an empty group."""
        people = self.groups[group]["people"]
        return round(100 * self.groups[group]["present"] / people, 1) if people else None


def _scope(ceremony_id: int | None, column: str) -> tuple[str, list]:
    return (f" WHERE {column} = ?", [ceremony_id]) if ceremony_id is not None else ("", [])


def _live(store, ceremony_id: int | None) -> dict[str, int]:
    return invitations.turnout_counts(store, ceremony_id)


def _purged(store, ceremony_id: int | None) -> dict[str, int]:
    where, params = _scope(ceremony_id, "ceremony_id")
    row = store.one(
        "SELECT coalesce(sum(invited), 0) AS invited, coalesce(sum(reached), 0) AS reached, "
        "coalesce(sum(confirmed), 0) AS confirmed, coalesce(sum(attended), 0) AS attended, "
        "coalesce(sum(attended_reached), 0) AS attended_reached, coalesce(sum(calls), 0) AS calls "
        "FROM ceremony_counts" + where,
        params,
    )
    return dict(row)


def fold_counts(store, chunk, marks: str) -> None:
    """Shredding step: add the turnout of these people's invitations, about to go, to
    `ceremony_counts` (anonymous figures per ceremony that outlive the people)."""
    for ceremony_id, *figures in deletion.turnout_of_people(store, chunk, marks):
        invited, reached, confirmed, attended, attended_reached, n_calls = (n or 0 for n in figures)
        store.db.execute(
            "INSERT INTO ceremony_counts(ceremony_id) VALUES (?) ON CONFLICT(ceremony_id) DO NOTHING", [ceremony_id]
        )
        store.db.execute(
            "UPDATE ceremony_counts SET invited = invited + ?, reached = reached + ?, confirmed = confirmed + ?, "
            "attended = attended + ?, attended_reached = attended_reached + ?, calls = calls + ? "
            "WHERE ceremony_id = ?",
            [invited, reached, confirmed, attended, attended_reached, n_calls, ceremony_id],
        )


def _calls_per_day(store, ceremony_id: int | None) -> list[tuple[str, int]]:
    # counted per UTC hour in SQL (Brussels is a whole number of hours off UTC), so Python
    # turns at most 24 buckets a day into Brussels days, however many calls there were
    days: Counter[str] = Counter()
    for hour, n in attempts.attempts_per_hour(store, ceremony_id):
        days[parse_utc(hour + ":00:00Z").astimezone(BRUSSELS).date().isoformat()] += n
    return sorted(days.items())


def figures(store, user: permissions.User, ceremony_id: int | None = None) -> Figures:
    """The dashboard figures of one ceremony, or of all ceremonies together."""
    permissions.require(user, "dashboard.view")
    live, purged = _live(store, ceremony_id), _purged(store, ceremony_id)
    total = {key: live[key] + purged[key] for key in live}
    per_day = _calls_per_day(store, ceremony_id)
    return Figures(
        funnel={
            "invited": total["invited"],
            "reached": total["reached"],
            "confirmed": total["confirmed"],
            "present": total["attended"],
        },
        groups={
            "reached": {"people": total["reached"], "present": total["attended_reached"]},
            "not_reached": {
                "people": total["invited"] - total["reached"],
                "present": total["attended"] - total["attended_reached"],
            },
        },
        calls_total=sum(n for _day, n in per_day) + purged["calls"],
        calls_per_day=per_day,
    )
