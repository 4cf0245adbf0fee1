"""`keys rotate` rotates: new data keys, root secret, blind indexes and audit key."""

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from ceremony import audit, crypto, keys, national_number, people, permissions, restore, rights
from ceremony.errors import IntegrityError, MasterKeyError, NotFound
from ceremony.store import PAST_ROOTS, Store
from ceremony.texts import t
from tests.ceremony_factory import ceremony_row, invite_with_call, make_person
from tests.conftest import ADMIN, ROOT

COORD = permissions.User(0, "testcoord", "coordinator")


def _old_copy(store, tmp_path):
    copy = tmp_path / "old.db"
    with sqlite3.connect(copy) as dst:
        store.db.conn.backup(dst)
    return sqlite3.connect(copy)


def _old_ring(old_db, old_master) -> crypto.Keyring:
    wrapped = old_db.execute("SELECT value FROM meta WHERE key = 'root_secret'").fetchone()[0]
    return crypto.Keyring(old_master, crypto.Keyring(old_master, b"\1" * 32).unwrap(wrapped, crypto.ROOT_LABEL))


def test_old_key_and_old_copy_neither_decrypt_nor_forge(store, data_dir, tmp_path):
    pid = make_person(store, national_number="85073003328")
    old_master = store.keys.master_key
    old_db = _old_copy(store, tmp_path)
    keys.rotate(store, ADMIN)

    row = store.one("SELECT * FROM people WHERE id = ?", [pid])
    delivery = store.one("SELECT id, wrapped_key FROM deliveries WHERE id = ?", [row["delivery_id"]])
    attacker = crypto.Keyring(old_master, b"\1" * 32)
    with pytest.raises(MasterKeyError):  # nothing in the current database opens with the old key
        attacker.unwrap(store.meta("root_secret"), crypto.ROOT_LABEL)
    with pytest.raises(MasterKeyError):
        attacker.unwrap(delivery["wrapped_key"], crypto.delivery_label(delivery["id"]))
    for epoch, wrapped in enumerate(json.loads(store.meta(PAST_ROOTS))):
        import base64

        with pytest.raises(MasterKeyError):
            attacker.unwrap(base64.b64decode(wrapped), crypto.past_root_label(epoch))

    # the old copy's data key does not open the current record
    old_ring = _old_ring(old_db, old_master)
    old_wrapped = old_db.execute("SELECT wrapped_key FROM deliveries WHERE id = ?", [delivery["id"]]).fetchone()[0]
    old_data_key = old_ring.unwrap(old_wrapped, crypto.delivery_label(delivery["id"]))
    with pytest.raises(IntegrityError):
        people.open_fields(store, row, old_data_key)
    # the old blind-index key does not find the person any more
    assert national_number.blind_index(old_ring, "85073003328") != row["blind_index"]

    # an entry MACed with the old audit key does not verify
    head_id, head_mac, _tag = json.loads(store.meta("audit_head"))
    body = json.dumps({}, sort_keys=True)
    forged = crypto.mac(
        old_ring.audit_key, head_mac.encode() + audit._canonical(head_id + 1, "2026-01-01T00:00:00Z", "user:x", "x", "", body)
    )
    store.db.execute(
        "INSERT INTO audit(id, at, actor, action, target, details, mac) VALUES (?,?,?,?,?,?,?)",
        [head_id + 1, "2026-01-01T00:00:00Z", "user:x", "x", "", body, forged],
    )
    store.db.execute(
        "UPDATE meta SET value = ? WHERE key = 'audit_head'",
        [json.dumps([head_id + 1, forged, audit._head_tag(old_ring.audit_key, head_id + 1, forged)])],
    )
    result = audit.verify(store)
    assert not result.ok and result.broken_at == head_id + 1


def test_old_epoch_chain_cannot_be_continued_after_cutting_the_hand_over(store, tmp_path):
    make_person(store)
    audit.record(store, "test", "demo.action")
    old_master = store.keys.master_key
    old_ring = _old_ring(_old_copy(store, tmp_path), old_master)
    before = json.loads(store.meta("audit_head"))
    keys.rotate(store, ADMIN)
    store.db.execute("DELETE FROM audit WHERE id > ?", [before[0]])  # cut the hand-over and all after it
    store.db.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", [json.dumps(before)])
    with store.write():  # and continue the chain with the old key
        audit._append(store, old_ring.audit_key, "user:x", "x", "", {})
    assert not audit.verify(store).ok


