"""The phone round ("Belronde"): a fair queue, claims that expire, one-click outcomes.

The queue is computed in SQL on clear columns only, so a queue of 20,000 invitees costs
one indexed query and only the person a caller claims is decrypted. A claim is taken in
one `BEGIN IMMEDIATE` transaction, so two callers never hold the same person; each
outcome is its own `call_attempts` row and counters are raised with `attempts + 1` in
SQL.

A claim belongs to one call card (`Claim`: a random token the card holds), not only to
the caller: an outcome is saved only while the card's claim holds. A card whose claim
expired and went to another caller, or that another window of the same caller took over,
saves nothing and says who holds the person now or what was saved meanwhile (`Conflict`);
the second outcome never silently overwrites the first.

Queue rules (documented for coordinators):
- offered: invitees of the ceremony not reached by phone, without an answer, not present,
  not "niet contacteren", whose call-back moment (if any) is due, whose number was not
  reported wrong since the person's record last changed, and who have a number to dial;
- without a usable number (none, or one that does not parse) a person leaves the queue for
  the "geen nummer" list (they get a letter). The check decrypts each invitee once per
  version of their record, in memory (`sort_out_numbers`), and is audited with counts;
- a caller gets the invitees assigned to them first, then unassigned ones; invitees
  assigned to another caller are never offered to them;
- order: due call-backs first (earliest first), then fewest attempts, then most recent
  certificate.

A caller can take their last outcome back for `UNDO_MINUTES` (`undo_outcome`): the attempt
row keeps the invitation's workflow columns from before and after it, so undo restores them
only if nothing changed since, removes the attempt and puts the person back on the caller's
screen.

Owner of the table `call_attempts`. The package holds `claims.py` (one claim per call card)
and `numbers.py` (the number check); their public functions are names of this package too
(`calls.claim_next`, `calls.sort_out_numbers`). The queue's SQL over `invitations` lives
with that table's owner (`ceremony.invitations.phone_round`); sharing the round among
callers and the "geen nummer" list are `ceremony.call_assignment`.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass, field

from ceremony import audit, people, permissions, phones
from ceremony.calls.claims import Claim as Claim
from ceremony.calls.claims import claim_next as claim_next
from ceremony.calls.claims import claim_until
from ceremony.calls.claims import current_claim as current_claim
from ceremony.calls.claims import held as held
from ceremony.calls.claims import reclaim as reclaim
from ceremony.calls.claims import release as release
from ceremony.calls.claims import resume as resume
from ceremony.calls.numbers import no_number_count as no_number_count
from ceremony.calls.numbers import sort_out_numbers as sort_out_numbers
from ceremony.ceremonies import get_ceremony
from ceremony.clock import BRUSSELS, be_date, be_datetime, now_utc, utc_iso
from ceremony.errors import AccessDenied, Conflict, InvalidInput, NotFound
from ceremony.invitations import get_invitation, parse_companions
from ceremony.invitations import phone_round as rounds
from ceremony.texts import t

OUTCOMES = ("komt", "komt_niet", "misschien", "geen_antwoord", "voicemail", "verkeerd_nummer", "terugbellen",
            "verwittigd")
REACHED = ("komt", "komt_niet", "misschien", "verwittigd")
CANCELLED_REACHED = ("verwittigd",)  # the one "reached" outcome of a cancellation call
MAX_NOTE = 500
UNDO_MINUTES = 5


@dataclass
class Attempt:
    at: str
    outcome: str
    caller: str
    note: str


@dataclass
class CallCard:
    """Everything a caller sees of one person, and nothing more."""

    invitation_id: int
    first_name: str
    last_name: str
    phone: str  # display form, e.g. "0470 12 34 56"
    phone_uri: str | None  # "tel:+32470123456", None without a usable number
    call_script: str
    callback_at: str | None
    claim_expires: str | None
    attempts: list[Attempt] = field(default_factory=list)
    cancelled: bool = False  # a cancellation call: tell the person, take no answer


def queue_size(store, user: permissions.User, ceremony_id: int) -> int:
    """How many invitees this caller can be offered now: the one count Start and Belronde
    show, after the numbers not yet checked are sorted out (as the queue itself does)."""
    sort_out_numbers(store, user, ceremony_id)
    return rounds.queue_count(store, ceremony_id, user.username, utc_iso())


def queue(store, user: permissions.User, ceremony_id: int, limit: int = 50) -> list[dict]:
    """The caller's queue in order: invitation ids and clear columns only (no names)."""
    permissions.require(user, "calls.make")
    return rounds.queue_rows(store, ceremony_id, user.username, utc_iso(), limit)


