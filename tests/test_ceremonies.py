"""Ceremonies and invitations: validation, the eligibility window, inviting, answers, objections."""

import datetime as dt
import json

import pytest

from ceremony import admin, audit, ceremonies, invitations, target_group
from ceremony.errors import AccessDenied, InvalidInput
from ceremony.invitations import invitee_lists
from ceremony.phone_round import queue
from ceremony.texts import t
from tests.ceremony_factory import add_people, make_person
from tests.conftest import ADMIN, add_user
from tests.text_helpers import matching


@pytest.fixture
def coord(store):
    return add_user(store, "carla", "coordinator")


def new_ceremony(store, user, date="2026-10-15", **extra):
    return ceremonies.create_ceremony(store, user, name="Welkom 2026", date=date, time="14:00", **extra)


def test_create_and_update_ceremony(store, coord):
    cid = new_ceremony(store, coord, location="Stadhuis", capacity="120", call_script="Goedendag!")
    row = ceremonies.get_ceremony(store, cid)
    assert (row["date"], row["time"], row["location"], row["capacity"]) == ("2026-10-15", "14:00", "Stadhuis", 120)
    ceremonies.update_ceremony(store, coord, cid, name="Welkom", date="2026-11-02", time="9.30", location="Zaal")
    row = ceremonies.get_ceremony(store, cid)
    assert (row["name"], row["date"], row["time"], row["capacity"]) == ("Welkom", "2026-11-02", "09:30", None)
    assert [e["action"] for e in audit.entries(store, action="ceremony.")] == ["ceremony.update", "ceremony.create"]


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("date", "15/10/2026", "ceremonies.date_invalid"),
        ("date", "2026-02-30", "ceremonies.date_invalid"),
        ("time", "25:00", "ceremonies.time_invalid"),
        ("time", "twee uur", "ceremonies.time_invalid"),
        ("capacity", "-1", "ceremonies.capacity_invalid"),
        ("capacity", "veel", "ceremonies.capacity_invalid"),
        ("name", "  ", "ceremonies.name_missing"),
    ],
)
def test_invalid_ceremony_input_is_refused_in_dutch(store, coord, field, value, code):
    values = {"name": "Welkom", "date": "2026-10-15", "time": "14:00", "capacity": None, field: value}
    with pytest.raises(InvalidInput) as refused:
        ceremonies.create_ceremony(store, coord, **values)
    assert refused.value.code == code and str(refused.value) == t(code)
    assert store.scalar("SELECT count(*) FROM ceremonies") == 0


@pytest.mark.parametrize(
    "typed, stored",
    [("14:30", "14:30"), ("9.05", "09:05"), ("14u30", "14:30"), ("14h30", "14:30"), ("14u", "14:00"),
     ("14", "14:00"), ("", None)],
)
def test_one_time_rule_for_planning_and_for_the_exports(typed, stored):
    from ceremony.exports.common import ceremony_time

    assert ceremonies.parse_time(typed) == stored
    expected = dt.time.fromisoformat(stored) if stored else None
    assert ceremony_time({"time": typed}) == expected  # a row written by hand reads the same


def test_only_a_coordinator_plans_ceremonies(store):
    for role in ("beller", "dpo", "beheerder"):
        user = add_user(store, f"u-{role}", role)
        with pytest.raises(AccessDenied):
            new_ceremony(store, user)


def test_window_start_clamps_to_the_end_of_the_month():
    assert target_group.window_start("2024-02-29", 12) == dt.date(2023, 2, 28)
    assert target_group.window_start("2026-10-15", 24) == dt.date(2024, 10, 15)
    assert target_group.window_start(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)


def test_eligibility_window_and_exclusions(store, coord):
    dates = ["2025-10-14", "2025-10-15", "2026-06-01", "2026-10-15", "2026-10-16"]
    ids = add_people(store, [{"certificate_date": d} for d in dates])
    objector = add_people(store, [{"certificate_date": "2026-05-01"}], start=100)[0]
    store.db.execute("UPDATE people SET do_not_contact = 1 WHERE id = ?", [objector])
    cid = new_ceremony(store, coord)
    # most recent certificate first; window [2025-10-15, 2026-10-15]
    assert target_group.eligible_ids(store, cid) == [ids[3], ids[2], ids[1]]
    counts = target_group.target_counts(store, cid)  # the counts the page shows, from SQL counts
    assert (counts["in_window"], counts["eligible"]) == (4, 3)  # the objector is in the window
    admin.set_setting(store, ADMIN, "certificate_window_months", "24")
    assert target_group.eligible_ids(store, cid) == [ids[3], ids[2], ids[1], ids[0]]
    invitations.invite(store, coord, cid, person_ids=[ids[3]])
    assert target_group.eligible_ids(store, cid) == [ids[2], ids[1], ids[0]]
    assert target_group.target_counts(store, cid)["eligible"] == 3


