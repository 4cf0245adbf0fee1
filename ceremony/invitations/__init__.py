"""Invitations (table `invitations`): invite, answers, channels, companions, counts.

This module owns the `invitations` table: every other module reads or changes an
invitation through a function here. Queries that need the invitee's clear columns
(`do_not_contact`, `certificate_date`, `delivery_id`) read `people` by a join on
`people.id = invitations.person_id`; the ceremony's date comes from `ceremonies` by a join
on `ceremonies.id = invitations.ceremony_id`. The named lists of invitees (names from
`ceremony.namecache`, paged and audited) are `ceremony.invitations.invitee_lists`.
"""

from __future__ import annotations

import datetime as dt

from ceremony import audit, people, permissions, target_group
from ceremony.ceremonies import get_ceremony, parse_date
from ceremony.clock import today, utc_iso
from ceremony.errors import InvalidInput, NotFound
from ceremony.texts import t

CHANNELS = ("brief", "e-mail", "telefoon")
ANSWERS = ("komt", "komt_niet", "misschien")
WAITING = "wachtlijst"  # a "yes" when the ceremony was full (see `ceremony.invitations.answers`)
ANSWER_CHANNELS = ("web", "telefoon", "brief", "balie")  # how an answer came in
STAFF_ANSWER_CHANNELS = ("brief", "telefoon", "balie")  # what staff choose on the ceremony page
MAX_COMPANIONS = 20

# the live invitations of people who may be contacted (reads people by a join)
_CONTACTABLE = "FROM invitations i JOIN people p ON p.id = i.person_id WHERE i.ceremony_id = ? AND p.do_not_contact = 0"


def parse_companions(value) -> int:
    """Number of companions, 0..MAX_COMPANIONS."""
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        raise InvalidInput(t("ceremonies.companions_invalid", n=MAX_COMPANIONS)) from None
    if not 0 <= number <= MAX_COMPANIONS:
        raise InvalidInput(t("ceremonies.companions_invalid", n=MAX_COMPANIONS))
    return number


# --- inviting --------------------------------------------------------------------------------


def invite(
    store, user: permissions.User, ceremony_id: int, person_ids: list[int] | None = None,
    channel: str = "brief", invited_on: dt.date | str | None = None,
) -> int:
    """Invite all eligible people (person_ids None) or the eligible ones among `person_ids`.

    Returns how many invitations were made. People who are not eligible are skipped.
    """
    permissions.require(user, "ceremonies.manage")
    if channel not in CHANNELS:
        raise InvalidInput(t("ceremonies.channel_invalid"))
    if person_ids is not None and not person_ids:
        raise InvalidInput(t("ceremonies.nobody_selected"))
    invited_at = parse_date(invited_on or today())
    with store.write() as db:
        allowed = target_group.eligible_ids(store, ceremony_id)
        chosen = allowed if person_ids is None else sorted(set(allowed) & {int(p) for p in person_ids})
        now = utc_iso()
        db.conn.executemany(
            "INSERT INTO invitations(ceremony_id, person_id, channel, invited_at, created_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(ceremony_id, person_id) DO NOTHING",
            [(ceremony_id, pid, channel, invited_at, now) for pid in chosen],
        )
        people.rows.count_change(store, "invitations")  # who is invited changed (`invitee_lists.invitee_ids`)
        audit.record(
            store, user.actor, "invitation.create", f"ceremony:{ceremony_id}",
            count=len(chosen), channel=channel, person_ids=chosen,
        )
    return len(chosen)


def add_walk_in(store, ceremony_id: int, person_id: int, companions: int) -> int:
    """Insert the invitation of someone who turned up uninvited, already present, their
    "komt" answered at the desk (channel `balie`); the caller checked eligibility, holds the
    transaction and audits. Returns the invitation id."""
    now = utc_iso()
    with store.write() as db:
        cur = db.execute(
            "INSERT INTO invitations(ceremony_id, person_id, channel, invited_at, answer, companions, present, "
            "checked_in_at, answer_channel, answered_at, created_at) VALUES (?, ?, NULL, ?, 'komt', ?, 1, ?, 'balie', ?, ?)",
            [ceremony_id, person_id, today().isoformat(), companions, now, now, now],
        )
        people.rows.count_change(store, "invitations")
    return cur.lastrowid


# --- one invitation ---------------------------------------------------------------------------


