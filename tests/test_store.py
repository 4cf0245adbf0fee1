"""The controlled store: nothing personal on disk in plaintext, tampering detected."""

import os

import pytest

from ceremony import crypto, people
from ceremony.errors import CeremonyError, IntegrityError, MasterKeyError
from ceremony.store import Store, in_chunks
from ceremony.texts import t
from tests.ceremony_factory import make_person
from tests.conftest import assert_absent

CANARY = "Zqxcanaryvoornaam"
CANARY_LAST = "Wvkcanaryfamilienaam"


def test_canary_never_on_disk_and_reads_back(store, data_dir):
    pid = make_person(store, first_name=CANARY, last_name=CANARY_LAST, national_number="85073003328")
    store.db.execute("PRAGMA wal_checkpoint(PASSIVE)")  # also look at what sits in the WAL
    needles = [CANARY.encode(), CANARY_LAST.encode(), CANARY.encode("utf-16-le"), b"85073003328"]
    assert_absent(data_dir, needles)
    person = people.get_person(store, pid)
    assert person.first_name == CANARY
    assert person.last_name == CANARY_LAST
    assert person.national_number == "85073003328"
    # and through a fresh process-like open of the same store
    again = Store.open(data_dir)
    assert people.get_person(again, pid).full_name == f"{CANARY} {CANARY_LAST}"


def test_lookup_by_blind_index(store):
    pid = make_person(store, national_number="85073003328")
    assert people.find_by_national_number(store, "85073003328").id == pid
    assert people.find_by_national_number(store, "85073003427") is None
    stored = store.scalar("SELECT blind_index FROM people WHERE id = ?", [pid])
    assert "85073003328" not in stored


def test_each_delivery_has_its_own_wrapped_key(store):
    a = make_person(store, national_number="85073003328")
    b = make_person(store, national_number="85073003427")
    rows = store.rows("SELECT d.wrapped_key FROM deliveries d JOIN people p ON p.delivery_id = d.id")
    assert len({bytes(r["wrapped_key"]) for r in rows}) == 2
    assert people.get_person(store, a) and people.get_person(store, b)


def test_tampered_ciphertext_gives_clear_error(store):
    pid = make_person(store)
    record = bytearray(store.scalar("SELECT record FROM people WHERE id = ?", [pid]))
    record[20] ^= 0x01
    store.db.execute("UPDATE people SET record = ? WHERE id = ?", [bytes(record), pid])
    with pytest.raises(IntegrityError) as info:
        people.get_person(store, pid)
    assert "beschadigd" in str(info.value)


def test_ciphertext_swapped_between_rows_does_not_open(store):
    a = make_person(store, national_number="85073003328")
    b = make_person(store, national_number="85073003427")
    # move a's record into b's row, same delivery key: associated data must refuse it
    row_b = store.one("SELECT delivery_id FROM people WHERE id = ?", [b])
    store.db.execute("UPDATE people SET delivery_id = ? WHERE id = ?", [row_b["delivery_id"], a])
    rec_a = store.scalar("SELECT record FROM people WHERE id = ?", [a])
    store.db.execute("UPDATE people SET record = ? WHERE id = ?", [rec_a, b])
    with pytest.raises(IntegrityError):
        people.get_person(store, b)


def test_wrong_master_key_is_one_clear_sentence(store, data_dir, monkeypatch):
    make_person(store)
    monkeypatch.setenv("CEREMONY_MASTER_KEY", crypto.encode_key(crypto.new_key()))
    with pytest.raises(MasterKeyError) as info:
        Store.open(data_dir)
    assert str(info.value) == t("key.wrong")


def test_missing_key_file_is_one_clear_sentence(store, data_dir):
    (data_dir / "keys" / "master.key").unlink()
    with pytest.raises(MasterKeyError) as info:
        Store.open(data_dir)
    assert str(info.value) == t("key.missing")


def test_malformed_key(monkeypatch, data_dir):
    monkeypatch.setenv("CEREMONY_MASTER_KEY", "not-a-key")
    with pytest.raises(MasterKeyError):
        Store.open(data_dir, create=True)


def test_key_file_created_0600_and_overridable(tmp_path, monkeypatch):
    key_file = tmp_path / "elsewhere" / "master.key"
    monkeypatch.setenv("CEREMONY_KEY_FILE", str(key_file))
    Store.open(tmp_path / "d", create=True)
    assert key_file.exists()
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert not (tmp_path / "d" / "keys").exists()


def test_env_master_key_is_used(tmp_path, monkeypatch):
    key = crypto.new_key()
    monkeypatch.setenv("CEREMONY_MASTER_KEY", key.hex())
    s = Store.open(tmp_path / "d", create=True)
    pid = make_person(s)
    monkeypatch.setenv("CEREMONY_MASTER_KEY", crypto.encode_key(key))  # base64 form of the same key
    assert people.get_person(Store.open(tmp_path / "d"), pid).first_name == "Testvoornaam"
    assert not (tmp_path / "d" / "keys").exists()


def test_not_initialised(tmp_path):
    with pytest.raises(CeremonyError) as info:
        Store.open(tmp_path / "nothing")
    assert "init" in str(info.value)


def test_pragmas(store):
    assert store.scalar("PRAGMA journal_mode") == "wal"
    assert store.scalar("PRAGMA foreign_keys") == 1
    assert store.scalar("PRAGMA secure_delete") == 1
    assert store.scalar("PRAGMA busy_timeout") >= 5000


def test_write_transaction_rolls_back_everything(store):
    with pytest.raises(RuntimeError), store.write():
        make_person(store)
        raise RuntimeError("boom")
    assert store.scalar("SELECT count(*) FROM people") == 0
    assert store.scalar("SELECT count(*) FROM deliveries") == 0


def test_database_file_is_private(store, data_dir):
    assert oct(os.stat(data_dir / "ceremony.db").st_mode & 0o777) == "0o600"


def test_destroyed_key_leaves_the_memory_of_other_processes(store, data_dir):
    from ceremony import shredder
    from ceremony.errors import NotFound

    pid = make_person(store)
    delivery = store.scalar("SELECT delivery_id FROM people WHERE id = ?", [pid])
    assert people.get_person(store, pid)  # key cached in this process
    other = Store.open(data_dir)  # e.g. the purge from cron
    shredder.shred_people(other, [pid], reason="term")
    with pytest.raises(NotFound):
        store.data_key(delivery)
    assert not store.keys.has_data_key(delivery)


def test_in_chunks_gives_each_slice_with_its_placeholders(store):
    """A long id list is queried in slices under SQLite's variable limit, each with its `?`s."""
    ids = list(range(1, 2001))
    chunks = list(in_chunks(ids))
    assert [len(chunk) for chunk, _ in chunks] == [900, 900, 200]
    assert all(marks == ",".join("?" * len(chunk)) for chunk, marks in chunks)
    found = sum(store.scalar(f"SELECT count(*) FROM (SELECT 1 WHERE 1 IN ({marks}))", chunk) for chunk, marks in chunks)
    assert found == 1
