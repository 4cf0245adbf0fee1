"""Keys, sealing and the blind index.

Key hierarchy (see docs/security.md):

- master key (32 bytes): from `CEREMONY_MASTER_KEY` or the key file (strictly parsed,
  private file and directory); never stored in the database. It only wraps other keys.
- root secret (32 random bytes) per key epoch: the current one wrapped by the master key
  in `meta.root_secret`, earlier ones (after rotations) in `meta.past_roots`, also
  wrapped by the current master key. The blind-index key and the audit-chain key of each
  epoch are derived from its root with HKDF.
  The TOTP key (`totp_key`, sealing the accounts' second-factor secrets) is derived
  from the current root; `ceremony.totp.reseal` re-seals those secrets at a rotation.
- one data key per delivery (32 random bytes): stored wrapped by the master key; it
  seals every personal record of that delivery. Destroying it shreds the delivery.
- `keys rotate` replaces all of them (see ceremony.keys).

Every seal is AES-256-GCM with a fresh 96-bit nonce and associated data naming the row
it belongs to, so ciphertext moved to another row does not open.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ceremony.errors import IntegrityError, MasterKeyError, NotFound
from ceremony.texts import t

KEY_BYTES = 32
NONCE_BYTES = 12


def new_key() -> bytes:
    """A fresh random 256-bit key."""
    return secrets.token_bytes(KEY_BYTES)


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """AES-256-GCM: nonce || ciphertext+tag, bound to `aad`."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def sealer(key: bytes, batch: int = 4096) -> Callable[[bytes, bytes], bytes]:
    """`seal` under one key for many records (an import): the cipher is set up once and
    the random nonces are drawn `batch` at a time from os.urandom. Same output format."""
    aead = AESGCM(key)
    pool, position = b"", 0

    def seal_one(plaintext: bytes, aad: bytes) -> bytes:
        nonlocal pool, position
        if position >= len(pool):
            pool, position = os.urandom(NONCE_BYTES * batch), 0
        nonce = pool[position : position + NONCE_BYTES]
        position += NONCE_BYTES
        return nonce + aead.encrypt(nonce, plaintext, aad)

    return seal_one


def random_hex(size: int, batch: int = 4096) -> Iterator[str]:
    """Endless random identifiers of `size` bytes as hex (like secrets.token_hex), drawn in bulk."""
    while True:
        pool = os.urandom(size * batch)
        for start in range(0, len(pool), size):
            yield pool[start : start + size].hex()


def open_sealed(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    """Open what `seal` made; a changed byte or wrong row raises IntegrityError."""
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)
    except (InvalidTag, ValueError) as exc:
        raise IntegrityError(t("store.tampered")) from exc


def derive(secret: bytes, purpose: str) -> bytes:
    """A 256-bit subkey of `secret` for one purpose (HKDF-SHA256)."""
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=purpose.encode()
    ).derive(secret)


def mac(key: bytes, data: bytes) -> str:
    """HMAC-SHA256 as hex."""
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def encode_key(key: bytes) -> str:
    """The text form of a key, as written to a key file or an environment variable."""
    return base64.urlsafe_b64encode(key).decode()


def decode_key(text: str) -> bytes:
    """Read a key given as exactly 32 bytes of base64 (urlsafe or standard) or 64 hex digits.

    Strict: surrounding white space (a trailing newline) is allowed, any other character
    that is not part of the encoding is refused (the lenient decoder silently skipped
    it), and so is a key whose bytes are all the same (e.g. all zero).
    """
    text = text.strip()
    key = None
    if re.fullmatch(r"[0-9a-fA-F]{64}", text):
        key = bytes.fromhex(text)
    else:
        for altchars in (b"-_", b"+/"):
            with contextlib.suppress(binascii.Error, ValueError):
                key = base64.b64decode(text.encode("ascii", "strict"), altchars=altchars, validate=True)
                break
    if key is None or len(key) != KEY_BYTES:
        raise MasterKeyError(t("key.strict_malformed"))
    if len(set(key)) == 1:
        raise MasterKeyError(t("key.weak"))
    return key


def check_private(path: Path, directory: bool) -> None:
    """Refuse a key directory or key file that others can reach or that someone else owns."""
    info = path.stat()
    if info.st_uid != os.geteuid():
        raise MasterKeyError(t("key.not_owner", path=path))
    if info.st_mode & 0o077:
        raise MasterKeyError(t("key.dir_unsafe" if directory else "key.file_unsafe_strict", path=path))


def load_master_key(key_file: Path, create: bool = False) -> bytes:
    """The master key from `CEREMONY_MASTER_KEY`, else from `key_file`.

    An empty variable is an error, not a fall-back. The key file and its directory must
    belong to this user and be closed to everyone else. With `create`, a missing key
    file is made with mode 0600 (first start).
    """
    env = os.environ.get("CEREMONY_MASTER_KEY")
    if env is not None:
        if not env.strip():
            raise MasterKeyError(t("key.env_empty"))
        return decode_key(env)
    if key_file.exists():
        check_private(key_file.parent, directory=True)
        check_private(key_file, directory=False)
        return decode_key(key_file.read_text())
    if not create:
        raise MasterKeyError(t("key.missing"))
    key = new_key()
    write_key_file(key_file, key, replace=False)
    return key


