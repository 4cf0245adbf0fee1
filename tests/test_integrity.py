"""Truncation, rollback and restore: the anchor and the shred ledger outside the database."""

import json
import shutil
import sqlite3
import stat

from ceremony import audit, permissions, retention, rights
from ceremony.store import Store
from ceremony.texts import t
from tests.ceremony_factory import make_person
from tests.text_helpers import leading

COORD = permissions.User(0, "testcoord", "coordinator")
NUMBERS = ("85073003328", "85073003427", "90020212388")


def _fill(store, n=5):
    for i in range(n):
        audit.record(store, "test", "demo.action", f"thing:{i}", count=i)


def _restore(copy, data_dir):
    """What an operator does: app stopped, old copy in place, no WAL of the newer state beside it."""
    for suffix in ("-wal", "-shm"):
        (data_dir / f"ceremony.db{suffix}").unlink(missing_ok=True)
    shutil.copyfile(copy, data_dir / "ceremony.db")


def test_tail_deleted_and_head_rewritten_with_sql_fails_verify(cli, store, data_dir, capsys):
    _fill(store)
    last = store.scalar("SELECT max(id) FROM audit")
    keep = last - 2
    kept_mac = store.scalar("SELECT mac FROM audit WHERE id = ?", [keep])
    store.db.execute("DELETE FROM audit WHERE id > ?", [keep])
    store.db.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", [json.dumps([keep, kept_mac])])
    assert not audit.verify(store).ok
    code, _out, err = cli("audit", "verify")
    assert code == 1
    assert any(text in err for text in (leading("audit.rolled_back"), t("audit.why.tail"), t("audit.why.head")))


def test_tail_deleted_with_head_copied_from_an_older_state_fails_verify(cli, store, data_dir, capsys):
    _fill(store, 3)
    old_head = store.meta("audit_head")
    _fill(store, 3)
    head_id = json.loads(old_head)[0]
    store.db.execute("DELETE FROM audit WHERE id > ?", [head_id])
    store.db.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", [old_head])
    assert audit.verify(store).ok is False  # the anchor outside the database is ahead
    code, _out, err = cli("audit", "verify")
    assert code == 1 and leading("audit.rolled_back") in err


def test_whole_database_restore_from_an_older_copy_fails_verify(cli, store, data_dir, tmp_path, capsys):
    _fill(store)
    copy = tmp_path / "old.db"
    assert cli("backup", "--out", str(copy))[0] == 0
    _fill(store)
    store.close()
    _restore(copy, data_dir)
    code, _out, err = cli("audit", "verify")
    assert code == 1
    assert leading("audit.rolled_back") in err


def test_anchor_file_is_private_and_follows_every_append(store, data_dir):
    _fill(store, 2)
    anchor = store.paths.anchor_file
    assert stat.S_IMODE(anchor.stat().st_mode) == 0o600
    assert json.loads(anchor.read_text())["seq"] == store.scalar("SELECT max(id) FROM audit")
    _fill(store, 1)
    assert json.loads(anchor.read_text())["seq"] == store.scalar("SELECT max(id) FROM audit")


def test_backup_is_a_consistent_private_copy_without_the_key(cli, store, data_dir, tmp_path, capsys):
    pid = make_person(store)
    out = tmp_path / "backup.db"
    code, _o, err = cli("backup", "--out", str(out))
    assert code == 0, err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    key_text = store.paths.key_file.read_text().strip().encode()
    assert key_text not in out.read_bytes()
    with sqlite3.connect(out) as conn:
        assert conn.execute("SELECT id FROM people").fetchall() == [(pid,)]
    assert cli("backup", "--out", str(out))[0] == 2  # never overwritten


def test_restore_of_an_older_copy_re_applies_erasures_and_purges(cli, store, data_dir, tmp_path, capsys):
    ids = [make_person(store, national_number=nn) for nn in NUMBERS]
    expired = make_person(store, national_number="85073003724")
    store.db.execute(
        "UPDATE deliveries SET received_at = '2020-01-01T10:00:00Z' WHERE id = "
        "(SELECT delivery_id FROM people WHERE id = ?)", [expired],
    )
    copy = tmp_path / "old.db"
    assert cli("backup", "--out", str(copy))[0] == 0
    rights.erase(store, COORD, ids[0])
    rights.object_and_erase(store, COORD, ids[1])
    assert retention.run_purge(store, "test", "schedule").purged_people == 1  # the expired one
    store.close()

    _restore(copy, data_dir)  # the operator restores last week's copy
    code, out, err = cli("status", "--json")
    assert code == 0, err
    assert json.loads(out)["people"] == 1

    again = Store.open(data_dir)
    assert [r["id"] for r in again.rows("SELECT id FROM people")] == [ids[2]]
    assert again.scalar("SELECT count(*) FROM objections") == 1
    said = audit.entries(again, action="integrity.restore")
    assert said and json.loads(said[0]["details"])["people"] == 3
    assert audit.verify(again).ok  # the restore is now on record; the trail goes on
    again.close()


def test_start_up_tasks_re_apply_the_ledger(store, data_dir, tmp_path):
    from ceremony import startup

    ids = [make_person(store, national_number=nn) for nn in NUMBERS[:2]]
    copy = tmp_path / "old.db"
    with sqlite3.connect(copy) as dst:
        store.db.conn.backup(dst)
    rights.erase(store, COORD, ids[0])
    store.close()
    _restore(copy, data_dir)
    app = startup.open_installation(data_dir)
    assert [r["id"] for r in app.rows("SELECT id FROM people")] == [ids[1]]


def test_no_system_log_is_no_error(store, monkeypatch):
    import syslog

    def gone(*_args):
        raise OSError("no /dev/log")

    monkeypatch.setattr(syslog, "syslog", gone)
    pid = make_person(store)
    rights.erase(store, COORD, pid)  # the erasure and its ledger line still land
    assert store.scalar("SELECT count(*) FROM people") == 0
    assert store.paths.ledger_file.read_text().count("\n") == 1


def test_ledger_holds_no_personal_data_nor_blind_index(store):
    pid = make_person(store, national_number="85073003328", first_name="Zoë", email="zoe@example.org")
    blind = store.scalar("SELECT blind_index FROM people WHERE id = ?", [pid])
    rights.erase(store, COORD, pid)
    text = store.paths.ledger_file.read_text()
    for needle in ("85073003328", "Zoë", "zoe@example.org", blind):
        assert needle not in text
