"""Outcomes in the phone round: saved under the card's claim, and taken back within minutes.

A claim belongs to one call card (`claims.Claim`: a random token the card holds), not only
to the caller: an outcome is saved only while the card's claim holds. A card whose claim
expired and went to another caller, or that another window of the same caller took over,
saves nothing and says who holds the person now or what was saved meanwhile (`Conflict`);
the second outcome never silently overwrites the first. Each outcome is its own
`call_attempts` row (`attempts`), and the invitation's columns change through the owner of
`invitations` (`ceremony.invitations.phone_round`).

A caller can take their last outcome back for `UNDO_MINUTES` (`undo_outcome`): the attempt
row keeps the invitation's workflow columns from before and after it, so undo restores them
only if nothing changed since, removes the attempt and puts the person back on the caller's
screen.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass

from ceremony import audit, people, permissions
from ceremony.ceremonies import get_ceremony
from ceremony.clock import BRUSSELS, be_datetime, now_utc, utc_iso
from ceremony.errors import AccessDenied, Conflict, InvalidInput, NotFound
from ceremony.invitations import get_invitation, parse_companions
from ceremony.invitations import phone_round as rounds
from ceremony.phone_round import attempts
from ceremony.phone_round.claims import Claim, claim_until
from ceremony.texts import t

OUTCOMES = ("komt", "komt_niet", "misschien", "geen_antwoord", "voicemail", "verkeerd_nummer", "terugbellen",
            "verwittigd")
REACHED = ("komt", "komt_niet", "misschien", "verwittigd")
CANCELLED_REACHED = ("verwittigd",)  # the one "reached" outcome of a cancellation call
MAX_NOTE = 500
UNDO_MINUTES = 5


def callback_moment(day: dt.date, time: dt.time) -> dt.datetime:
    """A call-back moment picked in Brussels time, as an aware datetime."""
    return dt.datetime.combine(day, time, tzinfo=BRUSSELS)


def record_outcome(
    store, user: permissions.User, claim: Claim, outcome: str, note: str = "",
    callback_at: dt.datetime | None = None, companions=0,
) -> str:
    """Store one call outcome as its own row and update the invitation; returns the attempt uid.

    Saved only under a claim its card still holds (`claim`: expired is fine while nobody
    took the person since); otherwise nothing is saved, the refusal is audited and
    `Conflict` says who holds the person now or what was saved meanwhile. The claim is
    released.
    """
    permissions.require(user, "calls.make")
    if outcome not in OUTCOMES:
        raise InvalidInput(t("calls.outcome_invalid"))
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput(t("calls.note_long", n=MAX_NOTE))
    callback = _check_callback(outcome, callback_at)
    number = parse_companions(companions) if outcome == "komt" else 0
    uid = secrets.token_hex(16)
    invitation_id = claim.invitation_id
    with store.write():
        row = get_invitation(store, invitation_id)
        cancelled = bool(get_ceremony(store, row["ceremony_id"]).get("cancelled_at"))
        if outcome in REACHED and (outcome in CANCELLED_REACHED) != cancelled:
            raise InvalidInput(t("calls.outcome_invalid"))
        lost = _claim_lost(store, user, claim, row)
        if lost:
            audit.record(store, user.actor, "calls.outcome_refused", f"invitation:{invitation_id}",
                         outcome=outcome, reason=lost[0])
        else:
            _save_attempt(store, user, row, uid, outcome, callback, number, note, cancelled)
    if lost:
        raise Conflict(lost[1])
    return uid


def _save_attempt(store, user: permissions.User, row: dict, uid: str, outcome: str, callback: str | None,
                  companions: int, note: str, cancelled: bool = False) -> None:
    """The attempt row, the invitation's new state and the audit entry (inside the caller's write)."""
    invitation_id = row["id"]
    before = rounds.call_state(store, invitation_id)
    sealed = people.seal_note(store, row["delivery_id"], uid, note) if note else None
    attempt_id = attempts.add(store, uid, row, user.username, outcome, callback, sealed)
    rounds.record_call(store, invitation_id, outcome, outcome in REACHED, companions, callback, user.username,
                       cancelled)
    undo_state = json.dumps({"before": before, "after": rounds.call_state(store, invitation_id)})
    attempts.keep_undo_state(store, attempt_id, undo_state)
    audit.record(
        store, user.actor, "calls.outcome", f"invitation:{invitation_id}",
        outcome=outcome, attempt=attempt_id, note=bool(note),
    )


def _claim_lost(store, user: permissions.User, claim: Claim, row: dict) -> tuple[str, str] | None:
    """Why this card may not save (a reason code for the audit trail and the Dutch sentence
    for the caller), or None while its claim holds."""
    holder = row["claimed_by"]
    if holder == user.username and row["claim_token"] == claim.token:
        return None
    if holder == user.username:
        return "other_window", t("calls.claim_lost.window")
    if holder and (row["claim_expires"] or "") > utc_iso():
        return "taken", t("calls.claim_lost.taken", caller=holder)
    last = attempts.last_since(store, row["id"], claim.since)
    if last:
        return "saved", t("calls.claim_lost.saved", caller=last["caller"], at=be_datetime(last["at"]),
                          outcome=t(f"calls.outcome.{last['outcome']}"))
    return "released", t("calls.claim_lost.released")


@dataclass
class Saved:
    """The caller's last outcome while it can still be taken back."""

    attempt_uid: str
    outcome: str
    first_name: str
    last_name: str
    until: str  # UTC ISO: undo possible until then
    callback_at: str | None = None  # UTC ISO: when to call back ("terugbellen")


