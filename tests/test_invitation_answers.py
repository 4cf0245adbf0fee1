"""The answer on an invitation: status from capacity, channel and time, help, counts, audit.

Capacity counts invitees plus companions; a "yes" when too few places are left is the
waiting list unless the answer page already told the person otherwise (that status is
kept). A changed answer replaces the old one and gives back the places it held.
"""

from __future__ import annotations

import json

import pytest

from ceremony import audit, ceremonies, invitations
from ceremony.errors import InvalidInput, NotFound
from ceremony.invitations import answers, invitee_lists
from ceremony.invitations.answers import Answer, record_answer
from tests.ceremony_factory import add_people, invite_directly
from tests.conftest import add_user

AT = "2026-12-07T10:00:00Z"


@pytest.fixture
def coord(store):
    return add_user(store, "carla", "coordinator")


def ceremony_with(store, coord, capacity, n=4, channel="e-mail", **people_fields):
    """A ceremony of `capacity` places and `n` invitees; returns (ceremony id, invitation ids)."""
    cid = ceremonies.create_ceremony(store, coord, name="Welkom", date="2026-12-19", time="14:00",
                                     capacity=capacity)
    ids = add_people(store, [dict(people_fields) for _ in range(n)])
    invite_directly(store, cid, ids, channel=channel)
    by_person = invitee_lists.invitee_ids(store, cid)
    return cid, [by_person[p] for p in ids]


def row(store, invitation_id):
    return invitations.find(store, invitation_id)


def test_a_yes_takes_places_with_companions_and_a_full_ceremony_gives_the_waiting_list(store, coord):
    cid, inv = ceremony_with(store, coord, capacity=4)
    assert answers.places_left(store, cid) == 4
    assert record_answer(store, "web", inv[0], Answer(True, companions=2), channel="web", at=AT) == "komt"
    assert answers.places_left(store, cid) == 1  # the invitee and two companions
    assert record_answer(store, "web", inv[1], Answer(True, companions=1), channel="web", at=AT) == "wachtlijst"
    assert answers.places_left(store, cid) == 1  # waiting holds no place
    assert record_answer(store, "web", inv[2], Answer(True), channel="web", at=AT) == "komt"
    assert answers.places_left(store, cid) == 0
    assert record_answer(store, "web", inv[3], Answer(False), channel="web", at=AT) == "komt_niet"


def test_without_capacity_every_yes_comes(store, coord):
    cid, inv = ceremony_with(store, coord, capacity=None, n=2)
    assert answers.places_left(store, cid) is None
    assert record_answer(store, "web", inv[0], Answer(True, companions=20), channel="web", at=AT) == "komt"


def test_the_status_the_page_told_is_kept(store, coord):
    cid, inv = ceremony_with(store, coord, capacity=1, n=2)
    # the exchange decided "wachtlijst" although a place seems free here: the person read that
    assert record_answer(store, "web", inv[0], Answer(True), channel="web", at=AT, status="wachtlijst") == "wachtlijst"
    assert record_answer(store, "web", inv[1], Answer(True, companions=3), channel="web", at=AT,
                         status="komt") == "komt"
    assert row(store, inv[1])["answer"] == "komt"
    assert answers.places_left(store, cid) == 0  # over capacity: never below 0


def test_a_status_that_contradicts_the_answer_is_refused(store, coord):
    _cid, inv = ceremony_with(store, coord, capacity=5, n=1)
    with pytest.raises(InvalidInput, match="komt of komt niet"):
        record_answer(store, "web", inv[0], Answer(False), channel="web", at=AT, status="komt")
    with pytest.raises(InvalidInput, match="komt of komt niet"):
        record_answer(store, "web", inv[0], Answer(True), channel="web", at=AT, status="misschien")
    assert row(store, inv[0])["answer"] is None


def test_a_changed_answer_replaces_the_old_one_and_gives_back_its_places(store, coord):
    cid, inv = ceremony_with(store, coord, capacity=3, n=2)
    record_answer(store, "web", inv[0], Answer(True, companions=2, wheelchair=True, interpreter="ar", call_me=True),
                  channel="web", at=AT)
    assert answers.places_left(store, cid) == 0
    # the same person changes 2 companions into 1: their own places count as free for the change
    later = "2026-12-08T09:30:00Z"
    assert record_answer(store, "telefoon", inv[0], Answer(True, companions=1), channel="telefoon", at=later) == "komt"
    changed = row(store, inv[0])
    assert (changed["answer"], changed["companions"], changed["answer_channel"], changed["answered_at"]) == (
        "komt", 1, "telefoon", later)
    assert (changed["wheelchair"], changed["interpreter"], changed["call_me"]) == (0, None, 0)
    assert answers.places_left(store, cid) == 1
    record_answer(store, "web", inv[0], Answer(False, companions=2), channel="web", at=later)
    assert (row(store, inv[0])["answer"], row(store, inv[0])["companions"]) == ("komt_niet", 0)
    assert answers.places_left(store, cid) == 3


