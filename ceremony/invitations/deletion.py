"""The invitations' part in shredding people (`ceremony.shredder.DELETION_STEPS`).

Both run inside the shredder's one transaction, on one slice of person ids (`chunk`,
with its `marks` from `store.in_chunks`): first the turnout the invitations carry is
read for the anonymous counters (`stats.fold_counts`), then the invitations go. Their
mail and reminder log rows go with them (ON DELETE CASCADE).
"""

from __future__ import annotations

from ceremony import people


def turnout_of_people(store, chunk, marks: str) -> list[tuple]:
    """Per ceremony, what these people's invitations count for: (ceremony id, invited,
    reached, confirmed, attended, attended and reached, call attempts). Reads their
    `call_attempts` for the calls per ceremony."""
    return store.db.execute(
        f"""
        SELECT i.ceremony_id,
               sum(i.invited_at IS NOT NULL),
               sum(i.reached),
               sum(i.answer = 'komt'),
               sum(i.present),
               sum(i.present AND i.reached),
               (SELECT count(*) FROM call_attempts c
                  WHERE c.person_id IN ({marks}) AND c.invitation_id IN
                        (SELECT id FROM invitations j WHERE j.ceremony_id = i.ceremony_id))
        FROM invitations i WHERE i.person_id IN ({marks}) GROUP BY i.ceremony_id
        """,
        [*chunk, *chunk],
    ).fetchall()


def delete_of_people(store, chunk, marks: str) -> int:
    """Delete these people's invitations (their log rows cascade); how many went. The
    invitations change counter moves once per slice (`invitee_lists.invitee_ids`)."""
    deleted = store.db.execute(f"DELETE FROM invitations WHERE person_id IN ({marks})", chunk).rowcount
    if deleted:
        people.rows.count_change(store, "invitations")
    return deleted
