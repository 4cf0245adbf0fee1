"""The phone round ("Belronde"): a fair queue, claims that expire, one-click outcomes.

The queue is computed in SQL on clear columns only, so a queue of 20,000 invitees costs
one indexed query and only the person a caller claims is decrypted. A claim is taken in
one `BEGIN IMMEDIATE` transaction, so two callers never hold the same person; each
outcome is its own `call_attempts` row and counters are raised with `attempts + 1` in
SQL, so outcomes saved at the same moment are all kept.

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
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass, field

from ceremony import audit, auth, names, people, phones
from ceremony.ceremonies import audit_view, get_ceremony, get_invitation, parse_companions
from ceremony.clock import BRUSSELS, now_utc, today, utc_iso
from ceremony.errors import AccessDenied, InvalidInput, NotFound
from ceremony.texts import t

OUTCOMES = ("komt", "komt_niet", "misschien", "geen_antwoord", "voicemail", "verkeerd_nummer", "terugbellen")
REACHED = ("komt", "komt_niet", "misschien")
MAX_NOTE = 500
UNDO_MINUTES = 5
# the invitation's workflow columns an outcome changes (and undo restores)
STATE_COLUMNS = ("attempts", "reached", "answer", "companions", "callback_at", "channel", "invited_at")

# invitees someone still has to reach by phone (before queue rules and the number check)
_OPEN = """
FROM invitations i JOIN people p ON p.id = i.person_id
WHERE i.ceremony_id = :ceremony AND i.reached = 0 AND i.answer IS NULL AND i.present = 0
  AND p.do_not_contact = 0
"""
_NO_NUMBER = "(i.no_phone = 1 AND i.phone_checked_at >= p.updated_at)"
_QUEUE = _OPEN + f"""
  AND NOT {_NO_NUMBER}
  AND (i.callback_at IS NULL OR i.callback_at <= :now)
  AND (i.assigned_to IS NULL OR i.assigned_to = :me)
  AND (i.claimed_by IS NULL OR i.claimed_by = :me OR i.claim_expires <= :now)
  AND NOT EXISTS (SELECT 1 FROM call_attempts a WHERE a.invitation_id = i.id
                  AND a.outcome = 'verkeerd_nummer' AND a.at >= p.updated_at)
"""
_ORDER = """
ORDER BY (i.assigned_to IS NULL), (i.callback_at IS NULL), i.callback_at, i.attempts,
         p.certificate_date DESC, i.id
"""


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


def _params(user: auth.User, ceremony_id: int) -> dict:
    return {"ceremony": ceremony_id, "now": utc_iso(), "me": user.username}


def queue_size(store, user: auth.User, ceremony_id: int) -> int:
    """How many invitees this caller can be offered now."""
    auth.require(user, "calls.make")
    return store.scalar("SELECT count(*) " + _QUEUE, _params(user, ceremony_id))


def queue(store, user: auth.User, ceremony_id: int, limit: int = 50) -> list[dict]:
    """The caller's queue in order: invitation ids and clear columns only (no names)."""
    auth.require(user, "calls.make")
    return store.rows(
        "SELECT i.id, i.person_id, i.attempts, i.callback_at, i.assigned_to, p.certificate_date "
        + _QUEUE + _ORDER + " LIMIT :limit",
        {**_params(user, ceremony_id), "limit": limit},
    )


def current_claim(store, user: auth.User, ceremony_id: int) -> int | None:
    """The invitation this caller holds an unexpired claim on in this ceremony, if any.

    A person marked "niet contacteren" is never held, even if a claim was left behind.
    """
    auth.require(user, "calls.make")
    return store.scalar(
        "SELECT i.id FROM invitations i JOIN people p ON p.id = i.person_id "
        "WHERE i.ceremony_id = ? AND i.claimed_by = ? AND i.claim_expires > ? AND p.do_not_contact = 0 "
        "ORDER BY i.id LIMIT 1",
        [ceremony_id, user.username, utc_iso()],
    )