def card(store, user: permissions.User, invitation_id: int) -> CallCard:
    """What the caller needs to call the person they claimed: names, number, script, history."""
    permissions.require(user, "calls.make")
    row = get_invitation(store, invitation_id)
    if row["claimed_by"] != user.username:
        raise AccessDenied(t("calls.not_yours"))
    person = people.get_person(store, row["person_id"])
    phone, uri = phones.for_caller(person.phone)
    ceremony = get_ceremony(store, row["ceremony_id"])
    script = cancellation_script(ceremony) if ceremony.get("cancelled_at") else ceremony["call_script"]
    return CallCard(
        invitation_id=invitation_id,
        first_name=person.first_name,
        last_name=person.last_name,
        phone=phone or t("calls.no_phone"),
        phone_uri=uri,
        call_script=script or "",
        callback_at=row["callback_at"],
        claim_expires=row["claim_expires"],
        attempts=_attempts(store, invitation_id, row["delivery_id"]),
        cancelled=bool(ceremony.get("cancelled_at")),
    )


def cancellation_script(ceremony: dict) -> str:
    """What a caller says when the ceremony is cancelled (the catalogue's script)."""
    return t("calls.cancel_script", ceremonie=ceremony["name"], datum=be_date(ceremony["date"]))


def _attempts(store, invitation_id: int, delivery_id: int) -> list[Attempt]:
    rows = store.rows(
        "SELECT uid, at, outcome, caller, note FROM call_attempts WHERE invitation_id = ? ORDER BY at DESC, id DESC",
        [invitation_id],
    )
    return [
        Attempt(
            at=r["at"],
            outcome=r["outcome"],
            caller=r["caller"],
            note=people.open_note(store, delivery_id, r["uid"], r["note"]) if r["note"] else "",
        )
        for r in rows
    ]


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
    with store.write() as db:
        row = get_invitation(store, invitation_id)
        cancelled = bool(get_ceremony(store, row["ceremony_id"]).get("cancelled_at"))
        if outcome in REACHED and (outcome in CANCELLED_REACHED) != cancelled:
            raise InvalidInput(t("calls.outcome_invalid"))
        lost = _claim_lost(store, user, claim, row)
        if lost:
            audit.record(store, user.actor, "calls.outcome_refused", f"invitation:{invitation_id}",
                         outcome=outcome, reason=lost[0])
        else:
            _save_attempt(store, db, user, row, uid, outcome, callback, number, note, cancelled)
    if lost:
        raise Conflict(lost[1])
    return uid


