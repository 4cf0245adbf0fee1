"""Shredding: everything linked to a person goes at once; nothing recoverable remains."""


from ceremony import people, shredder
from tests.ceremony_factory import ceremony_row, invite_with_call, make_person
from tests.conftest import assert_absent


def test_shredded_bytes_are_gone_from_every_file(store, data_dir):
    cid = ceremony_row(store)
    keep = make_person(store, national_number="85073003427", first_name="Blijft")
    gone = make_person(store, national_number="85073003328", first_name="Qzvgaatweg")
    invite_with_call(store, gone, cid)
    invite_with_call(store, keep, cid)
    delivery = store.scalar("SELECT delivery_id FROM people WHERE id = ?", [gone])
    secrets_of_gone = [
        bytes(store.scalar("SELECT record FROM people WHERE id = ?", [gone])),
        bytes(store.scalar("SELECT note FROM call_attempts WHERE person_id = ?", [gone])),
        bytes(store.scalar("SELECT wrapped_key FROM deliveries WHERE id = ?", [delivery])),
        store.scalar("SELECT blind_index FROM people WHERE id = ?", [gone]).encode(),
    ]

    result = shredder.shred_people(store, [gone], reason="erasure")
    shredder.compact(store)

    assert result.people == 1 and result.deliveries == [delivery]
    assert store.scalar("SELECT count(*) FROM invitations WHERE person_id = ?", [gone]) == 0
    assert store.scalar("SELECT count(*) FROM call_attempts WHERE person_id = ?", [gone]) == 0
    assert_absent(data_dir, [s[:24] for s in secrets_of_gone])
    # the other person is untouched and still readable
    assert people.get_person(store, keep).first_name == "Blijft"
    # anonymous counts survive
    counts = store.one("SELECT * FROM ceremony_counts WHERE ceremony_id = ?", [cid])
    assert (counts["invited"], counts["reached"], counts["confirmed"], counts["attended"], counts["calls"]) == (
        1, 1, 1, 1, 1,
    )
    row = store.one("SELECT status, purge_reason, people_purged, wrapped_key FROM deliveries WHERE id = ?", [delivery])
    assert row == {"status": "purged", "purge_reason": "erasure", "people_purged": 1, "wrapped_key": None}


def test_shred_is_idempotent_and_atomic(store):
    pid = make_person(store)
    shredder.shred_people(store, [pid], reason="term")
    again = shredder.shred_people(store, [pid], reason="term")
    assert again.people == 0 and again.deliveries == []


def test_pending_compaction_is_finished_at_next_start(store):
    pid = make_person(store)
    shredder.shred_people(store, [pid], reason="term")  # crash here: no compaction yet
    assert store.meta(shredder.COMPACT_FLAG)
    assert shredder.finish_pending_compaction(store) is True
    assert not store.meta(shredder.COMPACT_FLAG)
    assert shredder.finish_pending_compaction(store) is False
