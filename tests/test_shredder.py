"""Shredding: everything linked to a person goes at once; nothing recoverable remains."""


import pytest

from ceremony import ledger, people, shredder
from ceremony.mailing import reminders, sending
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


def _linked_rows(store, pid: int) -> dict[str, int]:
    """How many rows about one person each table holds."""
    return {
        "people": store.scalar("SELECT count(*) FROM people WHERE id = ?", [pid]),
        "invitations": store.scalar("SELECT count(*) FROM invitations WHERE person_id = ?", [pid]),
        "call_attempts": store.scalar("SELECT count(*) FROM call_attempts WHERE person_id = ?", [pid]),
        "ceremony_counts": store.scalar("SELECT count(*) FROM ceremony_counts"),
        "keys": store.scalar("SELECT count(*) FROM deliveries WHERE wrapped_key IS NOT NULL"),
    }


def test_an_owners_deletion_step_runs_inside_the_shred(store, monkeypatch):
    """A step registered by a table's owner runs in the shredder's transaction, on the ids
    of the slice with their placeholders, while the person row is still there."""
    cid = ceremony_row(store)
    pid = make_person(store)
    invite_with_call(store, pid, cid)
    seen = []

    def step(store, chunk, marks):
        seen.append((store.db.conn.in_transaction, list(chunk), marks,
                     store.scalar(f"SELECT count(*) FROM people WHERE id IN ({marks})", chunk)))

    monkeypatch.setattr(shredder, "DELETION_STEPS", [*shredder.DELETION_STEPS, step])
    assert shredder.shred_people(store, [pid], reason="erasure").people == 1
    assert seen == [(True, [pid], "?", 1)]


def test_a_failing_deletion_step_rolls_back_the_whole_shred(store, monkeypatch):
    """One owner's step failing leaves everything as it was: nobody deleted, no turnout
    folded, no key destroyed, no line in the shred ledger."""
    cid = ceremony_row(store)
    pid = make_person(store)
    invite_with_call(store, pid, cid)
    before, ledger_before = _linked_rows(store, pid), ledger.read_ledger(store)

    def failing_step(store, chunk, marks):
        raise RuntimeError("step failed")

    monkeypatch.setattr(shredder, "DELETION_STEPS", [*shredder.DELETION_STEPS, failing_step])
    with pytest.raises(RuntimeError):
        shredder.shred_people(store, [pid], reason="erasure")
    assert _linked_rows(store, pid) == before == {
        "people": 1, "invitations": 1, "call_attempts": 1, "ceremony_counts": 0, "keys": 1,
    }
    assert ledger.read_ledger(store) == ledger_before
    assert people.get_person(store, pid).id == pid  # the key still opens the record


def test_the_mail_and_reminder_logs_go_with_the_invitation(store):
    """The send logs have no step of their own: their rows go with the invitation."""
    cid = ceremony_row(store)
    pid = make_person(store)
    inv = invite_with_call(store, pid, cid, channel="email")
    sending._log(store, inv, "sent")
    reminders._log(store, inv, "sent", ceremony_date="2026-12-12")
    shredder.shred_people(store, [pid], reason="erasure")
    assert store.scalar("SELECT count(*) FROM mail_log") == 0
    assert store.scalar("SELECT count(*) FROM reminder_log") == 0
