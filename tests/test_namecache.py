"""The in-memory name cache: fast pages, never a stale or shredded name, views still audited."""

import datetime as dt
import json

import pytest

from ceremony import (
    audit,
    ceremonies,
    checkin,
    invitations,
    keys,
    namecache,
    people,
    permissions,
    retention,
    rights,
)
from ceremony.clock import today
from ceremony.invitations import invitee_lists
from ceremony.store import Store
from tests.ceremony_factory import add_people, invite_directly, person_fields
from tests.conftest import ADMIN

COORD = permissions.User(0, "carla", "coordinator")
RECENT = (today() - dt.timedelta(days=60)).isoformat()


@pytest.fixture
def ceremony(store):
    """A ceremony with three invitees; returns (ceremony id, person ids)."""
    ids = add_people(
        store,
        [{"first_name": "Zoë", "last_name": "Çelik", "certificate_date": RECENT},
         {"first_name": "Jos", "last_name": "Peeters", "certificate_date": RECENT},
         {"first_name": "Mira", "last_name": "Janssens", "certificate_date": RECENT}],
    )
    cid = ceremonies.create_ceremony(store, COORD, name="Welkom", date=today() + dt.timedelta(days=30))
    invite_directly(store, cid, ids)
    return cid, ids


def shown_names(store, cid, query="") -> list[str]:
    return [f"{r['first_name']} {r['last_name']}" for r in invitee_lists.invitee_page(store, COORD, cid, query)]


def test_the_list_is_served_from_memory_and_holds_names_only(store, ceremony, monkeypatch):
    cid, ids = ceremony
    assert shown_names(store, cid) == ["Zoë Çelik", "Mira Janssens", "Jos Peeters"]  # by last name
    assert namecache.held(store) == {invitee_lists.invitees_scope(cid): 3}
    assert namecache.Name._fields == ("first_name", "last_name", "folded", "sort_key")

    opened = []
    real = namecache.people.open_names
    monkeypatch.setattr(namecache.people, "open_names", lambda s, pids: opened.append(list(pids)) or real(s, pids))
    assert [r["first_name"] for r in checkin.search(store, COORD, cid, "celik")] == ["Zoë"]
    assert shown_names(store, cid, "jans") == ["Mira Janssens"]
    assert opened == []  # nobody decrypted again


def test_a_rectified_name_shows_at_once(store, ceremony):
    cid, ids = ceremony
    assert "Jos Peeters" in shown_names(store, cid)
    rights.rectify(store, COORD, ids[1], {"last_name": "Pieters"})
    assert "Jos Pieters" in shown_names(store, cid) and "Jos Peeters" not in shown_names(store, cid)
    assert [r["last_name"] for r in checkin.search(store, COORD, cid, "pieters")] == ["Pieters"]
    assert not checkin.search(store, COORD, cid, "peeters")


def test_after_a_change_only_the_changed_record_is_opened_again(store, data_dir, ceremony, monkeypatch):
    cid, ids = ceremony
    shown_names(store, cid)
    opened = []
    real = namecache.people.open_names
    monkeypatch.setattr(namecache.people, "open_names", lambda s, pids: opened.append(sorted(pids)) or real(s, pids))
    rights.rectify(store, COORD, ids[1], {"last_name": "Pieters"})  # in this process
    assert shown_names(store, cid) == ["Zoë Çelik", "Mira Janssens", "Jos Pieters"]
    other = Store.open(data_dir)  # and in another one
    rights.mark_do_not_contact(other, COORD, ids[0])
    rights.rectify(other, COORD, ids[2], {"first_name": "Myra"})
    other.close()
    assert shown_names(store, cid) == ["Myra Janssens", "Jos Pieters"]
    assert opened == [[ids[1]], [ids[2]]]  # never the whole list again


def test_a_change_made_by_another_process_is_seen(store, data_dir, ceremony):
    cid, ids = ceremony
    assert "Mira Janssens" in shown_names(store, cid)
    other = Store.open(data_dir)  # another app process or the command line: its own connection
    rights.rectify(other, COORD, ids[2], {"first_name": "Myra"})
    other.close()
    assert "Myra Janssens" in shown_names(store, cid)


