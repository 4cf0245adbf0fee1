"""The staff side's sync with the exchange file: publish codes and public details, take answers
in (channel web, audited, deleted from the exchange), remove codes that died."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ceremony import admin, audit, ceremonies, invitations, keys, retention, rights
from ceremony.answers import codes, recipient, sealing, sync
from ceremony.answers.exchange import Exchange
from ceremony.clock import utc_iso
from ceremony.invitations import answers as invitation_answers
from ceremony.invitations import changes, invitee_lists
from tests.ceremony_factory import add_people, invite_directly, person_fields
from tests.conftest import ADMIN, add_user

BASE = "https://antwoord.gemeente.test"


@pytest.fixture
def coord(store):
    admin.set_setting(store, ADMIN, "answer_base_url", BASE)
    admin.set_setting(store, ADMIN, "municipality_phone", "09 210 10 10")
    return add_user(store, "carla", "coordinator")


def planned(store, coord, n=3, date="2027-01-20", capacity=None) -> tuple[int, list[int]]:
    """A ceremony with `n` synthetic invitees; (ceremony id, invitation ids in person order)."""
    cid = ceremonies.create_ceremony(store, coord, name="Welkom in Gent", date=date, time="14:00",
                                     location="Stadhuis", capacity=capacity)
    people = add_people(store, [{} for _ in range(n)], start=cid * 100)
    invite_directly(store, cid, people, channel="brief")
    by_person = invitee_lists.invitee_ids(store, cid)
    return cid, [by_person[p] for p in people]


def exchange(store) -> Exchange:
    return sync.open_exchange(store)


def post(store, invitation_id: int, coming=True, companions=0, **extra) -> str:
    """What the public server does with a form: seal to the published key and post."""
    hash_hex = codes.code_hash(codes.code_of(store, invitation_id))
    ex = exchange(store)
    key_id, public = ex.recipient()
    told = extra.pop("status", None)  # a test may seal another status than the page told
    payload = {"invitation_id": invitation_id, "coming": coming, "companions": companions, "wheelchair": False,
               "interpreter": None, "call_me": False, "at": utc_iso(), **extra}

    def sealed(status: str) -> bytes:
        body = json.dumps({**payload, "status": told or status}).encode()
        return sealing.seal(public, body, b"answer:" + hash_hex.encode())

    people = 1 + (companions if isinstance(companions, int) else 0)
    try:
        return ex.post_answer(hash_hex, sealed, key_id, coming is True, people if coming is True else 0)
    finally:
        ex.close()


def published(store) -> dict[str, int]:
    ex = exchange(store)
    try:
        return ex.code_invitations()
    finally:
        ex.close()


def test_sync_publishes_every_live_code_hash_and_the_ceremony_without_personal_data(store, coord, data_dir):
    cid, invs = planned(store, coord)
    result = sync.sync(store, "test")
    assert result.codes_published == 3 and result.ceremonies_published == 1
    assert published(store) == {codes.code_hash(codes.code_of(store, i)): i for i in invs}
    view = exchange(store).lookup(codes.code_hash(codes.code_of(store, invs[0])))
    assert view.public["name"] == "Welkom in Gent" and view.public["date"] == "20/01/2027"
    assert view.public["phone"] == "09 210 10 10" and view.ceremony_id == cid
    assert view.answer_by == "2027-01-13T23:00:00Z"  # 7 days before, the end of that day in Brussels
    again = sync.sync(store, "test")
    assert again.codes_published == 0 and again.ceremonies_published == 0  # nothing changed: nothing written


def test_without_base_url_and_exchange_nothing_is_made(store, data_dir):
    assert sync.sync(store, "test").as_dict() == sync.SyncResult().as_dict()
    assert not (data_dir / "exchange.sqlite").exists()


def test_an_answer_is_taken_in_with_channel_web_audited_and_deleted_from_the_exchange(store, coord):
    cid, invs = planned(store, coord)
    sync.sync(store, "test")
    assert post(store, invs[0], coming=True, companions=2, interpreter="ar", call_me=True) == "komt"
    result = sync.sync(store, "system:test")
    assert (result.taken_in, result.by_status) == (1, {"komt": 1})
    row = invitations.find(store, invs[0])
    assert (row["answer"], row["answer_channel"], row["companions"], row["interpreter"], row["call_me"]) == (
        "komt", "web", 2, "ar", 1)
    assert row["answered_at"]
    entries = [e for e in audit.entries(store) if e["action"] == "invitation.answer"]
    assert entries[-1]["actor"] == "system:test" and entries[-1]["target"] == f"invitation:{invs[0]}"
    assert exchange(store).take_answers() == []
    assert invitation_answers.answer_counts(store, cid)["by_channel"]["web"] == 1


def test_a_changed_answer_replaces_the_first(store, coord):
    _cid, invs = planned(store, coord)
    sync.sync(store, "test")
    post(store, invs[1], coming=True, companions=1)
    sync.sync(store, "test")
    post(store, invs[1], coming=False)
    assert sync.sync(store, "test").by_status == {"komt_niet": 1}
    row = invitations.find(store, invs[1])
    assert (row["answer"], row["companions"]) == ("komt_niet", 0)


def test_the_waiting_list_status_the_page_told_is_kept_and_places_are_published(store, coord):
    cid, invs = planned(store, coord, capacity=3)
    sync.sync(store, "test")
    assert post(store, invs[0], companions=2) == "komt"
    assert post(store, invs[1]) == "wachtlijst"  # the page said so: full
    sync.sync(store, "test")
    assert invitations.find(store, invs[1])["answer"] == "wachtlijst"
    assert exchange(store).lookup(codes.code_hash(codes.code_of(store, invs[2]))).places_left == 0


def _hash_of(store, invitation_id):
    return codes.code_hash(codes.code_of(store, invitation_id))


def test_codes_die_when_the_deadline_passes(store, coord):
    cid, invs = planned(store, coord, date="2026-12-12")  # 7 days before: already past on 2026-12-07
    sync.sync(store, "test")
    assert published(store) == {}
    changes.edit(store, coord, cid, answer_by="2026-12-10")
    assert sync.sync(store, "test").codes_published == 3
    changes.edit(store, coord, cid, answer_by="2026-12-06")
    assert sync.sync(store, "test").dead_codes_removed == 3
    assert published(store) == {}


def test_codes_die_when_the_ceremony_is_cancelled_or_over(store, coord):
    cid, invs = planned(store, coord)
    other, others = planned(store, coord, date="2027-02-01")
    sync.sync(store, "test")
    ceremonies.cancel_ceremony(store, coord, cid)
    assert sync.sync(store, "test").dead_codes_removed == 3
    assert set(published(store).values()) == set(others)
    with store.write() as db:  # the ceremony lies behind us (moved in the past by hand)
        db.execute("UPDATE ceremonies SET date = '2026-12-01', answer_by = NULL WHERE id = ?", [other])
    assert sync.sync(store, "test").dead_codes_removed == 3
    assert published(store) == {}
    assert exchange(store).lookup(_hash_of(store, others[0])) is None


def test_a_withdrawn_invitation_loses_its_code(store, coord):
    _cid, invs = planned(store, coord)
    sync.sync(store, "test")
    invitations.mark_do_not_contact(store, coord, invs[0])
    assert sync.sync(store, "test").dead_codes_removed == 1
    assert invs[0] not in published(store).values()


def test_erasure_takes_the_code_off_the_exchange_at_once(store, coord):
    _cid, invs = planned(store, coord)
    sync.sync(store, "test")
    gone = _hash_of(store, invs[0])
    person = invitations.find(store, invs[0])["person_id"]
    rights.erase(store, coord, person)  # no sync in between
    assert gone not in published(store)
    assert len(published(store)) == 2
    assert codes.invitation_of(store, gone) is None


def test_purge_takes_the_codes_off_the_exchange_at_once(store, coord):
    _cid, invs = planned(store, coord)
    sync.sync(store, "test")
    assert len(published(store)) == 3
    result = retention.run_purge(store, "system:schedule", "schedule", as_of=dt.date(2030, 1, 1))
    assert result.purged_people == 3
    assert published(store) == {}
    assert codes.count(store) == 0


def test_a_key_rotation_with_answers_pending_loses_none_and_forgets_the_old_key(store, coord):
    _cid, invs = planned(store, coord)
    sync.sync(store, "test")
    old = recipient.current(store)
    post(store, invs[0], companions=1)
    post(store, invs[1], coming=False)
    code_before = codes.code_of(store, invs[2])
    keys.rotate(store, ADMIN)
    assert invitations.find(store, invs[0])["answer"] == "komt"
    assert invitations.find(store, invs[1])["answer"] == "komt_niet"
    new = recipient.current(store)
    assert new.key_id != old.key_id and new.private != old.private
    assert recipient.previous(store) is None  # the old private key is gone
    assert store.meta("answer_key_previous") is None
    assert exchange(store).recipient() == (new.key_id, new.public)
    assert exchange(store).take_answers() == []
    assert codes.code_of(store, invs[2]) == code_before  # the letter's code keeps working
    post(store, invs[2])
    assert sync.sync(store, "test").taken_in == 1


def test_an_answer_sealed_to_a_forgotten_key_is_counted_not_recorded(store, coord):
    _cid, invs = planned(store, coord)
    sync.sync(store, "test")
    other_private, other_public = sealing.new_key_pair()
    ex = exchange(store)
    ex.set_recipient("vreemd", other_public)
    post(store, invs[0])
    result = sync.sync(store, "test")
    assert (result.taken_in, result.unreadable) == (0, 1)
    assert invitations.find(store, invs[0])["answer"] is None
    assert ex.recipient() == (recipient.current(store).key_id, recipient.current(store).public)


def test_exchange_file_holds_no_personal_data(store, coord, data_dir):
    _cid, invs = planned(store, coord)
    sync.sync(store, "test")
    post(store, invs[0], companions=1)
    sync.sync(store, "test")
    post(store, invs[1])
    raw = (data_dir / "exchange.sqlite").read_bytes()
    for index in range(len(invs)):
        fields = person_fields(index + _cid * 100)
        for key in ("first_name", "last_name", "email", "phone", "national_number", "street"):
            assert fields[key].encode() not in raw, key
    for inv in invs:
        assert codes.code_of(store, inv).encode() not in raw  # the code itself never leaves the store


def test_cli_answers_sync_json(cli, store, coord):
    planned(store, coord)
    result = cli("answers", "sync", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["codes_published"] == 3
    assert cli("answers", "sync").code == 0


def test_a_new_exchange_file_gets_everything_again_and_another_process_shares_what_was_published(store, coord, data_dir):
    _cid, invs = planned(store, coord)
    sync.sync(store, "test")
    for path in data_dir.glob("exchange.sqlite*"):
        path.unlink()
    result = sync.sync(store, "test")
    assert (result.ceremonies_published, result.codes_published) == (1, 3)
    assert exchange(store).lookup(_hash_of(store, invs[0])) is not None
    from ceremony.store import Store

    other = Store.open(data_dir)  # e.g. the timer's `answers sync` beside the app server
    try:
        assert sync.sync(other, "test").ceremonies_published == 0
    finally:
        other.close()


@pytest.mark.parametrize("bad", [{"coming": "ja"}, {"status": "komt_niet"}, {"interpreter": "xx"}, {"at": "gisteren"},
                                 {"companions": "veel"}])
def test_a_sealed_answer_that_is_no_valid_answer_is_counted_not_recorded_and_the_rest_goes_on(store, coord, bad):
    _cid, invs = planned(store, coord)
    sync.sync(store, "test")
    post(store, invs[0], **bad)
    post(store, invs[1], coming=False)
    result = sync.sync(store, "test")
    assert (result.taken_in, result.unreadable) == (1, 1)
    assert invitations.find(store, invs[0])["answer"] is None
    assert invitations.find(store, invs[1])["answer"] == "komt_niet"
    assert exchange(store).take_answers() == []


def test_places_left_on_the_page_stay_exact_across_syncs_and_changed_answers(store, coord):
    _cid, invs = planned(store, coord, capacity=5)
    sync.sync(store, "test")

    def left() -> int:
        return exchange(store).lookup(_hash_of(store, invs[2])).places_left

    post(store, invs[0], companions=1)
    assert left() == 3  # the exchange counts the waiting answer
    sync.sync(store, "test")
    assert left() == 3  # taken in: the published figure counts it, once
    sync.sync(store, "test")
    assert left() == 3
    post(store, invs[0], coming=False)
    assert left() == 5
    sync.sync(store, "test")
    assert left() == 5
    post(store, invs[1], companions=4)
    sync.sync(store, "test")
    assert left() == 0


def test_an_unusable_exchange_file_never_stops_an_erasure_or_a_page_and_the_next_sync_cleans_up(store, coord,
                                                                                                data_dir):
    _cid, invs = planned(store, coord)
    sync.sync(store, "test")
    gone = _hash_of(store, invs[0])
    path = sync.exchange_path(store)
    saved = path.read_bytes()
    for extra in data_dir.glob("exchange.sqlite-*"):
        extra.unlink()
    path.write_bytes(b"not a database at all" * 100)
    rights.erase(store, coord, invitations.find(store, invs[0])["person_id"])  # no error for the user
    assert invitations.find(store, invs[0]) is None
    assert sync.run_quietly(store, "test") is None  # logged, not raised
    path.write_bytes(saved)
    sync.sync(store, "test")
    assert gone not in published(store) and len(published(store)) == 2


def test_an_answer_staff_recorded_later_is_not_overwritten_by_an_older_web_answer(store, coord):
    """The person answered on the page at 10:00, then phoned at 11:00 and said no; the sync
    at 12:00 takes the page's answer in: the newer phone answer stays."""
    _cid, invs = planned(store, coord)
    sync.sync(store, "test")
    post(store, invs[0], coming=True, companions=2, at="2026-12-07T09:00:00Z")
    invitations.set_answer(store, coord, invs[0], "komt_niet", 0, channel="telefoon")
    sync.sync(store, "test")
    row = invitations.find(store, invs[0])
    assert (row["answer"], row["answer_channel"]) == ("komt_niet", "telefoon")
    assert exchange(store).take_answers() == []  # dealt with: not offered again


def test_two_syncs_that_take_the_same_answer_record_it_once(store, coord):
    """Two staff processes may take the same waiting answers (before either deleted them):
    the second finds the answer recorded already and records nothing."""
    _cid, invs = planned(store, coord)
    sync.sync(store, "test")
    post(store, invs[0], coming=True)
    ex = exchange(store)
    first, second = sync.SyncResult(), sync.SyncResult()
    sync._take_in(store, ex, "system:one", first)
    sync._take_in(store, ex, "system:two", second)  # the same answers, not yet deleted
    assert (first.taken_in, second.taken_in) == (1, 0)
    assert [e["actor"] for e in audit.entries(store) if e["action"] == "invitation.answer"] == ["system:one"]