def claim_next(store, user: auth.User, ceremony_id: int) -> int | None:
    """Claim the first invitee of the caller's queue (or keep the current claim); None if empty.

    One transaction: a claim another caller holds is never taken before it expires. A new
    claim is an access to the person and is audited as `calls.open`.
    """
    auth.require(user, "calls.make")
    get_ceremony(store, ceremony_id)
    sort_out_numbers(store, user, ceremony_id)
    minutes = store.setting("call_claim_minutes")
    with store.write() as db:
        params = _params(user, ceremony_id)
        expires = utc_iso(now_utc() + dt.timedelta(minutes=minutes))
        held = current_claim(store, user, ceremony_id)
        if held is not None:
            db.execute("UPDATE invitations SET claim_expires = ? WHERE id = ?", [expires, held])
            return held
        found = db.execute("SELECT i.id " + _QUEUE + _ORDER + " LIMIT 1", params).fetchone()
        if found is None:
            return None
        db.execute(
            "UPDATE invitations SET claimed_by = NULL, claim_expires = NULL WHERE claimed_by = ?", [user.username]
        )
        db.execute(
            "UPDATE invitations SET claimed_by = ?, claim_expires = ? WHERE id = ?",
            [user.username, expires, found[0]],
        )
        audit.record(store, user.actor, "calls.open", f"invitation:{found[0]}")
    return found[0]


def release(store, user: auth.User, ceremony_id: int) -> None:
    """Give back the caller's claim in this ceremony (the person returns to the queue)."""
    auth.require(user, "calls.make")
    with store.write() as db:
        held = current_claim(store, user, ceremony_id)
        if held is None:
            return
        db.execute("UPDATE invitations SET claimed_by = NULL, claim_expires = NULL WHERE id = ?", [held])
        audit.record(store, user.actor, "calls.release", f"invitation:{held}")


def _usable(number: str) -> bool:
    """A number the caller can dial: one that parses (it then gets a `tel:` link)."""
    return phones.for_caller(number)[1] is not None


def sort_out_numbers(store, user: auth.User, ceremony_id: int) -> int:
    """Check the numbers of invitees still to be reached that were not checked since their
    record last changed; those without a usable number leave the queue for the "geen nummer"
    list. Returns how many were checked (0 on most runs: each record version is checked once).
    """
    auth.require(user, "calls.make")
    todo = {
        r["person_id"]: r["id"]
        for r in store.rows(
            "SELECT i.id, i.person_id " + _OPEN
            + " AND (i.phone_checked_at IS NULL OR i.phone_checked_at < p.updated_at)",
            {"ceremony": ceremony_id},
        )
    }
    if not todo:
        return 0
    checked = utc_iso()  # taken before decrypting: a record changed meanwhile is checked again
    marks = [
        (checked, int(not _usable(person.phone)), todo[person.id])
        for person in people.iter_people(store, list(todo), include_do_not_contact=False)
    ]
    with store.write() as db:
        db.conn.executemany("UPDATE invitations SET phone_checked_at = ?, no_phone = ? WHERE id = ?", marks)
        audit.record(
            store, user.actor, "calls.check_numbers", f"ceremony:{ceremony_id}",
            count=len(marks), no_number=sum(m[1] for m in marks),
        )
    return len(marks)


def no_number_count(store, user: auth.User, ceremony_id: int) -> int:
    """How many invitees still to be reached have no usable number (clear columns only)."""
    auth.require(user, "calls.make")
    return store.scalar(f"SELECT count(*) {_OPEN} AND {_NO_NUMBER}", {"ceremony": ceremony_id})


def no_number_list(store, user: auth.User, ceremony_id: int, seen: set[str] | None = None) -> list[dict]:
    """First and last names of the invitees who left the queue for lack of a number, for
    the coordinator who sends them a letter (audited as an access; `seen`: see
    `ceremonies.audit_view`)."""
    auth.require(user, "calls.assign")
    ids = [r["person_id"] for r in store.rows(f"SELECT i.person_id {_OPEN} AND {_NO_NUMBER}", {"ceremony": ceremony_id})]
    found = [
        {"first_name": p.first_name, "last_name": p.last_name}
        for p in people.iter_people(store, ids, include_do_not_contact=False)
    ]
    found.sort(key=lambda r: names.sort_key(r["first_name"], r["last_name"]))
    if ids:
        audit_view(store, user, "calls.no_number_view", f"ceremony:{ceremony_id}", ids, seen)
    return found