def test_invite_all_then_nobody_is_left(store, coord):
    ids = add_people(store, [{"certificate_date": "2026-06-01"}] * 3)
    cid = new_ceremony(store, coord)
    assert invitations.invite(store, coord, cid, channel="e-mail", invited_on="2026-09-01") == 3
    assert target_group.eligible_ids(store, cid) == []
    rows = store.rows("SELECT person_id, channel, invited_at FROM invitations ORDER BY person_id")
    assert rows == [{"person_id": i, "channel": "e-mail", "invited_at": "2026-09-01"} for i in ids]
    assert invitations.invite(store, coord, cid) == 0  # inviting again adds nobody


def test_invite_a_selection_skips_ineligible_people(store, coord):
    inside = add_people(store, [{"certificate_date": "2026-06-01"}] * 3)
    outside = add_people(store, [{"certificate_date": "2020-01-01"}], start=50)
    cid = new_ceremony(store, coord)
    assert invitations.invite(store, coord, cid, [inside[0], inside[2], outside[0]], channel="brief") == 2
    assert {r["person_id"] for r in store.rows("SELECT person_id FROM invitations")} == {inside[0], inside[2]}
    with pytest.raises(InvalidInput, match=matching("ceremonies.channel_invalid")):
        invitations.invite(store, coord, cid, [inside[1]], channel="duif")
    with pytest.raises(InvalidInput, match=matching("ceremonies.nobody_selected")):
        invitations.invite(store, coord, cid, [])


def test_present_at_an_earlier_ceremony_is_not_invited_again(store, coord):
    pid = make_person(store, certificate_date="2026-03-01")
    first = new_ceremony(store, coord, date="2026-05-01")
    invitations.invite(store, coord, first)
    store.db.execute("UPDATE invitations SET present = 1")
    second = new_ceremony(store, coord, date="2026-10-15")
    assert pid not in target_group.eligible_ids(store, second)


def test_invitees_answers_and_audit_hold_no_personal_values(store, coord):
    add_people(store, [{"first_name": "Zoë", "last_name": "Ölçer"}, {"first_name": "Ahmed", "last_name": "Aziz"}])
    cid = new_ceremony(store, coord)
    invitations.invite(store, coord, cid)
    listed = invitee_lists.invitees(store, coord, cid)
    assert [(r["first_name"], r["last_name"]) for r in listed] == [("Ahmed", "Aziz"), ("Zoë", "Ölçer")]
    invitations.set_answer(store, coord, listed[1]["id"], "komt", companions=2)
    invitations.set_channel(store, coord, listed[0]["id"], "telefoon", "2026-09-02")
    with pytest.raises(InvalidInput):
        invitations.set_answer(store, coord, listed[0]["id"], "ja")
    with pytest.raises(InvalidInput, match=matching("ceremonies.companions_invalid")):
        invitations.set_answer(store, coord, listed[0]["id"], "komt", companions=-1)
    counts = invitations.live_counts(store, cid)
    assert (counts["invited"], counts["confirmed"], counts["companions"]) == (2, 1, 2)
    trail = json.dumps(audit.entries(store), ensure_ascii=False)
    assert "invitation.answer" in trail and "ceremony.invitees_view" in trail
    for value in ("Zoë", "Ölçer", "Ahmed", "Aziz", "example.org", "+32470"):
        assert value not in trail


def test_do_not_contact_disappears_from_lists_and_queue(store, coord):
    ids = add_people(store, [{}, {}])
    cid = new_ceremony(store, coord)
    invitations.invite(store, coord, cid)
    inv = store.scalar("SELECT id FROM invitations WHERE person_id = ?", [ids[0]])
    invitations.mark_do_not_contact(store, coord, inv)
    assert [r["person_id"] for r in invitee_lists.invitees(store, coord, cid)] == [ids[1]]
    assert [r["person_id"] for r in queue.queue(store, coord, cid)] == [ids[1]]
    assert ids[0] not in target_group.eligible_ids(store, new_ceremony(store, coord))
    assert store.scalar("SELECT do_not_contact FROM people WHERE id = ?", [ids[0]]) == 1
