"""Check-in on the day: accent-insensitive search, present/undo, walk-ins."""

import json

import pytest

from ceremony import audit, ceremonies, checkin, invitations
from ceremony.errors import AccessDenied, InvalidInput
from tests.ceremony_factory import add_people
from tests.conftest import add_user


@pytest.fixture
def ceremony(store):
    coord = add_user(store, "carla", "coordinator")
    ids = add_people(
        store,
        [
            {"first_name": "Zoë", "last_name": "Çelik"},
            {"first_name": "José", "last_name": "Martínez"},
            {"first_name": "Jos", "last_name": "Peeters"},
        ],
    )
    cid = ceremonies.create_ceremony(store, coord, name="Welkom", date="2026-10-15", capacity=50)
    invitations.invite(store, coord, cid, ids[:2])
    return coord, cid, ids


def test_search_ignores_case_and_accents_and_only_this_ceremonys_invitees(store, ceremony):
    coord, cid, ids = ceremony
    assert [r["first_name"] for r in checkin.search(store, coord, cid, "zoe CELIK")] == ["Zoë"]
    assert [r["last_name"] for r in checkin.search(store, coord, cid, "jos")] == ["Martínez"]  # Peeters not invited
    with pytest.raises(InvalidInput, match="2 letters"):
        checkin.search(store, coord, cid, "j")
    trail = json.dumps(audit.entries(store, action="checkin."), ensure_ascii=False)
    assert "zoe" not in trail.lower() and "Çelik" not in trail


def test_mark_present_undo_and_counts(store, ceremony):
    coord, cid, ids = ceremony
    found = checkin.search(store, coord, cid, "martinez")[0]
    checkin.check_in(store, coord, found["invitation_id"], companions=2)
    assert invitations.present_counts(store, cid) == {"present": 1, "companions": 2, "total": 3}
    assert checkin.search(store, coord, cid, "martinez")[0]["present"] is True
    checkin.undo(store, coord, found["invitation_id"])
    assert invitations.present_counts(store, cid)["present"] == 0
    actions = [e["action"] for e in audit.entries(store, action="checkin.")]
    assert "checkin.present" in actions and "checkin.undo" in actions


def test_walk_in_from_the_target_group(store, ceremony):
    coord, cid, ids = ceremony
    found = checkin.search_walk_in(store, coord, cid, "peeters")
    assert [r["person_id"] for r in found] == [ids[2]]
    invitation = checkin.walk_in(store, coord, cid, ids[2], companions=1)
    row = store.one("SELECT * FROM invitations WHERE id = ?", [invitation])
    assert (row["present"], row["companions"], row["channel"]) == (1, 1, None)
    assert row["invited_at"] is not None
    with pytest.raises(InvalidInput):  # already there now: not a walk-in any more
        checkin.walk_in(store, coord, cid, ids[2])
    assert checkin.search_walk_in(store, coord, cid, "peeters") == []


def test_callers_cannot_check_people_in(store, ceremony):
    coord, cid, ids = ceremony
    bert = add_user(store, "bert", "beller")
    with pytest.raises(AccessDenied):
        checkin.search(store, bert, cid, "zoe")


def test_a_repeated_search_is_recorded_once_per_session_memo(store, ceremony):
    coord, cid, ids = ceremony
    count = lambda: store.scalar("SELECT count(*) FROM audit WHERE action = 'checkin.search'")  # noqa: E731
    seen: set[str] = set()
    for query in ("zoe celik", "Zoë  Çelik", "zoe celik"):  # the same search, typed again
        checkin.search(store, coord, cid, query, seen)
    assert count() == 1
    checkin.search(store, coord, cid, "martinez", seen)
    assert count() == 2
    assert not any("zoe" in key or "celik" in key for key in seen)  # hashes only
    checkin.search(store, coord, cid, "martinez")  # without a memo (the command line): always
    assert count() == 3


def test_every_match_is_reachable_with_the_total_and_only_the_shown_are_audited(store, ceremony):
    coord, cid, ids = ceremony
    many = add_people(store, [{"first_name": f"Lid{i:02d}", "last_name": "Janssens"} for i in range(45)], start=10)
    invitations.invite(store, coord, cid, many)
    first = checkin.search(store, coord, cid, "janssens", limit=checkin.PAGE_SIZE)
    assert (len(first), first.total) == (checkin.PAGE_SIZE, 45)
    everyone = checkin.search(store, coord, cid, "janssens", limit=2 * checkin.PAGE_SIZE)
    assert [r["first_name"] for r in everyone] == [f"Lid{i:02d}" for i in range(45)]
    assert everyone.total == 45
    counts = [json.loads(e["details"])["count"] for e in audit.entries(store, "checkin.search")]
    assert counts == [45, checkin.PAGE_SIZE]  # newest first: what was shown, not what matched