def write_key_file(path: Path, key: bytes, replace: bool) -> None:
    """Write a key file with mode 0600 (directory 0700), flushed to disk.

    Without `replace` an existing file is refused; with it, an old file is overwritten
    and its mode forced back to 0600 whatever it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if replace else os.O_EXCL)
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        raise MasterKeyError(t("key.file_exists", path=path)) from None
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(encode_key(key) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def pending_key_path(key_file: Path) -> Path:
    """Where a key rotation stages the new master key until it has committed."""
    return key_file.with_name(key_file.name + ".new")


def recover_pending_rotation(key_file: Path) -> bytes | None:
    """The staged key of an interrupted rotation, if there is one."""
    staged = pending_key_path(key_file)
    if staged.exists():
        return decode_key(staged.read_text())
    return None


def finish_pending_rotation(key_file: Path) -> None:
    """Promote the staged key after it proved to open the data."""
    os.replace(pending_key_path(key_file), key_file)


class Keyring:
    """The keys of one open store: master key, root-derived keys per epoch, cached data keys.

    `roots` holds the root secret of every key epoch, oldest first; the last is current.
    A rotation starts a new epoch: the blind index is chained through every epoch's
    blind-index key (so tombstones re-key without the national number, see
    `rekey_blind_index`), and each epoch's audit key verifies that epoch's entries.
    """

    def __init__(self, master_key: bytes, roots: bytes | list[bytes]):
        self.master_key = master_key
        self.roots = [roots] if isinstance(roots, bytes) else list(roots)
        self.blind_keys = [derive(root, "ceremony blind index v1") for root in self.roots]
        self.audit_keys = [derive(root, "ceremony audit chain v1") for root in self.roots]
        # seals the TOTP secrets of accounts (ceremony.totp); re-sealed when the root changes
        self.totp_key = derive(self.roots[-1], "ceremony totp v1")
        self._data_keys: dict[int, bytes] = {}

    @property
    def epoch(self) -> int:
        return len(self.roots) - 1

    @property
    def audit_key(self) -> bytes:
        """The key that MACs new audit entries (the current epoch's)."""
        return self.audit_keys[-1]

    def next_epoch(self, master_key: bytes) -> Keyring:
        """A new master key and a new root secret on top of the existing epochs (rotation)."""
        return Keyring(master_key, [*self.roots, new_key()])

    def keyed_index(self, data: bytes) -> str:
        """Keyed, deterministic index of `data`, chained through every key epoch.

        The blind index of a national number is `national_number.blind_index`, built on this.
        """
        index = mac(self.blind_keys[0], data)
        for key in self.blind_keys[1:]:
            index = _chain_index(key, index)
        return index

    def rekey_blind_index(self, previous: str) -> str:
        """The current-epoch index of an index stored in the epoch before (rotation)."""
        return _chain_index(self.blind_keys[-1], previous)

    def wrap(self, key: bytes, label: str) -> bytes:
        """Seal a key under the master key, bound to `label`."""
        return seal(self.master_key, key, label.encode())

    def unwrap(self, wrapped: bytes, label: str) -> bytes:
        """Open a wrapped key; a wrong master key raises MasterKeyError."""
        try:
            return AESGCM(self.master_key).decrypt(
                wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], label.encode()
            )
        except (InvalidTag, ValueError) as exc:
            raise MasterKeyError(t("key.wrong")) from exc

    def has_data_key(self, delivery_id: int) -> bool:
        """Whether the data key of a delivery is in memory already."""
        return delivery_id in self._data_keys

    def data_key(self, delivery_id: int, wrapped: bytes | None) -> bytes:
        """The data key of a delivery (cached in memory after the first unwrap).

        A destroyed key (`wrapped` is None, e.g. purged by another process) is also
        dropped from memory, so shredded deliveries do not live on in a running app.
        """
        if wrapped is None:
            self._data_keys.pop(delivery_id, None)
            raise NotFound(t("store.data_key_gone"))
        key = self._data_keys.get(delivery_id)
        if key is None:
            key = self.unwrap(wrapped, delivery_label(delivery_id))
            self._data_keys[delivery_id] = key
        return key

    def forget(self, delivery_id: int) -> None:
        """Drop a destroyed data key from memory too."""
        self._data_keys.pop(delivery_id, None)


def _chain_index(key: bytes, previous: str) -> str:
    return mac(key, b"bi:" + previous.encode())


def delivery_label(delivery_id: int) -> str:
    """Associated data of a delivery's wrapped data key."""
    return f"delivery-key:{delivery_id}"


ROOT_LABEL = "root-secret"


def past_root_label(epoch: int) -> str:
    """Associated data of the wrapped root secret of an earlier key epoch."""
    return f"root-secret:epoch:{epoch}"
