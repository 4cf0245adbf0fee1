"""The phone round's columns of `invitations`: queue, claims, number checks, outcomes, shares.

Part of the owner of the `invitations` table (see `ceremony.invitations`); the rules,
permissions and audit entries are the `ceremony.phone_round` package's. The
queue reads `people` by a join (`do_not_contact`, `certificate_date`, `updated_at`) and
`call_attempts` through `call_attempts.invitation_id = invitations.id`: the invitations whose
number was reported wrong since the record last changed, found once per query (a list from
the partial index of wrong numbers, m252) rather than probed for every open invitation. Writes that must land together
with an audit entry run inside the caller's `store.write()`.
"""

from __future__ import annotations

from ceremony.clock import today, utc_iso
from ceremony.store import in_chunks

# the invitation's workflow columns an outcome changes (and undo restores)
STATE_COLUMNS = ("attempts", "reached", "answer", "companions", "callback_at", "channel", "invited_at",
                 "cancel_informed", "answer_channel", "answered_at", "call_me")

# invitees someone still has to reach by phone (before queue rules and the number check);
# once the ceremony is cancelled: the phone invitees and those who got a letter, who did
# not say no, until they are told (the cancellation round, with its own script). Who asked
# "Bel mij" on the answer page is open until a call reaches them, whatever they answered.
_OPEN = """
FROM invitations i JOIN people p ON p.id = i.person_id JOIN ceremonies c ON c.id = i.ceremony_id
WHERE i.ceremony_id = :ceremony AND p.do_not_contact = 0 AND (
  (c.cancelled_at IS NULL AND i.present = 0 AND ((i.reached = 0 AND i.answer IS NULL) OR i.call_me = 1))
  OR (c.cancelled_at IS NOT NULL AND i.cancel_informed = 0 AND i.answer IS NOT 'komt_niet'
      AND (i.channel = 'telefoon' OR (i.channel = 'brief' AND i.letter_sequence IS NOT NULL))))
"""
_NO_NUMBER = "(i.no_phone = 1 AND i.phone_checked_at >= p.updated_at)"
_QUEUE = _OPEN + f"""
  AND NOT {_NO_NUMBER}
  AND (i.callback_at IS NULL OR i.callback_at <= :now)
  AND (i.assigned_to IS NULL OR i.assigned_to = :me)
  AND (i.claimed_by IS NULL OR i.claimed_by = :me OR i.claim_expires <= :now)
  AND i.id NOT IN (SELECT a.invitation_id FROM call_attempts a JOIN invitations j ON j.id = a.invitation_id
                   JOIN people q ON q.id = j.person_id
                   WHERE a.outcome = 'verkeerd_nummer' AND a.at >= q.updated_at)
"""
_ORDER = """
ORDER BY i.call_me DESC, (i.assigned_to IS NULL), (i.callback_at IS NULL), i.callback_at, i.attempts,
         p.certificate_date DESC, i.id
"""


def _params(ceremony_id: int, me: str, now: str) -> dict:
    return {"ceremony": ceremony_id, "now": now, "me": me}


# --- the queue and claims -------------------------------------------------------------------


def queue_count(store, ceremony_id: int, me: str, now: str) -> int:
    """How many invitees caller `me` can be offered at `now`."""
    return store.scalar("SELECT count(*) " + _QUEUE, _params(ceremony_id, me, now))


def queue_rows(store, ceremony_id: int, me: str, now: str, limit: int) -> list[dict]:
    """Caller `me`'s queue in order: invitation ids and clear columns only."""
    return store.rows(
        "SELECT i.id, i.person_id, i.attempts, i.callback_at, i.assigned_to, i.call_me, p.certificate_date "
        + _QUEUE + _ORDER + " LIMIT :limit",
        {**_params(ceremony_id, me, now), "limit": limit},
    )


def held_claim(store, ceremony_id: int, me: str, now: str) -> int | None:
    """The invitation `me` holds an unexpired claim on in this ceremony (never a person
    marked "niet contacteren"), or None."""
    return store.scalar(
        "SELECT i.id FROM invitations i JOIN people p ON p.id = i.person_id "
        "WHERE i.ceremony_id = ? AND i.claimed_by = ? AND i.claim_expires > ? AND p.do_not_contact = 0 "
        "ORDER BY i.id LIMIT 1",
        [ceremony_id, me, now],
    )