def test_channel_time_and_help_are_recorded(store, coord):
    _cid, inv = ceremony_with(store, coord, capacity=None, n=1)
    record_answer(store, "web", inv[0], Answer(True, companions=1, wheelchair=True, interpreter="uk", call_me=True),
                  channel="web", at=AT)
    r = row(store, inv[0])
    assert (r["answer_channel"], r["answered_at"], r["wheelchair"], r["interpreter"], r["call_me"]) == (
        "web", AT, 1, "uk", 1)


@pytest.mark.parametrize(("answer", "channel", "words"), [
    (Answer(True), "e-mail", "web, telefoon, brief of balie"),
    (Answer(True, interpreter="klingon"), "web", "taal van de tolk"),
    (Answer(True, companions=-1), "web", "begeleiders"),
    (Answer(True, companions=999), "web", "begeleiders"),
])
def test_invalid_answers_are_refused_in_dutch(store, coord, answer, channel, words):
    _cid, inv = ceremony_with(store, coord, capacity=None, n=1)
    with pytest.raises(InvalidInput, match=words):
        record_answer(store, "web", inv[0], answer, channel=channel, at=AT)
    assert row(store, inv[0])["answer"] is None


def test_an_answer_for_a_gone_invitation_is_not_found(store, coord):
    with pytest.raises(NotFound):
        record_answer(store, "web", 424242, Answer(True), channel="web", at=AT)


def test_the_audit_entry_names_status_and_channel_but_no_personal_value(store, coord):
    _cid, inv = ceremony_with(store, coord, capacity=None, n=1, first_name="Zoë-Canary")
    record_answer(store, "web", inv[0], Answer(True, companions=2, wheelchair=True, interpreter="ar", call_me=True),
                  channel="web", at=AT)
    entry = audit.entries(store, action="invitation.answer")[0]
    assert entry["target"] == f"invitation:{inv[0]}"
    details = json.loads(entry["details"]) if isinstance(entry["details"], str) else entry["details"]
    assert details == {"answer": "komt", "channel": "web", "companions": 2}
    dump = json.dumps(audit.entries(store), default=str)
    for value in ("Zoë-Canary", "persoon0@example.org", "rolstoel", "wheelchair", "interpreter"):
        assert value not in dump


def test_answer_counts_hold_numbers_only(store, coord):
    cid, inv = ceremony_with(store, coord, capacity=3, n=6)
    record_answer(store, "web", inv[0], Answer(True, companions=1), channel="web", at=AT)
    record_answer(store, "x", inv[1], Answer(True, companions=2), channel="telefoon", at=AT)  # waiting
    record_answer(store, "x", inv[2], Answer(False), channel="brief", at=AT)
    record_answer(store, "x", inv[3], Answer(True), channel="balie", at=AT)
    counts = answers.answer_counts(store, cid)
    assert counts == {
        "answers": {"yes": 2, "no": 1, "open": 2, "waiting": 1},
        "by_channel": {"web": 1, "telefoon": 1, "brief": 1, "balie": 1},
        "companions": 1,
    }
    assert answers.channel_counts(store, cid) == counts["by_channel"]
    assert [r["id"] for r in answers.waiting_rows(store, cid)] == [inv[1]]


def test_invitations_list_gives_answer_counts_without_personal_data(cli, store, coord):
    cid, inv = ceremony_with(store, coord, capacity=2, n=4, first_name="Qzxcanary")
    record_answer(store, "web", inv[0], Answer(True, companions=1, wheelchair=True, interpreter="ar"),
                  channel="web", at=AT)
    record_answer(store, "web", inv[1], Answer(True), channel="web", at=AT)  # full: waiting list
    invitations.set_answer(store, coord, inv[2], "komt_niet", channel="telefoon")
    code, out, err = cli("invitations", "list", "--ceremony", cid, "--json")
    assert code == 0, err
    counts = json.loads(out)
    assert counts["answers"] == {"yes": 1, "no": 1, "open": 1, "waiting": 1}
    assert counts["by_channel"] == {"web": 2, "telefoon": 1, "brief": 0, "balie": 0}
    assert counts["companions"] == 1
    assert counts["answer"]["wachtlijst"] == 1
    code, human, _ = cli("invitations", "list", "--ceremony", cid)
    assert code == 0
    assert "komt 1, komt niet 1, nog geen antwoord 1, wachtlijst 1; begeleiders van wie komt: 1." in human
    assert "antwoordpagina 2, telefoon 1, brief 0, balie 0" in human
    for text in (out, human):
        assert "Qzxcanary" not in text and "@" not in text and "ar" not in text.split()
