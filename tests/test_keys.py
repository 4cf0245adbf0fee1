"""Master-key rotation: the old key opens nothing, every person still reads back."""

import os

import pytest

from ceremony import crypto, keys, people
from ceremony.errors import InvalidInput, MasterKeyError
from ceremony.store import Store
from tests.ceremony_factory import make_person
from tests.conftest import ADMIN, assert_absent
from tests.text_helpers import matching


def test_rotate_via_cli(cli, store, data_dir, monkeypatch):
    ids = [make_person(store, national_number=nn) for nn in ("85073003328", "85073003427", "90020212388")]
    old_key = crypto.decode_key((data_dir / "keys" / "master.key").read_text())
    old_wrapped = [bytes(r["wrapped_key"]) for r in store.rows("SELECT wrapped_key FROM deliveries")]
    store.close()

    result = cli("keys", "rotate")
    assert result.code == 0, result.err
    new_key = crypto.decode_key((data_dir / "keys" / "master.key").read_text())
    assert new_key != old_key
    assert not crypto.pending_key_path(data_dir / "keys" / "master.key").exists()

    reopened = Store.open(data_dir)
    assert [people.get_person(reopened, i).national_number for i in ids] == [
        "85073003328", "85073003427", "90020212388",
    ]
    assert people.find_by_national_number(reopened, "85073003427").id == ids[1]  # blind index survives
    reopened.close()

    monkeypatch.setenv("CEREMONY_MASTER_KEY", crypto.encode_key(old_key))
    with pytest.raises(MasterKeyError):
        Store.open(data_dir)
    assert_absent(data_dir, [w[:28] for w in old_wrapped])


def test_interrupted_rotation_is_finished_at_next_open(store, data_dir, monkeypatch):
    pid = make_person(store)
    key_file = data_dir / "keys" / "master.key"
    real_replace = os.replace

    def crash(src, dst):  # the process "dies" after the database committed the new wrapping
        raise SystemExit("killed")

    monkeypatch.setattr(keys.os, "replace", crash)
    with pytest.raises(SystemExit):
        keys.rotate(store, ADMIN)
    monkeypatch.setattr(keys.os, "replace", real_replace)
    assert crypto.pending_key_path(key_file).exists()

    again = Store.open(data_dir)
    assert people.get_person(again, pid).first_name == "Testvoornaam"
    assert not crypto.pending_key_path(key_file).exists()


def test_rotate_with_env_key_needs_new_key_file(tmp_path, monkeypatch):
    monkeypatch.setenv("CEREMONY_MASTER_KEY", crypto.encode_key(crypto.new_key()))
    s = Store.open(tmp_path / "d", create=True)
    pid = make_person(s)
    with pytest.raises(InvalidInput) as refused:
        keys.rotate(s, ADMIN)
    assert refused.value.code == "key.env_needs_file"
    out = tmp_path / "secure" / "new.key"
    keys.rotate(s, ADMIN, out)
    monkeypatch.setenv("CEREMONY_MASTER_KEY", out.read_text().strip())
    assert people.get_person(Store.open(tmp_path / "d"), pid).first_name == "Testvoornaam"


def test_running_app_follows_a_rotation_by_another_process(store, data_dir):
    """The app keeps running while `keys rotate` runs elsewhere: new deliveries stay readable."""
    before = make_person(store, national_number="85073003328")
    assert people.get_person(store, before)  # the app has its keys in memory
    other = Store.open(data_dir)  # stands for the CLI process
    keys.rotate(other, ADMIN)
    other.close()

    after = make_person(store, national_number="85073003427")  # a new delivery, wrapped by the app
    assert people.get_person(store, after).national_number == "85073003427"
    fresh = Store.open(data_dir)  # a restart with the new key file
    assert people.get_person(fresh, before).national_number == "85073003328"
    assert people.get_person(fresh, after).national_number == "85073003427"


def test_new_key_file_is_never_overwritten(tmp_path, monkeypatch):
    monkeypatch.setenv("CEREMONY_MASTER_KEY", crypto.encode_key(crypto.new_key()))
    s = Store.open(tmp_path / "d", create=True)
    existing = tmp_path / "taken.key"
    existing.write_text("iets anders")
    with pytest.raises(MasterKeyError, match=matching("key.file_exists")):
        keys.rotate(s, ADMIN, existing)
    assert existing.read_text() == "iets anders"