def card_claim(store, ceremony_id: int, me: str, token: str) -> int | None:
    """The invitation whose claim is `me`'s with this card's `token` (expired or not, as long
    as nobody took it since; never a person marked "niet contacteren"), or None."""
    return store.scalar(
        "SELECT i.id FROM invitations i JOIN people p ON p.id = i.person_id "
        "WHERE i.ceremony_id = ? AND i.claimed_by = ? AND i.claim_token = ? AND p.do_not_contact = 0",
        [ceremony_id, me, token],
    )


def extend_claim(store, invitation_id: int, expires: str) -> None:
    """Move a held claim's expiry."""
    with store.write() as db:
        db.execute("UPDATE invitations SET claim_expires = ? WHERE id = ?", [expires, invitation_id])


def first_in_queue(store, ceremony_id: int, me: str, now: str, only: int | None = None) -> int | None:
    """The head of `me`'s queue at `now` (or `only`, if it is in that queue), or None. Run it
    inside the transaction that takes the claim: a claim another caller holds is never taken."""
    where, extra = ("", {}) if only is None else (" AND i.id = :only", {"only": only})
    found = store.db.execute(
        "SELECT i.id " + _QUEUE + where + _ORDER + " LIMIT 1", {**_params(ceremony_id, me, now), **extra}
    ).fetchone()
    return found[0] if found else None


def take_claim(store, invitation_id: int, me: str, expires: str, token: str) -> None:
    """Give `me` the claim on one invitation under a new card `token`, releasing `me`'s other
    claims (one person per caller at a time); an earlier card's token stops counting."""
    with store.write() as db:
        db.execute(
            "UPDATE invitations SET claimed_by = NULL, claim_expires = NULL, claim_token = NULL "
            "WHERE claimed_by = ? AND id != ?",
            [me, invitation_id],
        )
        db.execute(
            "UPDATE invitations SET claimed_by = ?, claim_expires = ?, claim_token = ? WHERE id = ?",
            [me, expires, token, invitation_id],
        )


def release_claim(store, invitation_id: int) -> None:
    """Give one claim back (the person returns to the queue)."""
    with store.write() as db:
        db.execute(
            "UPDATE invitations SET claimed_by = NULL, claim_expires = NULL, claim_token = NULL WHERE id = ?",
            [invitation_id],
        )


def claim_of(store, invitation_id: int) -> tuple[str | None, str | None]:
    """(claimed_by, claim_expires) of one invitation."""
    row = store.db.execute("SELECT claimed_by, claim_expires FROM invitations WHERE id = ?", [invitation_id]).fetchone()
    return (row[0], row[1]) if row else (None, None)


# --- numbers --------------------------------------------------------------------------------


def unchecked_numbers(store, ceremony_id: int) -> dict[int, int]:
    """{person id: invitation id} of open invitees whose number was not checked since their
    record last changed."""
    rows = store.rows(
        "SELECT i.id, i.person_id " + _OPEN + " AND (i.phone_checked_at IS NULL OR i.phone_checked_at < p.updated_at)",
        {"ceremony": ceremony_id},
    )
    return {r["person_id"]: r["id"] for r in rows}


def mark_numbers(store, marks: list[tuple[str, int, int]]) -> None:
    """Store number checks: (checked at, 1 when there is no usable number, invitation id)."""
    with store.write() as db:
        db.conn.executemany("UPDATE invitations SET phone_checked_at = ?, no_phone = ? WHERE id = ?", marks)


def no_number_count(store, ceremony_id: int) -> int:
    """How many open invitees have no usable number."""
    return store.scalar(f"SELECT count(*) {_OPEN} AND {_NO_NUMBER}", {"ceremony": ceremony_id})


def no_number_rows(store, ceremony_id: int) -> list[dict]:
    """The open invitees without a usable number: invitation id, person id, channel."""
    return store.rows(f"SELECT i.id, i.person_id, i.channel {_OPEN} AND {_NO_NUMBER}", {"ceremony": ceremony_id})


def to_letter(store, ceremony_id: int, invitation_ids: list[int] | None) -> int:
    """Put the open invitees without a usable number (all, or those among `invitation_ids`)
    on the letter channel; returns how many changed. The caller holds the transaction."""
    moved = 0
    sql = (f"UPDATE invitations SET channel = 'brief', invited_at = coalesce(invited_at, :today) "
           f"WHERE id IN (SELECT i.id {_OPEN} AND {_NO_NUMBER} AND coalesce(i.channel, '') != 'brief'")
    with store.write() as db:
        chunks = [None] if invitation_ids is None else (chunk for chunk, _ in in_chunks(sorted(set(invitation_ids))))
        for chunk in chunks:
            where = "" if chunk is None else f" AND i.id IN ({','.join(str(int(i)) for i in chunk)})"
            moved += db.execute(sql + where + ")", {"ceremony": ceremony_id, "today": today().isoformat()}).rowcount
    return moved


