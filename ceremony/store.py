"""The controlled store: one SQLite database under the data directory.

WAL, a busy timeout, foreign keys and `secure_delete` are on for every connection.
Each thread gets its own connection (Streamlit runs sessions in threads). Writes go
through `Store.write()`, one `BEGIN IMMEDIATE` transaction (nested calls join it), so
an action and its audit entry land together or not at all.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from ceremony import crypto
from ceremony.config import SETTINGS, Paths, dump_value, resolve_paths
from ceremony.errors import CeremonyError, MasterKeyError
from ceremony.migrations import MIGRATIONS
from ceremony.texts import t

BUSY_TIMEOUT_S = 30
IN_LIST_SIZE = 900  # ids per `WHERE id IN (...)`: under SQLite's limit of 999 variables


def placeholders(items: Sequence) -> str:
    """The `?,?,?` of a `WHERE ... IN (...)` over `items` (one `?` per item)."""
    return ",".join("?" * len(items))


def in_chunks(items: Sequence, size: int = IN_LIST_SIZE) -> Iterator[tuple[Sequence, str]]:
    """`items` in slices of at most `size`, one `WHERE ... IN (...)` query each:
    `(chunk, placeholders(chunk))`."""
    for start in range(0, len(items), size):
        chunk = items[start : start + size]
        yield chunk, placeholders(chunk)


class Database:
    """One SQLite connection with the part of `sqlite_utils.Database` the app uses.

    `execute`, `query` (rows as dicts), `atomic` (a transaction; nested: a savepoint) and
    `rollback` behave as sqlite-utils' on a connection in autocommit mode
    (`isolation_level=None`). Importing sqlite-utils imports pandas and numpy (0.3 s of
    CPU per command), so it is loaded only to run migrations (`ceremony.migrations`),
    on this same connection.
    """

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        """Run one statement; a write outside `Store.write()` commits at once (autocommit)."""
        if parameters is None:
            return self.conn.execute(sql)
        return self.conn.execute(sql, parameters)

    def query(self, sql: str, params: Any = None) -> Iterator[dict]:
        """Run a query now; its rows as dicts, fetched as they are iterated."""
        cursor = self.execute(sql, params)
        keys = [column[0] for column in cursor.description]
        return (dict(zip(keys, row, strict=True)) for row in cursor)

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        """A transaction (BEGIN); inside one, a savepoint. Raising rolls it back."""
        if self.conn.in_transaction:
            savepoint = f"ceremony_{secrets.token_hex(8)}"
            self.conn.execute(f"SAVEPOINT {savepoint}")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:  # a RAISE(ROLLBACK) may have ended it already
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                    self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                raise
            self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            return
        self.conn.execute("BEGIN")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise

    def rollback(self) -> None:
        """Roll back the open transaction, if any."""
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()


class Store:
    """An open installation: paths, keys and per-thread database connections."""

    def __init__(self, paths: Paths, keys: crypto.Keyring):
        self.paths = paths
        self._keys = keys
        self.key_generation = 0
        self._local = threading.local()

    @property
    def keys(self) -> crypto.Keyring:
        """The keyring, reloaded first when another process rotated the keys."""
        self.follow_rotation()
        return self._keys

    @keys.setter
    def keys(self, ring: crypto.Keyring) -> None:
        self._keys = ring

    # --- opening ---------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: str | os.PathLike | None = None, create: bool = False) -> Store:
        """Open (with `create`: first make) the installation; check the master key.

        Only opens (an interrupted key rotation is finished, since nothing opens without
        it): the start-up that checks and upgrades is `ceremony.startup.open_installation`.
        """
        paths = resolve_paths(data_dir)
        fresh = not paths.db.exists()
        if fresh and not create:
            raise CeremonyError(t("store.not_initialised"))
        if fresh:
            paths.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        master = crypto.load_master_key(paths.key_file, create=fresh)
        db = _connect(paths)
        MIGRATIONS.apply(db.conn)
        if fresh:
            os.chmod(paths.db, 0o600)
        wrapped = _meta(db, "root_secret")
        if wrapped is None:
            root = crypto.new_key()
            probe = crypto.Keyring(master, root)
            with db.atomic():
                db.execute(
                    "INSERT INTO meta(key, value) VALUES ('root_secret', ?)",
                    [probe.wrap(root, crypto.ROOT_LABEL)],
                )
        else:
            master, root = _open_root(paths, master, wrapped)
        store = cls(paths, _keyring(db, master, root))
        store._local.db = db
        store.key_generation = _meta(db, "key_generation") or 0
        return store

    @property
    def db(self) -> Database:
        """This thread's connection."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = _connect(self.paths)
            self._local.db = db
        return db

    def close(self) -> None:
        """Close this thread's connection."""
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    # --- transactions and queries ------------------------------------------------------

    @contextlib.contextmanager
    def write(self) -> Iterator[Database]:
        """One write transaction (BEGIN IMMEDIATE); nested calls become savepoints."""
        db = self.db
        if db.conn.in_transaction:
            with db.atomic():
                yield db
            return
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise CeremonyError(t("store.busy")) from exc
        self._local.hooks = {"before": {}, "after": {}, "state": {}}
        try:
            yield db
            for hook in self._local.hooks["before"].values():
                hook()
        except BaseException:
            db.rollback()
            self._local.hooks = None
            raise
        after = self._local.hooks["after"]
        self._local.hooks = None
        db.execute("COMMIT")
        for hook in after.values():
            hook()

    def before_commit(self, name: str, hook) -> None:
        """Run `hook()` once, last thing inside the current transaction (an error rolls it back)."""
        hooks = getattr(self._local, "hooks", None)
        if hooks is None:  # a transaction not opened by write(): run it now
            hook()
        else:
            hooks["before"].setdefault(name, hook)

    def tx_state(self, name: str, factory) -> Any:
        """A value that lives as long as the current write transaction (e.g. pending notes)."""
        state = self._local.hooks["state"]
        if name not in state:
            state[name] = factory()
        return state[name]

    def after_commit(self, name: str, hook) -> None:
        """Run `hook()` once after the current transaction committed (cheap follow-ups)."""
        hooks = getattr(self._local, "hooks", None)
        if hooks is None:
            hook()
        else:
            hooks["after"].setdefault(name, hook)

    def rows(self, sql: str, params: Any = None) -> list[dict]:
        """All rows of a query as dicts."""
        return list(self.db.query(sql, params or []))

    def one(self, sql: str, params: Any = None) -> dict | None:
        """The first row of a query, or None."""
        found = self.rows(sql, params)
        return found[0] if found else None

    def scalar(self, sql: str, params: Any = None) -> Any:
        """The first column of the first row, or None."""
        row = self.db.execute(sql, params or []).fetchone()
        return row[0] if row else None

    # --- meta and settings -------------------------------------------------------------

    def meta(self, key: str) -> Any:
        return _meta(self.db, key)

    def set_meta(self, key: str, value: Any) -> None:
        self.db.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    def settings(self) -> dict[str, Any]:
        """Every setting, stored value or default."""
        stored = {r["key"]: json.loads(r["value"]) for r in self.rows("SELECT * FROM settings")}
        return {key: stored.get(key, s.default) for key, s in SETTINGS.items()}

    def setting(self, key: str) -> Any:
        return self.settings()[key]

    def put_setting(self, key: str, value: Any) -> None:
        """Store an already validated setting (callers audit; see ceremony.admin)."""
        self.db.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, dump_value(value)],
        )

    # --- data keys ---------------------------------------------------------------------

    def data_key(self, delivery_id: int) -> bytes:
        """The unwrapped data key of a delivery (NotFound once it was destroyed)."""
        row = self.db.execute(
            "SELECT (SELECT wrapped_key FROM deliveries WHERE id = ?), "
            "(SELECT value FROM meta WHERE key = 'key_generation')",
            [delivery_id],
        ).fetchone()
        if (row[1] or 0) != self.key_generation:  # one query also tells whether keys rotated
            self.follow_rotation()
        return self._keys.data_key(delivery_id, row[0])

    def new_data_key(self, delivery_id: int) -> bytes:
        """Make, wrap and store a fresh data key for a new delivery row."""
        self.follow_rotation()  # never wrap under a master key another process replaced
        key = crypto.new_key()
        self.db.execute(
            "UPDATE deliveries SET wrapped_key = ? WHERE id = ?",
            [self.keys.wrap(key, crypto.delivery_label(delivery_id)), delivery_id],
        )
        return key

    def follow_rotation(self) -> None:
        """If another process rotated the keys (`keys rotate`), load the new keyring.

        Rotation replaces the master key, the root secret and every data key, so the whole
        keyring is reloaded; with `CEREMONY_MASTER_KEY` the process must be restarted
        with the new key.
        """
        generation = self.meta("key_generation") or 0
        if generation == self.key_generation:
            return
        master = crypto.load_master_key(self.paths.key_file)
        root = crypto.Keyring(master, b"\0" * 32).unwrap(self.meta("root_secret"), crypto.ROOT_LABEL)
        self._keys = _keyring(self.db, master, root)
        self.key_generation = generation

    def has_data_key(self, delivery_id: int) -> bool:
        """Whether a delivery's data key still exists (not yet destroyed)."""
        return self.scalar("SELECT wrapped_key IS NOT NULL FROM deliveries WHERE id = ?", [delivery_id]) == 1

    def rewrap_data_keys(self, old: crypto.Keyring, new: crypto.Keyring) -> dict[int, tuple[bytes, bytes]]:
        """Key rotation (in its transaction): a new data key for every delivery that still
        has one, wrapped under the new ring; {delivery id: (old key, new key)} to re-seal with."""
        pairs = {}
        for delivery_id, wrapped in self.db.execute(
            "SELECT id, wrapped_key FROM deliveries WHERE wrapped_key IS NOT NULL"
        ).fetchall():
            label = crypto.delivery_label(delivery_id)
            pairs[delivery_id] = (old.unwrap(wrapped, label), crypto.new_key())
            self.db.execute(
                "UPDATE deliveries SET wrapped_key = ? WHERE id = ?", [new.wrap(pairs[delivery_id][1], label), delivery_id]
            )
        return pairs

    def destroy_data_key(self, delivery_id: int) -> None:
        """Crypto-shred a delivery: its wrapped key is overwritten and removed."""
        self.db.execute("UPDATE deliveries SET wrapped_key = NULL WHERE id = ?", [delivery_id])
        self._keys.forget(delivery_id)

    def compact(self) -> None:
        """Make deleted bytes unrecoverable: checkpoint the WAL (TRUNCATE) and VACUUM."""
        db = self.db
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _connect(paths: Paths) -> Database:
    conn = sqlite3.connect(
        str(paths.db), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA recursive_triggers = ON")  # as sqlite_utils.Database sets it
    return Database(conn)


def _open_root(paths: Paths, master: bytes, wrapped: bytes) -> tuple[bytes, bytes]:
    """Unwrap the root secret; finish an interrupted key rotation if that is what failed."""
    try:
        return master, crypto.Keyring(master, b"\0" * 32).unwrap(wrapped, crypto.ROOT_LABEL)
    except MasterKeyError:
        staged = None if os.environ.get("CEREMONY_MASTER_KEY") else crypto.recover_pending_rotation(paths.key_file)
        if staged is None:
            raise
        root = crypto.Keyring(staged, b"\0" * 32).unwrap(wrapped, crypto.ROOT_LABEL)
        crypto.finish_pending_rotation(paths.key_file)
        return staged, root


PAST_ROOTS = "past_roots"


def _keyring(db: Database, master: bytes, root: bytes) -> crypto.Keyring:
    """The keyring of every key epoch: earlier roots are kept wrapped by the current master key."""
    probe = crypto.Keyring(master, b"\0" * 32)
    past = [
        probe.unwrap(base64.b64decode(wrapped), crypto.past_root_label(epoch))
        for epoch, wrapped in enumerate(json.loads(_meta(db, PAST_ROOTS) or "[]"))
    ]
    return crypto.Keyring(master, [*past, root])


def _meta(db: Database, key: str) -> Any:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None
