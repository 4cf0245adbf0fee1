"""Answers and the phone round: "Bel mij" on the answer page puts the person first in the
Belronde queue (also after an answer, also when reached before), the card and the page
say why; a reached outcome records the channel telefoon with the time and ends the
request; undo puts it all back."""

from __future__ import annotations

import pytest

from ceremony import ceremonies, invitations
from ceremony.invitations import invitee_lists
from ceremony.invitations.answers import Answer, record_answer
from ceremony.phone_round import call_card, claims, outcomes, queue
from ceremony.texts import t
from tests.apptest_helpers import login, open_page, texts
from tests.ceremony_factory import add_people
from tests.conftest import add_user

NOW = "2026-12-07T09:15:00"


@pytest.fixture
def ceremony(store, monkeypatch):
    """Three invitees by phone; the last one (most attempts-neutral, oldest certificate)
    would normally come last."""
    monkeypatch.setenv("CEREMONY_FAKE_NOW", NOW)
    coord = add_user(store, "carla", "coordinator")
    add_user(store, "bert", "beller")
    ids = add_people(store, [{"certificate_date": "2026-11-01"}, {"certificate_date": "2026-10-01"},
                             {"first_name": "Belmij", "certificate_date": "2026-06-01"}], start=30)
    cid = ceremonies.create_ceremony(store, coord, name="Welkom", date="2026-12-19", time="14:00")
    invitations.invite(store, coord, cid, ids, channel="telefoon")
    inv = invitee_lists.invitee_ids(store, cid)
    return coord, cid, [inv[p] for p in ids]


def test_bel_mij_comes_first_even_after_an_answer(store, ceremony):
    coord, cid, inv = ceremony
    assert [r["id"] for r in queue.queue(store, coord, cid)] == inv  # most recent certificate first
    record_answer(store, "web", inv[2], Answer(True, companions=1, call_me=True), channel="web", at=NOW + "Z")
    rows = queue.queue(store, coord, cid)
    assert [r["id"] for r in rows] == [inv[2], inv[0], inv[1]]
    assert rows[0]["call_me"] == 1
    claim = claims.claim_next(store, coord, cid)
    assert claim.invitation_id == inv[2]
    card = call_card.card(store, coord, claim.invitation_id)
    assert card.call_me is True


def test_a_reached_outcome_records_telefoon_and_ends_the_request(store, ceremony):
    coord, cid, inv = ceremony
    record_answer(store, "web", inv[2], Answer(True, call_me=True), channel="web", at=NOW + "Z")
    claim = claims.claim_next(store, coord, cid)
    outcomes.record_outcome(store, coord, claim, "komt", companions=2)
    row = invitations.find(store, inv[2])
    assert (row["answer"], row["companions"], row["answer_channel"], row["answered_at"], row["call_me"]) == (
        "komt", 2, "telefoon", NOW + "Z", 0)
    assert inv[2] not in [r["id"] for r in queue.queue(store, coord, cid)]
    saved = outcomes.last_saved(store, coord, cid)
    outcomes.undo_outcome(store, coord, saved.attempt_uid)
    row = invitations.find(store, inv[2])
    assert (row["answer_channel"], row["call_me"]) == ("web", 1)  # undo restores the request


def test_not_reached_keeps_the_request(store, ceremony):
    coord, cid, inv = ceremony
    record_answer(store, "web", inv[2], Answer(False, call_me=True), channel="web", at=NOW + "Z")
    claim = claims.claim_next(store, coord, cid)
    outcomes.record_outcome(store, coord, claim, "geen_antwoord")
    row = invitations.find(store, inv[2])
    assert (row["answer"], row["answer_channel"], row["call_me"]) == ("komt_niet", "web", 1)


def test_belronde_shows_why_to_call(store, ceremony):
    coord, cid, inv = ceremony
    record_answer(store, "web", inv[2], Answer(True, call_me=True), channel="web", at=NOW + "Z")
    at = open_page(login("bert"), "calls.py")
    at.button(key="call_next").click().run()
    assert not at.exception
    shown = texts(at)
    assert "Belmij" in shown
    assert t("answers.ui.call_me") in shown