def find(store, invitation_id: int) -> dict | None:
    """The bare invitation row (also of a person marked "niet contacteren"), or None."""
    return store.one("SELECT * FROM invitations WHERE id = ?", [invitation_id])


def get_invitation(store, invitation_id: int) -> dict:
    """One invitation row with the person's clear columns, or NotFound."""
    row = store.one(
        "SELECT i.*, p.do_not_contact, p.certificate_date, p.delivery_id "
        "FROM invitations i JOIN people p ON p.id = i.person_id WHERE i.id = ?",
        [invitation_id],
    )
    if row is None or row["do_not_contact"]:
        raise NotFound(t("ceremonies.invitation_unknown"))
    return row


def set_answer(store, user: permissions.User, invitation_id: int, answer: str | None, companions=0,
               channel: str = "brief") -> None:
    """Record an invitee's answer as staff took it (komt / komt_niet / misschien /
    wachtlijst, or None to clear it), companions, and how it came in (`channel`: brief by
    default, telefoon or balie) with the time. The help asked and "Bel mij" stay as they are."""
    permissions.require(user, "ceremonies.manage")
    if answer is not None and answer not in (*ANSWERS, WAITING):
        raise InvalidInput(t("ceremonies.answer_invalid"))
    if channel not in STAFF_ANSWER_CHANNELS:
        raise InvalidInput(t("answers.channel_invalid"))
    number = parse_companions(companions)
    at = utc_iso() if answer else None
    with store.write() as db:
        get_invitation(store, invitation_id)
        db.execute(
            "UPDATE invitations SET answer = ?, companions = ?, answer_channel = ?, answered_at = ? WHERE id = ?",
            [answer, number, channel if answer else None, at, invitation_id],
        )
        audit.record(
            store, user.actor, "invitation.answer", f"invitation:{invitation_id}",
            answer=answer or "none", companions=number, channel=channel,
        )


def set_channel(store, user: permissions.User, invitation_id: int, channel: str, invited_on=None) -> None:
    """Record how and when an invitee was invited."""
    permissions.require(user, "ceremonies.manage")
    if channel not in CHANNELS:
        raise InvalidInput(t("ceremonies.channel_invalid"))
    invited_at = parse_date(invited_on or today())
    with store.write() as db:
        get_invitation(store, invitation_id)
        db.execute(
            "UPDATE invitations SET channel = ?, invited_at = ? WHERE id = ?", [channel, invited_at, invitation_id]
        )
        audit.record(store, user.actor, "invitation.channel", f"invitation:{invitation_id}", channel=channel)


def set_presence(store, invitation_id: int, present: bool, companions: int | None = None) -> None:
    """Check an invitee in (with the companions who came; any caller's claim is released)
    or take the check-in back. The caller checked the invitation, holds the transaction
    and audits."""
    with store.write() as db:
        if present:
            db.execute(
                "UPDATE invitations SET present = 1, checked_in_at = coalesce(checked_in_at, ?), companions = ?, "
                "claimed_by = NULL, claim_expires = NULL WHERE id = ?",
                [utc_iso(), companions, invitation_id],
            )
        else:
            db.execute("UPDATE invitations SET present = 0, checked_in_at = NULL WHERE id = ?", [invitation_id])


# --- "niet contacteren" -----------------------------------------------------------------------


def set_do_not_contact(store, user: permissions.User, person_id: int, value: bool) -> None:
    """The one place the flag changes (for rights and for the ceremony page): the record is
    re-sealed by `people.set_do_not_contact`; marking also releases any caller's claim."""
    permissions.require(user, "people.edit")
    with store.write() as db:
        if people.rows.clear_row(store, person_id) is None:
            raise NotFound(t("rights.person_gone"))
        people.set_do_not_contact(store, person_id, value)  # re-seals: the record vouches for the flag
        if value:
            db.execute(
                "UPDATE invitations SET claimed_by = NULL, claim_expires = NULL WHERE person_id = ?", [person_id]
            )
        action = "person.do_not_contact" if value else "person.contact_allowed"
        audit.record(store, user.actor, action, f"person:{person_id}")


def mark_do_not_contact(store, user: permissions.User, invitation_id: int) -> None:
    """The invitee asked not to be contacted: they leave every list, export and call queue."""
    permissions.require(user, "ceremonies.manage")
    with store.write():
        row = get_invitation(store, invitation_id)
        set_do_not_contact(store, user, row["person_id"], True)
        audit.record(store, user.actor, "invitation.do_not_contact", f"invitation:{invitation_id}")


