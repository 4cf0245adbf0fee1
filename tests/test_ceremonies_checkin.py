"""Check-in on the day: accent-insensitive search, present/undo, walk-ins, namesakes, the desk page."""

import datetime as dt
import json

import pytest

from ceremony import audit, ceremonies, checkin, invitations, national_number, people
from ceremony.errors import AccessDenied, InvalidInput
from ceremony.texts import t
from tests.apptest_helpers import login, open_page, readable, texts
from tests.ceremony_factory import add_people
from tests.conftest import add_user
from tests.text_helpers import matching, pieces


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
    with pytest.raises(InvalidInput, match=matching("checkin.query_short")):
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


# --- namesakes told apart, the confirmation names who, no reminder on the desk ---


@pytest.fixture
def namesakes(store):
    """Two invitees named Alain Peeters and one José Martínez, for a ceremony next month (the
    page's start-up purge leaves it alone)."""
    coord = add_user(store, "carla", "coordinator")
    recent = (dt.date.today() - dt.timedelta(days=60)).isoformat()
    ids = add_people(store, [{"first_name": "Alain", "last_name": "Peeters", "street": street,
                              "certificate_date": recent} for street in ("Kerkstraat", "Molenstraat")]
                     + [{"first_name": "José", "last_name": "Martínez", "certificate_date": recent}], start=20)
    cid = ceremonies.create_ceremony(store, coord, name="Welkom", date=dt.date.today() + dt.timedelta(days=30))
    invitations.invite(store, coord, cid, ids)
    inv = {pid: store.scalar("SELECT id FROM invitations WHERE person_id = ?", [pid]) for pid in ids}
    return coord, cid, ids[:2], inv


def expected_detail(store, person_id: int) -> str:
    person = people.get_person(store, person_id)
    return f"{person.street} · {t('checkin.born', year=national_number.birth_year(person.national_number))}"


def test_namesakes_are_told_apart_by_street_and_year_of_birth_only(store, namesakes):
    coord, cid, twins, inv = namesakes
    found = checkin.search(store, coord, cid, "alain peeters")
    assert {r["invitation_id"]: r["detail"] for r in found} == {
        inv[pid]: expected_detail(store, pid) for pid in twins
    }
    assert "Kerkstraat" in found[0]["detail"] + found[1]["detail"]
    shown = json.dumps(found)
    for other in ("9000", "Gent", "example.org", "+32470"):  # postcode, town, e-mail, phone: not needed
        assert other not in shown
    assert checkin.search(store, coord, cid, "martinez")[0]["detail"] == ""  # a unique name: nothing more
    checkin.check_in(store, coord, inv[twins[1]])
    guest = checkin.guest(store, coord, cid, inv[twins[1]])
    assert (guest["first_name"], guest["detail"], guest["present"]) == ("Alain", expected_detail(store, twins[1]), True)


def test_desk_page_tells_namesakes_apart_names_who_was_checked_in_and_shows_no_reminder(store, namesakes):
    coord, cid, twins, inv = namesakes
    reminder = pieces("transport.reminder", n=2)[-1]  # "...: bevestig nog dat ..." (one or more deliveries)
    home = login("carla")
    assert reminder in texts(home)  # the factory's deliveries await their checklist
    at = open_page(home, "checkin.py")
    assert reminder not in texts(at)
    at.text_input(key="ci_query").input("alain peeters").run()
    captions = [c.value for c in at.caption]
    for pid in twins:
        assert expected_detail(store, pid) in captions
    at.button(key=f"ci_in_{inv[twins[0]]}").click().run()
    assert not at.exception
    name = f"Alain Peeters ({expected_detail(store, twins[0])})"
    assert [readable(s.value) for s in at.success] == [t("checkin.ui.marked", name=name)]
    assert at.text_input(key="ci_query").value == ""
    assert "Alain" not in repr(at.session_state)  # ids only
