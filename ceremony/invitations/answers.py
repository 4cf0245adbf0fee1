"""The answer on an invitation: status (with the waiting list), channel, when, companions,
help asked and "Bel mij"; the places left of a ceremony and its anonymous answer counts.

Part of the owner of the `invitations` table (see `ceremony.invitations`). Every way an
answer comes in records it here: the answer page (channel `web`, through the answer sync),
the ceremony page (`brief` by default, or `telefoon` / `balie`), the phone round
(`telefoon`) and check-in walk-ins (`balie`). Capacity counts invitees plus companions:
an invitation holds `1 + companions` places when its answer is "komt" or the person is
checked in. A "yes" when too few places are left is recorded as `wachtlijst`; staff take
people off the list (`take_off_waiting_list`) when places free, and the person gets an
e-mail where there is an address (`ceremony.mailing.waiting`). The audit entries hold the
status, channel and number of companions, never the help asked or a name.
"""

from __future__ import annotations

from dataclasses import dataclass

from ceremony import audit, permissions
from ceremony.answers import INTERPRETER_LANGUAGES
from ceremony.ceremonies import check_not_cancelled, get_ceremony
from ceremony.errors import InvalidInput, NotFound
from ceremony.invitations import ANSWER_CHANNELS, WAITING, find, parse_companions
from ceremony.mailing import waiting
from ceremony.texts import t

__all__ = ["ANSWER_CHANNELS", "WAITING", "Answer", "answer_counts", "places_left", "record_answer",
           "take_off_waiting_list"]

COMING, DECLINED = "komt", "komt_niet"
STATUSES = (COMING, WAITING, DECLINED)
PERMISSION = "ceremonies.manage"  # the permission that manages answers

# the places an invitation holds: the person and companions, once coming or checked in
_HELD = "CASE WHEN answer = 'komt' OR present = 1 THEN 1 + companions ELSE 0 END"


@dataclass(frozen=True)
class Answer:
    """What a person answered (by any channel)."""

    coming: bool
    companions: int = 0
    wheelchair: bool = False
    interpreter: str | None = None  # a code from ceremony.answers.INTERPRETER_LANGUAGES
    call_me: bool = False


def _checked(answer: Answer, channel: str, status: str | None) -> int:
    """Validate an answer; returns its number of companions."""
    if channel not in ANSWER_CHANNELS:
        raise InvalidInput(t("answers.channel_invalid"))
    if answer.interpreter is not None and answer.interpreter not in INTERPRETER_LANGUAGES:
        raise InvalidInput(t("answers.language_invalid"))
    if status is not None and (status not in STATUSES or (status == DECLINED) == answer.coming):
        raise InvalidInput(t("answers.status_invalid"))
    return parse_companions(answer.companions)


def record_answer(store, actor: str, invitation_id: int, answer: Answer, *, channel: str, at: str,
                  status: str | None = None) -> str:
    """Record an answer: status, channel, when (`at`, ISO UTC), companions, help and "Bel mij".

    `status` given is what the person was already told (the answer page) and is kept; None
    decides it here from the places left (a changed answer first gives back the places it
    held). Audited as "invitation.answer" without personal values. Returns the status.
    Raises NotFound when the invitation is gone."""
    companions = _checked(answer, channel, status)
    with store.write() as db:
        row = find(store, invitation_id)
        if row is None:
            raise NotFound(t("ceremonies.invitation_unknown"))
        if status is None:
            status = _decide(store, row, answer.coming, companions)
        db.execute(
            "UPDATE invitations SET answer = ?, companions = ?, answer_channel = ?, answered_at = ?, "
            "wheelchair = ?, interpreter = ?, call_me = ? WHERE id = ?",
            [status, companions if answer.coming else 0, channel, at, int(answer.wheelchair),
             answer.interpreter, int(answer.call_me), invitation_id],
        )
        audit.record(store, actor, "invitation.answer", f"invitation:{invitation_id}",
                     answer=status, channel=channel, companions=companions if answer.coming else 0)
    return status


def _decide(store, row: dict, coming: bool, companions: int) -> str:
    """komt when the places left (without the ones this invitation holds now) suffice."""
    if not coming:
        return DECLINED
    left = places_left(store, row["ceremony_id"])
    if left is None:
        return COMING
    if row["answer"] == COMING or row["present"]:
        left += 1 + row["companions"]
    return COMING if left >= 1 + companions else WAITING


