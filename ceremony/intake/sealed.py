"""The app's sealed format: one CSV or XLSX file under a passphrase (see docs/sealed-format.md).

Layout: a 47-byte header (magic, version, scrypt parameters, salt, key check, nonce)
followed by AES-256-GCM ciphertext of the inner file with the whole header as associated
data, so a changed version or parameter byte makes the file refuse to open.
"""

from __future__ import annotations

import hmac
import math
import os
import random
import secrets
import struct
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from ceremony.errors import ImportRefused
from ceremony.texts import t

MAGIC = b"CERSEAL"
VERSION = 1
_HEADER = struct.Struct(">7sBBBB16s8s12s")  # magic, version, log2 n, r, p, salt, check, nonce
HEADER_BYTES = _HEADER.size  # 47
TAG_BYTES = 16

# scrypt cost: n = 2**17, r = 8, p = 1 needs 128 MiB and about a quarter second.
DEFAULT_LOG2_N, DEFAULT_R, DEFAULT_P = 17, 8, 1
# What we agree to spend when opening a file someone else made.
MIN_LOG2_N, MAX_LOG2_N = 14, 20
MAX_R, MAX_P = 16, 4
MAX_SCRYPT_MEMORY = 256 * 1024 * 1024  # bytes: 128 * r * n

# No look-alikes: without 0/O, 1/I/L. 31 symbols, 25 of them: about 124 bits.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
GROUPS, GROUP_SIZE = 5, 5
ENTROPY_BITS = math.log2(len(ALPHABET) ** (GROUPS * GROUP_SIZE))


@dataclass(frozen=True)
class Header:
    """The parsed, not yet trusted, header of a sealed file."""

    version: int
    log2_n: int
    r: int
    p: int
    salt: bytes
    check: bytes
    nonce: bytes

    def pack(self) -> bytes:
        return _HEADER.pack(MAGIC, self.version, self.log2_n, self.r, self.p,
                            self.salt, self.check, self.nonce)


def is_sealed(data: bytes) -> bool:
    """Whether `data` starts like a sealed file."""
    return data.startswith(MAGIC)


def new_passphrase(rng: random.Random | None = None) -> str:
    """A fresh passphrase like `7KQ4M-...` (5 groups of 5); `rng` only for demo data."""
    choose = rng.choice if rng is not None else secrets.choice
    groups = ("".join(choose(ALPHABET) for _ in range(GROUP_SIZE)) for _ in range(GROUPS))
    return "-".join(groups)


def normalise_passphrase(passphrase: str) -> bytes:
    """What the key is derived from: uppercase, without spaces and dashes (as typed from SMS)."""
    text = unicodedata.normalize("NFKC", passphrase).upper()
    return "".join(ch for ch in text if not ch.isspace() and ch not in "-‐‑–—").encode()


def seal_bytes(plaintext: bytes, passphrase: str) -> bytes:
    """Seal `plaintext` (a CSV or XLSX file) under `passphrase`."""
    secret = normalise_passphrase(passphrase)
    if not secret:
        raise ImportRefused(t("sealed.passphrase_empty"))
    salt = os.urandom(16)
    key, check = _derive(secret, salt, DEFAULT_LOG2_N, DEFAULT_R, DEFAULT_P)
    header = Header(VERSION, DEFAULT_LOG2_N, DEFAULT_R, DEFAULT_P, salt, check, os.urandom(12))
    aad = header.pack()
    return aad + AESGCM(key).encrypt(header.nonce, plaintext, aad)


def open_sealed_bytes(data: bytes, passphrase: str) -> bytes:
    """The inner file of a sealed file; ImportRefused if wrong passphrase, damaged or hostile."""
    header = read_header(data)
    if len(data) < HEADER_BYTES + TAG_BYTES:
        raise ImportRefused(t("formats.damaged"))
    key, check = _derive(normalise_passphrase(passphrase), header.salt,
                         header.log2_n, header.r, header.p)
    if not hmac.compare_digest(check, header.check):
        raise ImportRefused(t("formats.wrong_password"))
    try:
        return AESGCM(key).decrypt(header.nonce, data[HEADER_BYTES:], data[:HEADER_BYTES])
    except InvalidTag:
        raise ImportRefused(t("formats.damaged")) from None


def read_header(data: bytes) -> Header:
    """Parse and bound-check the header before any key derivation."""
    if not is_sealed(data):
        raise ImportRefused(t("formats.unsupported"))
    if len(data) < HEADER_BYTES:
        raise ImportRefused(t("formats.damaged"))
    _magic, version, log2_n, r, p, salt, check, nonce = _HEADER.unpack_from(data)
    if version != VERSION:
        raise ImportRefused(t("sealed.version"))
    header = Header(version, log2_n, r, p, salt, check, nonce)
    _check_cost(header)
    return header


def _check_cost(header: Header) -> None:
    """A hostile file must not make us spend gigabytes or minutes on scrypt."""
    if header.log2_n < MIN_LOG2_N or header.r < 1 or header.p < 1:
        raise ImportRefused(t("formats.damaged"))
    memory = 128 * header.r * (1 << header.log2_n)
    if (header.log2_n > MAX_LOG2_N or header.r > MAX_R or header.p > MAX_P
            or memory > MAX_SCRYPT_MEMORY):
        raise ImportRefused(t("formats.too_costly"))


def _derive(secret: bytes, salt: bytes, log2_n: int, r: int, p: int) -> tuple[bytes, bytes]:
    """scrypt -> 32-byte AES key and an 8-byte check that tells a wrong passphrase apart."""
    out = Scrypt(salt=salt, length=40, n=1 << log2_n, r=r, p=p).derive(secret)
    return out[:32], out[32:]