def test_whole_trail_verifies_across_two_rotations_and_everything_reads_back(store, data_dir):
    cid = ceremony_row(store)
    pid = make_person(store, national_number="85073003328")
    invite_with_call(store, pid, cid, note="Belt terug na vijf uur")
    gone = make_person(store, national_number="85073003427")
    rights.object_and_erase(store, COORD, gone)
    for _ in range(2):
        result = keys.rotate(store, ADMIN)
    assert result["epoch"] == 2 and result["people"] == 1 and result["notes"] == 1 and result["objections"] == 1
    assert audit.verify(store).ok
    assert [e["action"] for e in audit.entries(store, action="keys.")][:2] == ["keys.rotate", "keys.handover"]

    fresh = Store.open(data_dir)
    assert fresh.keys.epoch == 2
    assert people.get_person(fresh, pid).first_name == "Testvoornaam"
    assert people.find_by_national_number(fresh, "85073003328").id == pid
    note = fresh.one("SELECT c.uid, c.note, p.delivery_id FROM call_attempts c JOIN people p ON p.id = c.person_id")
    assert people.open_note(fresh, note["delivery_id"], note["uid"], note["note"]) == "Belt terug na vijf uur"
    rights.withdraw_objection(fresh, COORD, "85073003427")  # the tombstone still matches
    with pytest.raises(NotFound):
        rights.withdraw_objection(fresh, COORD, "85073003427")
    assert audit.verify(fresh).ok


def test_reseal_hooks_run_inside_the_rotation(store):
    make_person(store)
    seen = []

    def hook(s, old_ring, new_ring):
        seen.append((old_ring.epoch, new_ring.epoch, s.db.conn.in_transaction))

    keys.RESEAL_HOOKS.append(hook)
    try:
        keys.rotate(store, ADMIN)
    finally:
        keys.RESEAL_HOOKS.remove(hook)
    assert seen == [(0, 1, True)]


def test_a_failing_hook_leaves_the_old_state(store, data_dir):
    pid = make_person(store)
    before = store.scalar("SELECT record FROM people WHERE id = ?", [pid])

    def broken(s, old_ring, new_ring):
        raise RuntimeError("boom")

    keys.RESEAL_HOOKS.append(broken)
    try:
        with pytest.raises(RuntimeError):
            keys.rotate(store, ADMIN)
    finally:
        keys.RESEAL_HOOKS.remove(broken)
    assert store.scalar("SELECT record FROM people WHERE id = ?", [pid]) == before
    assert people.get_person(Store.open(data_dir), pid).first_name == "Testvoornaam"
    assert audit.verify(store).ok


def test_process_killed_inside_the_rotation_leaves_the_old_state_usable(store, data_dir):
    pid = make_person(store)
    store.close()
    env = {**os.environ, keys.CRASH_ENV: "rotation"}
    proc = subprocess.run(
        [sys.executable, "-m", "ceremony", "--data-dir", str(data_dir), "keys", "rotate"],
        capture_output=True, text=True, cwd=ROOT, timeout=60, env=env,
    )
    assert proc.returncode == 9
    again = Store.open(data_dir)
    assert people.get_person(again, pid).first_name == "Testvoornaam"
    assert audit.verify(again).ok
    assert keys.rotate(again, ADMIN)["people"] == 1  # and a new attempt succeeds


def test_cli_says_what_is_true_about_old_backups(cli, store):
    make_person(store)
    store.close()
    code, out, _err = cli("keys", "rotate")
    assert code == 0
    assert "oude back-ups van de sleutel openen niets meer" not in out
    assert t("cli.keys.backup_after_rotation") in out


def test_restore_of_a_post_rotation_copy_still_re_applies_the_ledger(store, data_dir, tmp_path):
    ids = [make_person(store, national_number=nn) for nn in ("85073003328", "85073003427")]
    keys.rotate(store, ADMIN)
    copy = tmp_path / "after-rotation.db"
    with sqlite3.connect(copy) as dst:
        store.db.conn.backup(dst)
    rights.erase(store, COORD, ids[0])
    store.close()
    for suffix in ("-wal", "-shm"):
        (data_dir / f"ceremony.db{suffix}").unlink(missing_ok=True)
    copy.replace(data_dir / "ceremony.db")
    restored = Store.open(data_dir)
    assert restore.reconcile(restored)["people"] == 1
    assert [r["id"] for r in restored.rows("SELECT id FROM people")] == [ids[1]]
