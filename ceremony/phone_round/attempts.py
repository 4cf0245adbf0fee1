"""The call attempts (owner of the table `call_attempts`): one row per outcome a caller saved.

An attempt keeps the invitation's workflow columns from before and after it (`undo_state`),
so that `outcomes.undo_outcome` can take it back while nothing changed since. The note is
sealed under the person's key (`people.seal_note` / `people.open_note`). Reads `invitations`,
`ceremonies` and `people` by joins (an attempt's ceremony, attempts per delivery).
"""

from __future__ import annotations

from dataclasses import dataclass

from ceremony import people
from ceremony.clock import utc_iso


@dataclass
class Attempt:
    """One earlier attempt as the call card shows it (the note opened)."""

    at: str
    outcome: str
    caller: str
    note: str


def history(store, invitation_id: int, delivery_id: int) -> list[Attempt]:
    """The attempts on one invitation, newest first, with their notes opened."""
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


def add(store, uid: str, invitation: dict, caller: str, outcome: str, callback: str | None,
        sealed_note: str | None) -> int:
    """Store one attempt on `invitation` (its row: id, person_id); returns the row id. The
    caller holds the transaction."""
    with store.write() as db:
        return db.execute(
            "INSERT INTO call_attempts(uid, invitation_id, person_id, caller, at, outcome, callback_at, note) "
            "VALUES (?,?,?,?,?,?,?,?)",
            [uid, invitation["id"], invitation["person_id"], caller, utc_iso(), outcome, callback, sealed_note],
        ).lastrowid


def keep_undo_state(store, attempt_id: int, undo_state: str) -> None:
    """Store the workflow columns from before and after an attempt (JSON) for undo."""
    with store.write() as db:
        db.execute("UPDATE call_attempts SET undo_state = ? WHERE id = ?", [undo_state, attempt_id])


def remove(store, attempt_id: int) -> None:
    """Delete one attempt (undo; its sealed note goes with it)."""
    with store.write() as db:
        db.execute("DELETE FROM call_attempts WHERE id = ?", [attempt_id])


def last_since(store, invitation_id: int, since: str) -> dict | None:
    """The latest attempt on an invitation saved at or after `since`: caller, at, outcome."""
    return store.one(
        "SELECT caller, at, outcome FROM call_attempts WHERE invitation_id = ? AND at >= ? ORDER BY id DESC LIMIT 1",
        [invitation_id, since],
    )


def latest_id(store, invitation_id: int) -> int | None:
    """The row id of the latest attempt on an invitation."""
    return store.scalar("SELECT max(id) FROM call_attempts WHERE invitation_id = ?", [invitation_id])


def _one(store, where: str, params: list) -> dict | None:
    cur = store.db.execute(
        "SELECT a.id, a.uid, a.invitation_id, a.person_id, a.caller, a.at, a.outcome, a.undo_state, a.callback_at "
        f"FROM call_attempts a JOIN invitations i ON i.id = a.invitation_id WHERE {where} "
        "ORDER BY a.id DESC LIMIT 1",
        params,
    )
    row = cur.fetchone()
    return dict(zip([c[0] for c in cur.description], row, strict=True)) if row else None


def by_uid(store, uid: str) -> dict | None:
    """One attempt by its uid, with what undo needs (undo_state, caller, at, ...)."""
    return _one(store, "a.uid = ?", [uid])


def last_of_caller(store, ceremony_id: int, caller: str, since: str) -> dict | None:
    """The caller's latest attempt in a ceremony saved at or after `since`."""
    return _one(store, "i.ceremony_id = ? AND a.caller = ? AND a.at >= ?", [ceremony_id, caller, since])


# --- the attempts as others read them --------------------------------------------------------


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