def card(store, user: auth.User, invitation_id: int) -> CallCard:
    """What the caller needs to call the person they claimed: names, number, script, history."""
    auth.require(user, "calls.make")
    row = get_invitation(store, invitation_id)
    if row["claimed_by"] != user.username:
        raise AccessDenied(t("calls.not_yours"))
    person = people.get_person(store, row["person_id"])
    phone, uri = phones.for_caller(person.phone)
    script = store.scalar("SELECT call_script FROM ceremonies WHERE id = ?", [row["ceremony_id"]])
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
    )


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
    store, user: auth.User, invitation_id: int, outcome: str, note: str = "",
    callback_at: dt.datetime | None = None, companions=0,
) -> str:
    """Store one call outcome as its own row and update the invitation; returns the attempt uid.

    The caller's claim on the person is released. An outcome is kept even when the claim
    had expired in the meantime: the call did happen.
    """
    auth.require(user, "calls.make")
    if outcome not in OUTCOMES:
        raise InvalidInput(t("calls.outcome_invalid"))
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput(t("calls.note_long", n=MAX_NOTE))
    callback = _check_callback(outcome, callback_at)
    number = parse_companions(companions) if outcome == "komt" else 0
    uid = secrets.token_hex(16)
    with store.write() as db:
        row = get_invitation(store, invitation_id)
        before = _state(db, invitation_id)
        sealed = people.seal_note(store, row["delivery_id"], uid, note) if note else None
        cur = db.execute(
            "INSERT INTO call_attempts(uid, invitation_id, person_id, caller, at, outcome, callback_at, note) "
            "VALUES (?,?,?,?,?,?,?,?)",
            [uid, invitation_id, row["person_id"], user.username, utc_iso(), outcome, callback, sealed],
        )
        reached = outcome in REACHED
        db.execute(
            """
            UPDATE invitations SET
              attempts = attempts + 1,
              reached = CASE WHEN :reached THEN 1 ELSE reached END,
              answer = CASE WHEN :reached THEN :outcome ELSE answer END,
              companions = CASE WHEN :outcome = 'komt' THEN :companions ELSE companions END,
              callback_at = :callback,
              channel = coalesce(channel, 'telefoon'),
              invited_at = coalesce(invited_at, :today),
              claimed_by = CASE WHEN claimed_by = :me THEN NULL ELSE claimed_by END,
              claim_expires = CASE WHEN claimed_by = :me THEN NULL ELSE claim_expires END
            WHERE id = :id
            """,
            {
                "reached": int(reached), "outcome": outcome, "companions": number, "callback": callback,
                "today": today().isoformat(), "me": user.username, "id": invitation_id,
            },
        )
        undo_state = json.dumps({"before": before, "after": _state(db, invitation_id)})
        db.execute("UPDATE call_attempts SET undo_state = ? WHERE id = ?", [undo_state, cur.lastrowid])
        audit.record(
            store, user.actor, "calls.outcome", f"invitation:{invitation_id}",
            outcome=outcome, attempt=cur.lastrowid, note=bool(note),
        )
    return uid


def _state(db, invitation_id: int) -> dict:
    row = db.execute(f"SELECT {', '.join(STATE_COLUMNS)} FROM invitations WHERE id = ?", [invitation_id]).fetchone()
    return dict(zip(STATE_COLUMNS, row, strict=True))


@dataclass
class Saved:
    """The caller's last outcome while it can still be taken back."""

    attempt_uid: str
    outcome: str
    first_name: str
    last_name: str
    until: str  # UTC ISO: undo possible until then


def _undo_problem(db, user: auth.User, attempt: dict | None) -> str | None:
    """Why this attempt cannot be taken back now (a text key), or None."""
    if attempt is None:
        return "calls.undo_gone"
    if attempt["caller"] != user.username:
        return "calls.undo_not_yours"
    if attempt["at"] < utc_iso(now_utc() - dt.timedelta(minutes=UNDO_MINUTES)) or not attempt["undo_state"]:
        return "calls.undo_expired"
    latest = db.execute(
        "SELECT max(id) FROM call_attempts WHERE invitation_id = ?", [attempt["invitation_id"]]
    ).fetchone()[0]
    claim = db.execute(
        "SELECT claimed_by, claim_expires FROM invitations WHERE id = ?", [attempt["invitation_id"]]
    ).fetchone()
    held_by_other = claim[0] not in (None, user.username) and (claim[1] or "") > utc_iso()
    if (latest != attempt["id"] or held_by_other
            or _state(db, attempt["invitation_id"]) != json.loads(attempt["undo_state"])["after"]):
        return "calls.undo_changed"
    return None


def _attempt(db, where: str, params: list) -> dict | None:
    cur = db.execute(
        "SELECT a.id, a.uid, a.invitation_id, a.person_id, a.caller, a.at, a.outcome, a.undo_state "
        f"FROM call_attempts a JOIN invitations i ON i.id = a.invitation_id WHERE {where} "
        "ORDER BY a.id DESC LIMIT 1",
        params,
    )
    row = cur.fetchone()
    return dict(zip([c[0] for c in cur.description], row, strict=True)) if row else None