def _save_attempt(store, db, user: permissions.User, row: dict, uid: str, outcome: str, callback: str | None,
                  companions: int, note: str, cancelled: bool = False) -> None:
    """The attempt row, the invitation's new state and the audit entry (inside the caller's write)."""
    invitation_id = row["id"]
    before = rounds.call_state(store, invitation_id)
    sealed = people.seal_note(store, row["delivery_id"], uid, note) if note else None
    cur = db.execute(
        "INSERT INTO call_attempts(uid, invitation_id, person_id, caller, at, outcome, callback_at, note) "
        "VALUES (?,?,?,?,?,?,?,?)",
        [uid, invitation_id, row["person_id"], user.username, utc_iso(), outcome, callback, sealed],
    )
    rounds.record_call(store, invitation_id, outcome, outcome in REACHED, companions, callback, user.username,
                       cancelled)
    undo_state = json.dumps({"before": before, "after": rounds.call_state(store, invitation_id)})
    db.execute("UPDATE call_attempts SET undo_state = ? WHERE id = ?", [undo_state, cur.lastrowid])
    audit.record(
        store, user.actor, "calls.outcome", f"invitation:{invitation_id}",
        outcome=outcome, attempt=cur.lastrowid, note=bool(note),
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
    last = store.one(
        "SELECT caller, at, outcome FROM call_attempts WHERE invitation_id = ? AND at >= ? ORDER BY id DESC LIMIT 1",
        [row["id"], claim.since],
    )
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
    latest = store.scalar("SELECT max(id) FROM call_attempts WHERE invitation_id = ?", [attempt["invitation_id"]])
    claimed_by, claim_expires = rounds.claim_of(store, attempt["invitation_id"])
    held_by_other = claimed_by not in (None, user.username) and (claim_expires or "") > utc_iso()
    if (latest != attempt["id"] or held_by_other
            or rounds.call_state(store, attempt["invitation_id"]) != json.loads(attempt["undo_state"])["after"]):
        return "calls.undo_changed"
    return None


def _attempt(store, where: str, params: list) -> dict | None:
    cur = store.db.execute(
        "SELECT a.id, a.uid, a.invitation_id, a.person_id, a.caller, a.at, a.outcome, a.undo_state, a.callback_at "
        f"FROM call_attempts a JOIN invitations i ON i.id = a.invitation_id WHERE {where} "
        "ORDER BY a.id DESC LIMIT 1",
        params,
    )
    row = cur.fetchone()
    return dict(zip([c[0] for c in cur.description], row, strict=True)) if row else None


def last_saved(store, user: permissions.User, ceremony_id: int) -> Saved | None:
    """The caller's most recent outcome in this ceremony if it can still be undone, with the
    person's name (for "Opgeslagen voor ..."); None otherwise."""
    permissions.require(user, "calls.make")
    since = utc_iso(now_utc() - dt.timedelta(minutes=UNDO_MINUTES))
    attempt = _attempt(store, "i.ceremony_id = ? AND a.caller = ? AND a.at >= ?",
                       [ceremony_id, user.username, since])
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
    with store.write() as db:
        attempt = _attempt(store, "a.uid = ?", [attempt_uid])
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
        db.execute("DELETE FROM call_attempts WHERE id = ?", [attempt["id"]])
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


# --- the attempts as others read them (table call_attempts) ----------------------------------


def delete_of_people(store, chunk, marks: str) -> int:
    """Shredding step: delete these people's call attempts, sealed notes included."""
    return store.db.execute(f"DELETE FROM call_attempts WHERE person_id IN ({marks})", chunk).rowcount


def count_for_delivery(store, delivery_id: int) -> int:
    """How many call attempts concern the people of one delivery."""
    return store.scalar(
        "SELECT count(*) FROM call_attempts a JOIN people p ON p.id = a.person_id WHERE p.delivery_id = ?",
        [delivery_id],
    )


def of_person(store, person_id: int) -> list[dict]:
    """A person's call attempts with the ceremony's name, oldest first; `note` still sealed
    (open it with `people.open_note`). Reads `invitations` and `ceremonies` by joins."""
    return store.rows(
        "SELECT a.id, a.uid, a.at AS call_at, a.caller, a.outcome, a.callback_at, a.note, c.name AS ceremony "
        "FROM call_attempts a JOIN invitations i ON i.id = a.invitation_id "
        "JOIN ceremonies c ON c.id = i.ceremony_id WHERE a.person_id = ? ORDER BY a.at, a.id",
        [person_id],
    )


def attempts_per_hour(store, ceremony_id: int | None) -> list[tuple[str, int]]:
    """How many call attempts were made per UTC hour ("YYYY-MM-DDTHH", n), of one ceremony
    or of all (None): counted in SQL, however many calls there were."""
    where, params = (" WHERE i.ceremony_id = ?", [ceremony_id]) if ceremony_id is not None else ("", [])
    return store.db.execute(
        "SELECT substr(a.at, 1, 13), count(*) FROM call_attempts a JOIN invitations i ON i.id = a.invitation_id"
        + where + " GROUP BY 1",
        params,
    ).fetchall()


def attempt_times(store, ceremony_id: int | None) -> list[str]:
    """When each call attempt was made (UTC ISO), of one ceremony or of all (None)."""
    where, params = (" WHERE i.ceremony_id = ?", [ceremony_id]) if ceremony_id is not None else ("", [])
    return [
        r[0]
        for r in store.db.execute(
            "SELECT a.at FROM call_attempts a JOIN invitations i ON i.id = a.invitation_id" + where, params
        )
    ]