def _undo_problem(store, user: permissions.User, attempt: dict | None) -> str | None:
    """Why this attempt cannot be taken back now (a text key), or None."""
    if attempt is None:
        return "calls.undo_gone"
    if attempt["caller"] != user.username:
        return "calls.undo_not_yours"
    if attempt["at"] < utc_iso(now_utc() - dt.timedelta(minutes=UNDO_MINUTES)) or not attempt["undo_state"]:
        return "calls.undo_expired"
    latest = attempts.latest_id(store, attempt["invitation_id"])
    claimed_by, claim_expires = rounds.claim_of(store, attempt["invitation_id"])
    held_by_other = claimed_by not in (None, user.username) and (claim_expires or "") > utc_iso()
    if (latest != attempt["id"] or held_by_other
            or rounds.call_state(store, attempt["invitation_id"]) != json.loads(attempt["undo_state"])["after"]):
        return "calls.undo_changed"
    return None


def last_saved(store, user: permissions.User, ceremony_id: int) -> Saved | None:
    """The caller's most recent outcome in this ceremony if it can still be undone, with the
    person's name (for "Opgeslagen voor ..."); None otherwise."""
    permissions.require(user, "calls.make")
    since = utc_iso(now_utc() - dt.timedelta(minutes=UNDO_MINUTES))
    attempt = attempts.last_of_caller(store, ceremony_id, user.username, since)
    if attempt is None or _undo_problem(store, user, attempt):
        return None
    person = people.get_person(store, attempt["person_id"])
    until = dt.datetime.fromisoformat(attempt["at"]) + dt.timedelta(minutes=UNDO_MINUTES)
    return Saved(attempt["uid"], attempt["outcome"], person.first_name, person.last_name, utc_iso(until),
                 attempt["callback_at"])


def undo_outcome(store, user: permissions.User, attempt_uid: str) -> Claim:
    """Take back the caller's own last outcome for a person within `UNDO_MINUTES`.

    The invitation gets its columns from before the outcome back, the attempt (and its
    sealed note) is removed, and the person is claimed for the caller again on a new card
    (any other claim of the caller is released). Returns that card's claim.
    """
    permissions.require(user, "calls.make")
    with store.write():
        attempt = attempts.by_uid(store, attempt_uid)
        problem = _undo_problem(store, user, attempt)
        if problem == "calls.undo_gone":
            raise NotFound(t(problem))
        if problem == "calls.undo_not_yours":
            raise AccessDenied(t(problem))
        if problem:
            raise InvalidInput(t(problem))
        invitation_id = attempt["invitation_id"]
        before = json.loads(attempt["undo_state"])["before"]
        claim = Claim(invitation_id, secrets.token_urlsafe(16), utc_iso())
        rounds.restore_call(store, invitation_id, before, user.username, utc_iso(claim_until(store)), claim.token)
        attempts.remove(store, attempt["id"])
        audit.record(
            store, user.actor, "calls.undo", f"invitation:{invitation_id}",
            outcome=attempt["outcome"], attempt=attempt["id"],
        )
    return claim


def _check_callback(outcome: str, callback_at: dt.datetime | None) -> str | None:
    if outcome != "terugbellen":
        return None
    if callback_at is None:
        raise InvalidInput(t("calls.callback_missing"))
    if callback_at.tzinfo is None:
        callback_at = callback_at.replace(tzinfo=BRUSSELS)
    if callback_at <= now_utc():
        raise InvalidInput(t("calls.callback_past"))
    return utc_iso(callback_at)