def last_saved(store, user: auth.User, ceremony_id: int) -> Saved | None:
    """The caller's most recent outcome in this ceremony if it can still be undone, with the
    person's name (for "Opgeslagen voor ..."); None otherwise."""
    auth.require(user, "calls.make")
    since = utc_iso(now_utc() - dt.timedelta(minutes=UNDO_MINUTES))
    attempt = _attempt(store.db, "i.ceremony_id = ? AND a.caller = ? AND a.at >= ?",
                       [ceremony_id, user.username, since])
    if attempt is None or _undo_problem(store.db, user, attempt):
        return None
    person = people.get_person(store, attempt["person_id"])
    until = dt.datetime.fromisoformat(attempt["at"]) + dt.timedelta(minutes=UNDO_MINUTES)
    return Saved(attempt["uid"], attempt["outcome"], person.first_name, person.last_name, utc_iso(until))


def undo_outcome(store, user: auth.User, attempt_uid: str) -> int:
    """Take back the caller's own last outcome for a person within `UNDO_MINUTES`.

    The invitation gets its columns from before the outcome back, the attempt (and its
    sealed note) is removed, and the person is claimed for the caller again so the card
    shows once more (any other claim of the caller is released). Returns the invitation id.
    """
    auth.require(user, "calls.make")
    with store.write() as db:
        attempt = _attempt(db, "a.uid = ?", [attempt_uid])
        problem = _undo_problem(db, user, attempt)
        if problem == "calls.undo_gone":
            raise NotFound(t(problem))
        if problem == "calls.undo_not_yours":
            raise AccessDenied(t(problem))
        if problem:
            raise InvalidInput(t(problem))
        invitation_id = attempt["invitation_id"]
        before = json.loads(attempt["undo_state"])["before"]
        expires = utc_iso(now_utc() + dt.timedelta(minutes=store.setting("call_claim_minutes")))
        db.execute("UPDATE invitations SET claimed_by = NULL, claim_expires = NULL WHERE claimed_by = ?",
                   [user.username])
        db.execute(
            f"UPDATE invitations SET {', '.join(f'{c} = :{c}' for c in STATE_COLUMNS)}, "
            "claimed_by = :me, claim_expires = :expires WHERE id = :id",
            {**before, "me": user.username, "expires": expires, "id": invitation_id},
        )
        db.execute("DELETE FROM call_attempts WHERE id = ?", [attempt["id"]])
        audit.record(
            store, user.actor, "calls.undo", f"invitation:{invitation_id}",
            outcome=attempt["outcome"], attempt=attempt["id"],
        )
    return invitation_id


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


# --- splitting the queue among callers ------------------------------------------------------


def callers(store) -> list[str]:
    """Usernames of active accounts that may make calls."""
    rows = store.rows("SELECT username, role FROM users WHERE active = 1 ORDER BY username")
    return [r["username"] for r in rows if auth.can(r["role"], "calls.make")]


def assign(store, user: auth.User, ceremony_id: int, usernames: list[str]) -> dict[str, int]:
    """Share the not-yet-reached invitees with a number of a ceremony round-robin among callers.

    Returns how many each caller got. Earlier assignments of these invitees are replaced.
    """
    auth.require(user, "calls.assign")
    get_ceremony(store, ceremony_id)
    chosen = sorted({name.strip().lower() for name in usernames if name.strip()})
    if not chosen:
        raise InvalidInput(t("calls.no_callers"))
    allowed = set(callers(store))
    for name in chosen:
        if name not in allowed:
            raise InvalidInput(t("calls.caller_unknown", name=name))
    sort_out_numbers(store, user, ceremony_id)
    with store.write() as db:
        ids = [
            r[0]
            for r in db.execute(
                f"SELECT i.id {_OPEN} AND NOT {_NO_NUMBER} ORDER BY i.attempts, p.certificate_date DESC, i.id",
                {"ceremony": ceremony_id},
            ).fetchall()
        ]
        shares = {name: ids[index :: len(chosen)] for index, name in enumerate(chosen)}
        for name, share in shares.items():
            db.conn.executemany("UPDATE invitations SET assigned_to = ? WHERE id = ?", [(name, i) for i in share])
        counts = {name: len(share) for name, share in shares.items()}
        audit.record(store, user.actor, "calls.assign", f"ceremony:{ceremony_id}", counts=counts)
    return counts


def clear_assignment(store, user: auth.User, ceremony_id: int) -> int:
    """Remove every assignment in a ceremony; returns how many invitees were assigned."""
    auth.require(user, "calls.assign")
    with store.write() as db:
        changed = db.execute(
            "UPDATE invitations SET assigned_to = NULL WHERE ceremony_id = ? AND assigned_to IS NOT NULL",
            [ceremony_id],
        ).rowcount
        audit.record(store, user.actor, "calls.unassign", f"ceremony:{ceremony_id}", count=changed)
    return changed