# --- reading for other modules (clear columns only) -------------------------------------------


def contactable(store, ceremony_id: int, channel: str | None = None) -> list[dict]:
    """The ceremony's invitations of people who may be contacted (optionally of one channel),
    in invitation order: id, person_id, channel, answer, companions, present."""
    where, params = (" AND i.channel = ?", [channel]) if channel else ("", [])
    return store.rows(
        f"SELECT i.id, i.person_id, i.channel, i.answer, i.companions, i.present {_CONTACTABLE}{where} "
        "ORDER BY i.id",
        [ceremony_id, *params],
    )


def contactable_count(store, ceremony_id: int) -> int:
    """How many invitees of the ceremony may be contacted."""
    return store.scalar(f"SELECT count(*) {_CONTACTABLE}", [ceremony_id])


def of_person(store, person_id: int) -> list[dict]:
    """A person's invitations with their ceremony's name, date, time and venue (for the dossier)."""
    return store.rows(
        "SELECT i.*, c.name AS ceremony, c.date AS ceremony_date, c.time AS ceremony_time, c.location "
        "FROM invitations i JOIN ceremonies c ON c.id = i.ceremony_id WHERE i.person_id = ? "
        "ORDER BY c.date, i.id",
        [person_id],
    )


def count_for_delivery(store, delivery_id: int) -> int:
    """How many invitations the people of one delivery have."""
    return store.scalar(
        "SELECT count(*) FROM invitations i JOIN people p ON p.id = i.person_id WHERE p.delivery_id = ?",
        [delivery_id],
    )


# --- anonymous counts -------------------------------------------------------------------------


def live_counts(store, ceremony_id: int) -> dict:
    """Anonymous counts of a ceremony's live invitations (for the ceremony page)."""
    row = store.one(
        "SELECT count(*) AS invited, coalesce(sum(reached), 0) AS reached, "
        "coalesce(sum(answer = 'komt'), 0) AS confirmed, "
        "coalesce(sum(CASE WHEN answer = 'komt' THEN companions ELSE 0 END), 0) AS companions, "
        "coalesce(sum(present), 0) AS present "
        "FROM invitations WHERE ceremony_id = ?",
        [ceremony_id],
    )
    return dict(row)


def present_counts(store, ceremony_id: int) -> dict:
    """How many invitees and companions are checked in (anonymous)."""
    row = store.one(  # the guests checked in only (index invitations_present, m251)
        "SELECT count(*) AS present, coalesce(sum(companions), 0) AS companions "
        "FROM invitations WHERE ceremony_id = ? AND present = 1",
        [ceremony_id],
    )
    return {**row, "total": row["present"] + row["companions"]}


def turnout_counts(store, ceremony_id: int | None) -> dict[str, int]:
    """The dashboard's live figures, of one ceremony or of all (None): invited, reached,
    confirmed, attended, attended_reached."""
    where, params = (" WHERE ceremony_id = ?", [ceremony_id]) if ceremony_id is not None else ("", [])
    row = store.one(
        "SELECT coalesce(sum(invited_at IS NOT NULL), 0) AS invited, coalesce(sum(reached), 0) AS reached, "
        "coalesce(sum(answer = 'komt'), 0) AS confirmed, coalesce(sum(present), 0) AS attended, "
        "coalesce(sum(present AND reached), 0) AS attended_reached FROM invitations" + where,
        params,
    )
    return dict(row)


def invitation_counts(store, ceremony_id: int) -> dict:
    """Anonymous counts of a ceremony's live invitations per channel and per answer."""
    get_ceremony(store, ceremony_id)
    rows = store.rows(
        "SELECT coalesce(i.channel, 'none') AS channel, coalesce(i.answer, 'none') AS answer, count(*) AS n "
        f"{_CONTACTABLE} GROUP BY 1, 2",
        [ceremony_id],
    )
    counts = {
        "invited": sum(r["n"] for r in rows),
        "channel": {c: 0 for c in (*CHANNELS, "none")},
        "answer": {a: 0 for a in (*ANSWERS, "none")},
    }
    for row in rows:
        counts["channel"][row["channel"]] = counts["channel"].get(row["channel"], 0) + row["n"]
        counts["answer"][row["answer"]] = counts["answer"].get(row["answer"], 0) + row["n"]
    return counts