# --- outcomes -------------------------------------------------------------------------------


def call_state(store, invitation_id: int) -> dict:
    """The workflow columns an outcome changes (`STATE_COLUMNS`)."""
    row = store.db.execute(
        f"SELECT {', '.join(STATE_COLUMNS)} FROM invitations WHERE id = ?", [invitation_id]
    ).fetchone()
    return dict(zip(STATE_COLUMNS, row, strict=True))


def record_call(store, invitation_id: int, outcome: str, reached: bool, companions: int,
                callback: str | None, me: str, cancelled: bool = False) -> None:
    """Apply one outcome: count the attempt, keep an answer with the channel telefoon and
    the time (for a `cancelled` ceremony: that the person was told instead), end a "Bel mij"
    request once reached, set the call-back moment and release `me`'s claim (the caller
    holds the transaction)."""
    with store.write() as db:
        db.execute(
            """
            UPDATE invitations SET
              attempts = attempts + 1,
              reached = CASE WHEN :reached AND NOT :cancelled THEN 1 ELSE reached END,
              answer = CASE WHEN :reached AND NOT :cancelled THEN :outcome ELSE answer END,
              cancel_informed = CASE WHEN :reached AND :cancelled THEN 1 ELSE cancel_informed END,
              companions = CASE WHEN :outcome = 'komt' AND NOT :cancelled THEN :companions ELSE companions END,
              answer_channel = CASE WHEN :reached AND NOT :cancelled THEN 'telefoon' ELSE answer_channel END,
              answered_at = CASE WHEN :reached AND NOT :cancelled THEN :now ELSE answered_at END,
              call_me = CASE WHEN :reached THEN 0 ELSE call_me END,
              callback_at = :callback,
              channel = coalesce(channel, 'telefoon'),
              invited_at = coalesce(invited_at, :today),
              claimed_by = CASE WHEN claimed_by = :me THEN NULL ELSE claimed_by END,
              claim_expires = CASE WHEN claimed_by = :me THEN NULL ELSE claim_expires END,
              claim_token = CASE WHEN claimed_by = :me THEN NULL ELSE claim_token END
            WHERE id = :id
            """,
            {
                "reached": int(reached), "cancelled": int(cancelled), "outcome": outcome, "companions": companions, "callback": callback,
                "today": today().isoformat(), "now": utc_iso(), "me": me, "id": invitation_id,
            },
        )


def restore_call(store, invitation_id: int, before: dict, me: str, expires: str, token: str) -> None:
    """Undo: put the workflow columns back and claim the person for `me` again under a new
    card `token` (any other claim of `me` is released)."""
    with store.write() as db:
        columns = [c for c in STATE_COLUMNS if c in before]  # an outcome saved before a new column
        db.execute(
            f"UPDATE invitations SET {', '.join(f'{c} = :{c}' for c in columns)} WHERE id = :id",
            {**{c: before[c] for c in columns}, "id": invitation_id},
        )
        take_claim(store, invitation_id, me, expires, token)


# --- sharing the queue among callers --------------------------------------------------------


def assignable(store, ceremony_id: int) -> list[int]:
    """Open invitees with a number, fewest attempts and most recent certificate first."""
    return [
        r[0]
        for r in store.db.execute(
            f"SELECT i.id {_OPEN} AND NOT {_NO_NUMBER} ORDER BY i.attempts, p.certificate_date DESC, i.id",
            {"ceremony": ceremony_id},
        ).fetchall()
    ]


def assign(store, shares: dict[str, list[int]]) -> None:
    """Assign each caller their share of invitation ids."""
    with store.write() as db:
        for name, share in shares.items():
            db.conn.executemany("UPDATE invitations SET assigned_to = ? WHERE id = ?", [(name, i) for i in share])


def clear_assignments(store, ceremony_id: int) -> int:
    """Remove every assignment in a ceremony; returns how many invitees were assigned."""
    with store.write() as db:
        return db.execute(
            "UPDATE invitations SET assigned_to = NULL WHERE ceremony_id = ? AND assigned_to IS NOT NULL",
            [ceremony_id],
        ).rowcount
