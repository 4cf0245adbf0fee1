"""The master key: strict parsing and a private key directory."""

import os

import pytest

from ceremony import crypto
from ceremony.errors import MasterKeyError
from ceremony.store import Store
from tests.text_helpers import matching

GOOD = bytes(range(1, 33))


@pytest.mark.parametrize(
    "text",
    [
        crypto.encode_key(GOOD) + "!!",  # junk the lenient decoder ignored
        crypto.encode_key(GOOD)[:20] + " " + crypto.encode_key(GOOD)[20:],
        GOOD.hex()[:-2],  # 31 bytes
        "",
        "   ",
    ],
)
def test_malformed_keys_are_refused(text):
    with pytest.raises(MasterKeyError):
        crypto.decode_key(text)


@pytest.mark.parametrize("key", [b"\0" * 32, b"\x41" * 32])
def test_all_zero_and_repeated_byte_keys_are_refused(key):
    for text in (crypto.encode_key(key), key.hex()):
        with pytest.raises(MasterKeyError) as refused:
            crypto.decode_key(text)
        assert refused.value.code == "key.weak"


def test_good_keys_in_every_accepted_form():
    import base64

    for text in (crypto.encode_key(GOOD), base64.b64encode(GOOD).decode(), GOOD.hex(), GOOD.hex().upper(),
                 crypto.encode_key(GOOD) + "\n"):
        assert crypto.decode_key(text) == GOOD


def test_empty_environment_variable_is_an_error_not_a_fallback(store, data_dir, monkeypatch):
    store.close()
    monkeypatch.setenv("CEREMONY_MASTER_KEY", "")
    with pytest.raises(MasterKeyError, match="CEREMONY_MASTER_KEY"):
        Store.open(data_dir)


def test_world_accessible_key_directory_is_refused(store, data_dir):
    store.close()
    os.chmod(data_dir / "keys", 0o777)  # noqa: S103 - the attack under test
    with pytest.raises(MasterKeyError, match=matching("key.dir_unsafe")):
        Store.open(data_dir)
    os.chmod(data_dir / "keys", 0o700)
    Store.open(data_dir).close()


def test_group_readable_key_file_is_refused(store, data_dir):
    store.close()
    os.chmod(data_dir / "keys" / "master.key", 0o640)
    with pytest.raises(MasterKeyError, match=matching("key.file_unsafe_strict")):
        Store.open(data_dir)


@pytest.mark.skipif(os.geteuid() != 0, reason="changing the owner needs root")
def test_key_file_owned_by_another_user_is_refused(store, data_dir):
    store.close()
    os.chown(data_dir / "keys" / "master.key", 12345, 12345)
    with pytest.raises(MasterKeyError) as refused:
        Store.open(data_dir)
    assert refused.value.code == "key.not_owner"
