"""Sealing an answer to the staff app's public key, so that its writer cannot read it back.

`seal` makes a fresh X25519 key pair per answer, agrees a secret with the recipient's
public key, derives an AES-256 key from it with HKDF-SHA256 (salted with both public
keys) and seals with AES-256-GCM (`crypto.seal`), binding `context` as associated data.
Only the holder of the private half opens it (`open_sealed`); a changed byte, another
context or another key raises IntegrityError.

Format: version byte (1) || ephemeral public key (32) || nonce (12) || ciphertext+tag.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ceremony import crypto
from ceremony.errors import IntegrityError
from ceremony.texts import t

VERSION = b"\x01"
PUBLIC_BYTES = 32
INFO = b"ceremony answer seal v1"
_RAW = (serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def new_key_pair() -> tuple[bytes, bytes]:
    """A fresh X25519 key pair as (private_raw32, public_raw32)."""
    private = X25519PrivateKey.generate()
    private_raw = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return private_raw, private.public_key().public_bytes(*_RAW)


def _key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    """The AES key of one sealed answer: HKDF over the shared secret, salted with both public keys."""
    return HKDF(
        algorithm=hashes.SHA256(), length=crypto.KEY_BYTES, salt=ephemeral_public + recipient_public, info=INFO
    ).derive(shared)


def seal(public_raw: bytes, plaintext: bytes, context: bytes) -> bytes:
    """`plaintext` sealed to the X25519 public key `public_raw`, bound to `context`."""
    recipient = X25519PublicKey.from_public_bytes(public_raw)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(*_RAW)
    key = _key(ephemeral.exchange(recipient), ephemeral_public, public_raw)
    return VERSION + ephemeral_public + crypto.seal(key, plaintext, context)


def open_sealed(private_raw: bytes, sealed: bytes, context: bytes) -> bytes:
    """Open what `seal` made for the public half of `private_raw`; IntegrityError on any
    tampering, another context or another key."""
    if len(sealed) < 1 + PUBLIC_BYTES + crypto.NONCE_BYTES + 16 or sealed[:1] != VERSION:
        raise IntegrityError(t("store.tampered"))
    ephemeral_public = sealed[1 : 1 + PUBLIC_BYTES]
    try:
        private = X25519PrivateKey.from_private_bytes(private_raw)
        shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    except ValueError as exc:  # a low-order point gives an all-zero secret: refused
        raise IntegrityError(t("store.tampered")) from exc
    key = _key(shared, ephemeral_public, private.public_key().public_bytes(*_RAW))
    return crypto.open_sealed(key, sealed[1 + PUBLIC_BYTES :], context)