def places_left(store, ceremony_id: int) -> int | None:
    """Capacity minus the places held (1 + companions of everyone coming or checked in),
    never below 0; None when the ceremony has no capacity (0 or empty: unlimited)."""
    capacity = get_ceremony(store, ceremony_id)["capacity"]
    return max(0, capacity - places_held(store, ceremony_id)) if capacity else None


def places_held(store, ceremony_id: int) -> int:
    """How many places (invitees plus companions) are taken: coming or checked in."""
    return store.scalar(f"SELECT coalesce(sum({_HELD}), 0) FROM invitations WHERE ceremony_id = ?", [ceremony_id])


def answer_counts(store, ceremony_id: int) -> dict:
    """Anonymous counts of a ceremony's answers (people who may be contacted):
    {"answers": {"yes", "no", "open", "waiting"}, "by_channel": {channel: n}, "companions": n}
    (`companions`: of those coming)."""
    get_ceremony(store, ceremony_id)
    rows = store.rows(
        "SELECT i.answer, i.answer_channel, count(*) AS n, "
        "coalesce(sum(CASE WHEN i.answer = 'komt' THEN i.companions ELSE 0 END), 0) AS companions "
        "FROM invitations i JOIN people p ON p.id = i.person_id "
        "WHERE i.ceremony_id = ? AND p.do_not_contact = 0 GROUP BY 1, 2",
        [ceremony_id],
    )
    names = {COMING: "yes", DECLINED: "no", WAITING: "waiting"}
    counts = {"yes": 0, "no": 0, "open": 0, "waiting": 0}
    by_channel = {channel: 0 for channel in ANSWER_CHANNELS}
    for row in rows:
        counts[names.get(row["answer"], "open")] += row["n"]
        if row["answer"] in names and row["answer_channel"] in by_channel:
            by_channel[row["answer_channel"]] += row["n"]
    return {"answers": counts, "by_channel": by_channel, "companions": sum(r["companions"] for r in rows)}


def channel_counts(store, ceremony_id: int | None) -> dict[str, int]:
    """How many answers came in per channel, of one ceremony or of all (None)."""
    where, params = (" AND ceremony_id = ?", [ceremony_id]) if ceremony_id is not None else ("", [])
    found = dict(store.db.execute(
        "SELECT answer_channel, count(*) FROM invitations WHERE answer_channel IS NOT NULL"
        f" AND answer IN ('komt', 'komt_niet', 'wachtlijst'){where} GROUP BY 1",
        params,
    ).fetchall())
    return {channel: found.get(channel, 0) for channel in ANSWER_CHANNELS}


def waiting_rows(store, ceremony_id: int) -> list[dict]:
    """The ceremony's waiting list in the order people answered: invitation id, person id,
    answered_at, companions (clear columns only; "niet contacteren" left out)."""
    return store.rows(
        "SELECT i.id, i.person_id, i.answered_at, i.companions FROM invitations i "
        "JOIN people p ON p.id = i.person_id "
        "WHERE i.ceremony_id = ? AND i.answer = 'wachtlijst' AND p.do_not_contact = 0 "
        "ORDER BY i.answered_at, i.id",
        [ceremony_id],
    )


def take_off_waiting_list(store, user: permissions.User, invitation_id: int):
    """Staff give a waiting person a place: the answer becomes "komt" (refused in Dutch when
    too few places are left or the ceremony was cancelled), audited; then the person gets an e-mail where there is an
    address (`ceremony.mailing.waiting.notify`). Returns that `Notice`: whether the e-mail
    went, or that staff must phone or write."""
    permissions.require(user, PERMISSION)
    with store.write() as db:
        row = find(store, invitation_id)
        if row is None or row["answer"] != WAITING:
            raise NotFound(t("answers.not_waiting"))
        check_not_cancelled(get_ceremony(store, row["ceremony_id"]))
        left = places_left(store, row["ceremony_id"])
        needed = 1 + row["companions"]
        if left is not None and left < needed:
            raise InvalidInput(t("answers.no_place", left=left, needed=needed))
        db.execute("UPDATE invitations SET answer = 'komt' WHERE id = ?", [invitation_id])
        audit.record(store, user.actor, "invitation.waiting_off", f"invitation:{invitation_id}",
                     companions=row["companions"])
    return waiting.notify(store, user, invitation_id)