def test_erasure_drops_the_names_and_leaves_no_stale_person(store, ceremony):
    cid, ids = ceremony
    assert len(checkin.search(store, COORD, cid, "celik")) == 1
    rights.erase(store, COORD, ids[0])
    assert namecache.held(store) == {}  # dropped at once, not at the next read
    assert not checkin.search(store, COORD, cid, "celik")
    assert shown_names(store, cid) == ["Mira Janssens", "Jos Peeters"]


def test_a_purge_drops_the_names(store, ceremony):
    cid, ids = ceremony
    shown_names(store, cid)
    assert namecache.held(store)
    delivery = store.scalar("SELECT delivery_id FROM people WHERE id = ?", [ids[0]])
    retention.delete_delivery(store, ADMIN, delivery, str(delivery))
    assert namecache.held(store) == {}
    assert shown_names(store, cid) == []


def test_key_rotation_drops_the_names(store, ceremony):
    cid, _ids = ceremony
    shown_names(store, cid)
    keys.rotate(store, ADMIN)
    assert namecache.held(store) == {}
    assert shown_names(store, cid) == ["Zoë Çelik", "Mira Janssens", "Jos Peeters"]


def test_do_not_contact_leaves_the_list_with_the_cache_warm(store, ceremony):
    cid, ids = ceremony
    shown_names(store, cid)
    rights.mark_do_not_contact(store, COORD, ids[1])
    assert shown_names(store, cid) == ["Zoë Çelik", "Mira Janssens"]
    assert not checkin.search(store, COORD, cid, "peeters")


def test_names_unused_for_a_while_are_dropped(store, ceremony, monkeypatch):
    cid, _ids = ceremony
    shown_names(store, cid)
    monkeypatch.setattr(namecache, "IDLE_SECONDS", -1)
    namecache.lookup(store, "another", [])
    assert namecache.held(store) == {"another": 0}


def test_every_view_is_audited_as_before_cached_or_not(store, ceremony):
    cid, _ids = ceremony

    def entries(action):
        return [{**e, "details": json.loads(e["details"])} for e in audit.entries(store, action, exact=True)][::-1]

    checkin.search(store, COORD, cid, "celik")  # decrypts
    checkin.search(store, COORD, cid, "celik")  # from memory: still an access, still recorded
    checkin.search(store, COORD, cid, "mira")
    searches = entries("checkin.search")
    assert len(searches) == 3 and all(e["actor"] == "user:carla" for e in searches)

    invitee_lists.invitee_page(store, COORD, cid)
    invitee_lists.invitee_page(store, COORD, cid, limit=2)
    invitee_lists.invitee_page(store, COORD, cid, offset=2, limit=2)
    views = entries("ceremony.invitees_view")
    assert [e["details"] for e in views] == [{"count": 3}, {"count": 2}, {"count": 1}]
    # the memo of one page session skips only the same people shown again
    seen: set[str] = set()
    invitee_lists.invitee_page(store, COORD, cid, seen=seen)
    invitee_lists.invitee_page(store, COORD, cid, seen=seen)
    invitee_lists.invitee_page(store, COORD, cid, offset=2, limit=2, seen=seen)
    assert len(entries("ceremony.invitees_view")) == 5


def test_a_deletion_by_another_process_is_seen_even_when_the_id_is_reused(store, data_dir, ceremony, monkeypatch):
    cid, ids = ceremony
    assert "Mira Janssens" in shown_names(store, cid)
    with monkeypatch.context() as m:  # another process: this one's memory is not touched
        m.setattr(namecache, "drop_after_commit", lambda s: None)
        other = Store.open(data_dir)
        rights.erase(other, COORD, ids[2])
        newcomer = {"first_name": "Nieuwe", "last_name": "Persoon", "certificate_date": RECENT}
        (new_id,) = add_people(other, [newcomer], start=100)
        invite_directly(other, cid, [new_id])
        other.close()
    assert new_id == ids[2]  # SQLite gave the erased person's id to the new one
    assert namecache.held(store)  # still held here ...
    assert shown_names(store, cid) == ["Zoë Çelik", "Jos Peeters", "Nieuwe Persoon"]  # ... but not used


def test_the_counter_moves_once_per_batch_of_new_people_and_per_reseal(store, ceremony):
    _cid, ids = ceremony
    before = namecache.version(store)
    delivery = store.scalar("SELECT delivery_id FROM people WHERE id = ?", [ids[0]])
    people.insert_people(store, delivery, [(person_fields(200 + i), RECENT) for i in range(5)])
    after_insert = namecache.version(store)
    rights.rectify(store, COORD, ids[0], {"first_name": "Zoe"})
    assert before[0] == after_insert[0] and after_insert[1] == before[1] + 1
    assert namecache.version(store)[1] == after_insert[1] + 1


