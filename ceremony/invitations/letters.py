"""Which letters were made: the column `invitations.letter_sequence`.

A letter export records, per invitation, the ceremony's .ics SEQUENCE the letter was made
with. After a change of date, hour or venue (`ceremonies.moment_sequence` moved past it)
those invitees are the ones who need an update letter, and only they: an update letter
records the new SEQUENCE, so each goes out once.
"""

from __future__ import annotations

from ceremony.invitations import _CONTACTABLE
from ceremony.store import in_chunks

LETTER_CHANNEL = "brief"
DECLINED = "komt_niet"


def letter_invitations(store, ceremony_id: int) -> list[dict]:
    """The ceremony's letter invitations of people who may be contacted: id, person_id,
    answer, letter_sequence (NULL: no letter made yet)."""
    return store.rows(
        f"SELECT i.id, i.person_id, i.answer, i.letter_sequence {_CONTACTABLE} AND i.channel = ? ORDER BY i.id",
        [ceremony_id, LETTER_CHANNEL],
    )


def needing_update(rows: list[dict], ceremony: dict) -> list[dict]:
    """Those of `rows` who got a letter before the last change of moment or venue and did
    not answer that they will not come."""
    return [
        r for r in rows
        if r["letter_sequence"] is not None and r["letter_sequence"] < ceremony["moment_sequence"]
        and r["answer"] != DECLINED
    ]


def lettered_count(store, ceremony_id: int) -> int:
    """How many letter invitees (who did not say no) already got a letter."""
    return sum(r["letter_sequence"] is not None and r["answer"] != DECLINED
               for r in letter_invitations(store, ceremony_id))


def mark_letters_made(store, invitation_ids: list[int], sequence: int) -> None:
    """Record that these invitations got a letter made with this SEQUENCE."""
    with store.write() as db:
        for chunk, marks in in_chunks(invitation_ids):
            db.execute(
                f"UPDATE invitations SET letter_sequence = ? WHERE id IN ({marks})",
                [sequence, *chunk],
            )
