"""The staff app's answer key pair: answers on the public page are sealed to its public half.

An X25519 key pair (`sealing.new_key_pair`) with a random key id. The private half is
kept like the other keys: wrapped under the master key in `meta` (label naming the key
id), never on disk in the clear and never in the exchange file; the public half and the
key id are what the public answer server gets (`sync` publishes them).

A key rotation (`keys rotate`) makes a new pair (`rekey`, a `keys.RESEAL_HOOKS` step):
the new private half is wrapped under the new master key, and the old one is kept,
wrapped under the new master key too, as the *previous* key until every answer sealed to
it is taken in; `keys.AFTER_ROTATION` then runs `sync.after_rotation`, which publishes
the new public key, takes in what was sealed to the old one and forgets it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from ceremony import crypto
from ceremony.answers import sealing

_CURRENT, _PREVIOUS = "answer_key", "answer_key_previous"


@dataclass(frozen=True)
class KeyPair:
    key_id: str
    public: bytes
    private: bytes


def _label(key_id: str) -> str:
    return f"answer-key:{key_id}"


def _new() -> KeyPair:
    private, public = sealing.new_key_pair()
    return KeyPair(secrets.token_hex(8), public, private)


def _store(store, slot: str, ring: crypto.Keyring, pair: KeyPair | None) -> None:
    if pair is None:
        for key in (slot, slot + "_id", slot + "_public"):
            store.set_meta(key, None)
        return
    store.set_meta(slot + "_id", pair.key_id)
    store.set_meta(slot + "_public", pair.public)
    store.set_meta(slot, ring.wrap(pair.private, _label(pair.key_id)))


def _load(store, slot: str, ring: crypto.Keyring) -> KeyPair | None:
    key_id, wrapped = store.meta(slot + "_id"), store.meta(slot)
    if key_id is None or wrapped is None:
        return None
    return KeyPair(key_id, store.meta(slot + "_public"), ring.unwrap(wrapped, _label(key_id)))


def current(store) -> KeyPair:
    """The current key pair (made and stored the first time it is needed)."""
    pair = _load(store, _CURRENT, store.keys)
    if pair is None:
        with store.write():
            pair = _load(store, _CURRENT, store.keys)  # another process may have made it
            if pair is None:
                pair = _new()
                _store(store, _CURRENT, store.keys, pair)
    return pair


def previous(store) -> KeyPair | None:
    """The key pair a rotation replaced, while answers sealed to it may still come in."""
    return _load(store, _PREVIOUS, store.keys)


def private_keys(store) -> dict[str, bytes]:
    """{key id: private half} of the current and the previous pair."""
    found = {p.key_id: p.private for p in (previous(store), current(store)) if p is not None}
    return found


def forget_previous(store) -> None:
    """Remove the previous pair once nothing sealed to it is left."""
    with store.write():
        _store(store, _PREVIOUS, store.keys, None)


def rekey(store, old_ring: crypto.Keyring, new_ring: crypto.Keyring) -> None:
    """Key rotation step: a new pair under the new master key; the old pair kept as previous.

    Runs inside the rotation's transaction (no audit entry of its own: the rotation's
    covers it). An older previous pair that was never cleared goes: one rotation back is
    what the public server can still seal to.
    """
    with store.write():
        old = _load(store, _CURRENT, old_ring)
        _store(store, _PREVIOUS, new_ring, old)
        _store(store, _CURRENT, new_ring, _new())