def test_names_read_inside_a_transaction_are_not_kept(store, ceremony):
    cid, ids = ceremony
    with store.write():
        assert "Zoë Çelik" in shown_names(store, cid)
    assert namecache.held(store) == {}


def test_the_invitee_ids_are_read_once_until_someone_is_invited_or_leaves(store, data_dir, ceremony):
    cid, ids = ceremony
    first = invitee_lists.invitee_ids(store, cid)
    assert set(first) == set(ids)
    assert invitee_lists.invitee_ids(store, cid) is first  # nothing changed: not read again
    other = Store.open(data_dir)  # another app process or the command line
    (walk_in,) = add_people(other, [{"first_name": "Ali", "last_name": "Nieuw", "certificate_date": RECENT}], start=50)
    checkin.walk_in(other, COORD, cid, walk_in)
    assert set(invitee_lists.invitee_ids(store, cid)) == {*ids, walk_in}
    rights.mark_do_not_contact(other, COORD, ids[0])
    assert set(invitee_lists.invitee_ids(store, cid)) == {ids[1], ids[2], walk_in}
    rights.erase(other, COORD, ids[1])
    other.close()
    assert set(invitee_lists.invitee_ids(store, cid)) == {ids[2], walk_in}
    assert [r["first_name"] for r in checkin.search(store, COORD, cid, "nieuw")] == ["Ali"]


def test_invitee_ids_read_inside_a_transaction_that_rolls_back_are_not_kept(store, ceremony):
    cid, ids = ceremony
    rolled_back, invited = add_people(store, [{"certificate_date": RECENT}, {"certificate_date": RECENT}], start=60)
    with pytest.raises(RuntimeError), store.write():
        invite_directly(store, cid, [rolled_back])
        assert rolled_back in invitee_lists.invitee_ids(store, cid)
        raise RuntimeError
    invite_directly(store, cid, [invited])  # the counter now stands where the rolled-back one did
    assert set(invitee_lists.invitee_ids(store, cid)) == {*ids, invited}


def test_a_namesake_made_by_another_process_is_told_apart_at_the_desk(store, data_dir, ceremony):
    cid, ids = ceremony
    jos = invitee_lists.invitee_ids(store, cid)[ids[1]]
    assert checkin.guest(store, COORD, cid, jos)["detail"] == ""  # the only Jos Peeters
    other = Store.open(data_dir)
    rights.rectify(other, COORD, ids[2], {"first_name": "Jos", "last_name": "Peeters"})
    other.close()
    assert checkin.guest(store, COORD, cid, jos)["detail"]  # street and year of birth now
    assert namecache.name_counts(store, invitee_lists.invitees_scope(cid), invitee_lists.invitee_ids(store, cid)) == {
        ("peeters", "jos"): 2, ("celik", "zoe"): 1,  # (last name, first name), folded
    }


def test_the_invitations_counter_moves_once_per_batch_not_per_row(store, ceremony):
    """Inviting or shredding many people moves it once (a row trigger made a purge of
    50,000 people 40% slower); a batch that changes nothing leaves the ids where they are."""
    cid, ids = ceremony

    def moved() -> int:
        return dict((name, n) for name, _token, n in people.rows.change_counts(store))["invitations"]

    before = moved()
    more = add_people(store, [{"certificate_date": RECENT} for _ in range(5)], start=70)
    assert invitations.invite(store, COORD, cid) == 5
    assert moved() == before + 1
    rights.erase(store, COORD, more[0])
    assert moved() == before + 2
    assert set(invitee_lists.invitee_ids(store, cid)) == {*ids, *more[1:]}


def test_invitee_ids_unused_for_a_while_are_dropped(store, ceremony, monkeypatch):
    cid, _ids = ceremony
    invitee_lists.invitee_ids(store, cid)
    assert (str(store.paths.db), cid) in invitee_lists._invitees_held
    monkeypatch.setattr(namecache, "IDLE_SECONDS", -1)
    other = ceremonies.create_ceremony(store, COORD, name="Later", date=today() + dt.timedelta(days=60))
    invitee_lists.invitee_ids(store, other)  # any call sweeps what was not used for a while
    assert (str(store.paths.db), cid) not in invitee_lists._invitees_held
