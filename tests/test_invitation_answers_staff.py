"""The staff paths record how an answer came in: the ceremony page's form (brief by
default, or telefoon / balie), check-in walk-ins (balie), the phone round (telefoon); the
counts per channel and the places left count invitees plus companions, walk-ins included."""

from __future__ import annotations

import json

import pytest

from ceremony import audit, ceremonies, checkin, invitations
from ceremony.errors import InvalidInput
from ceremony.invitations import answers, invitee_lists
from tests.ceremony_factory import add_people, invite_directly
from tests.conftest import add_user


@pytest.fixture
def coord(store):
    return add_user(store, "carla", "coordinator")


@pytest.fixture
def ceremony(store, coord, monkeypatch):
    monkeypatch.setenv("CEREMONY_FAKE_NOW", "2026-12-07T09:15:00")
    cid = ceremonies.create_ceremony(store, coord, name="Welkom", date="2026-12-19", time="14:00", capacity=10)
    ids = add_people(store, [{} for _ in range(4)], start=10)
    invite_directly(store, cid, ids[:3], channel="brief")
    by_person = invitee_lists.invitee_ids(store, cid)
    return cid, ids, [by_person[p] for p in ids[:3]]


def test_the_ceremony_page_records_brief_by_default_and_the_time(store, coord, ceremony):
    cid, _ids, inv = ceremony
    invitations.set_answer(store, coord, inv[0], "komt", 2)
    row = invitations.find(store, inv[0])
    assert (row["answer"], row["companions"], row["answer_channel"], row["answered_at"]) == (
        "komt", 2, "brief", "2026-12-07T09:15:00Z")
    entry = json.loads(audit.entries(store, action="invitation.answer")[0]["details"])
    assert entry == {"answer": "komt", "companions": 2, "channel": "brief"}


@pytest.mark.parametrize("channel", ["telefoon", "balie"])
def test_staff_choose_telefoon_or_balie(store, coord, ceremony, channel):
    _cid, _ids, inv = ceremony
    invitations.set_answer(store, coord, inv[0], "komt_niet", channel=channel)
    assert invitations.find(store, inv[0])["answer_channel"] == channel


def test_web_is_not_a_channel_staff_choose_and_clearing_clears_it(store, coord, ceremony):
    _cid, _ids, inv = ceremony
    with pytest.raises(InvalidInput, match="telefoon, brief of balie"):
        invitations.set_answer(store, coord, inv[0], "komt", channel="web")
    invitations.set_answer(store, coord, inv[0], "komt", channel="telefoon")
    invitations.set_answer(store, coord, inv[0], None)
    row = invitations.find(store, inv[0])
    assert (row["answer"], row["answer_channel"], row["answered_at"]) == (None, None, None)


def test_staff_may_put_someone_on_the_waiting_list(store, coord, ceremony):
    cid, _ids, inv = ceremony
    invitations.set_answer(store, coord, inv[0], "wachtlijst", 1)
    assert [r["id"] for r in answers.waiting_rows(store, cid)] == [inv[0]]


def test_a_walk_in_is_a_yes_at_the_desk_and_takes_places(store, coord, ceremony):
    cid, ids, inv = ceremony
    invitations.set_answer(store, coord, inv[0], "komt", 2)
    assert answers.places_left(store, cid) == 7
    walk = checkin.walk_in(store, coord, cid, ids[3], companions=1)
    row = invitations.find(store, walk)
    assert (row["answer"], row["answer_channel"], row["answered_at"], row["present"]) == (
        "komt", "balie", "2026-12-07T09:15:00Z", 1)
    assert answers.places_left(store, cid) == 5
    counts = answers.answer_counts(store, cid)
    assert counts["by_channel"] == {"web": 0, "telefoon": 0, "brief": 1, "balie": 1}
    assert counts["companions"] == 3


def test_an_invitee_checked_in_without_an_answer_still_takes_places(store, coord, ceremony):
    cid, _ids, inv = ceremony
    checkin.check_in(store, coord, inv[1], companions=3)
    assert answers.places_left(store, cid) == 6

