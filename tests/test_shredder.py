"""Shredding: everything linked to a person goes at once; nothing recoverable remains."""

import secrets

from ceremony import people, shredder
from ceremony.clock import utc_iso
from tests.conftest import assert_absent, make_person


def _invite_with_note(store, pid, ceremony_id, note="Belt liever na 17u"):
    with store.write() as db:
        inv = db.execute(
            "INSERT INTO invitations(ceremony_id, person_id, invited_at, reached, answer, present, created_at) "
            "VALUES (?,?,?,?,?,?,?)",
            [ceremony_id, pid, utc_iso(), 1, "komt", 1, utc_iso()],
        ).lastrowid
        delivery_id = store.scalar("SELECT delivery_id FROM people WHERE id = ?", [pid])
        uid = secrets.token_hex(16)
        db.execute(
            "INSERT INTO call_attempts(uid, invitation_id, person_id, caller, at, outcome, note) VALUES (?,?,?,?,?,?,?)",
            [uid, inv, pid, "bert", utc_iso(), "bereikt_komt", people.seal_note(store, delivery_id, uid, note)],
        )
    return inv


def _ceremony(store):
    with store.write() as db:
        return db.execute(
            "INSERT INTO ceremonies(name, date, created_at, created_by) VALUES ('Ceremonie', '2026-12-12', ?, 'test')",
            [utc_iso()],
        ).lastrowid


def test_shredded_bytes_are_gone_from_every_file(store, data_dir):
    cid = _ceremony(store)
    keep = make_person(store, national_number="85073003427", first_name="Blijft")
    gone = make_person(store, national_number="85073003328", first_name="Qzvgaatweg")
    _invite_with_note(store, gone, cid)
    _invite_with_note(store, keep, cid)
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
