"""The exchange file: what the public answer server may know, and the answers it writes.

A plain SQLite file beside the store (`<data_dir>/exchange.sqlite`), shared by the staff
app (which fills it and takes the answers in) and the public answer server (whose only
data it is). It holds no personal data: code hashes (SHA-256 of the code in a letter),
invitation and ceremony ids, the ceremonies' public details and deadlines, places left,
and answers sealed to the staff app's public key (`sealing`), which the server cannot
read back. It imports no store, keyring or domain module.

Places: the staff side publishes a ceremony's places left (`put_ceremony`) as it has
recorded them. Each code remembers the places its last answer holds (`held`), those of
the last answer the staff side took in (`taken`: set when it deletes that answer, or when
an answer it has been handed is replaced before that), and those the published figure
counts for it (`synced`: `taken` at the last publication). The places left are the
published figure minus what answers hold beyond it (the sum of `held - synced`; a changed
answer gives back what it held), whether the staff side publishes before or after it
takes answers in, and when an answer changes in the middle of its sync. `post_answer`
decides and writes in one `BEGIN IMMEDIATE` transaction, so two processes cannot both
take the last place. A code has at most one answer waiting to be taken in: a changed
answer replaces it (under a new id, so that deleting the old one never deletes the new).

Tables (private to this module): exchange_recipient, exchange_secret,
exchange_ceremonies, exchange_codes, exchange_answers.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ceremony import clock
from ceremony.errors import InvalidInput, NotFound
from ceremony.texts import t

EXCHANGE_NAME = "exchange.sqlite"
PATH_ENV = "CEREMONY_EXCHANGE_FILE"  # another place for the file (its own group-writable folder)
GROUP_ENV = "CEREMONY_EXCHANGE_GROUP_WRITABLE"  # "1": mode 0660 (a group shared by both users)
BUSY_MS = 10_000
COMING, WAITING, NOT_COMING = "komt", "wachtlijst", "komt_niet"

SCHEMA = """
CREATE TABLE IF NOT EXISTS exchange_recipient (
    slot INTEGER PRIMARY KEY CHECK (slot = 1), key_id TEXT NOT NULL, public_raw BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS exchange_secret (
    name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS exchange_ceremonies (
    ceremony_id INTEGER PRIMARY KEY, public TEXT NOT NULL, answer_by TEXT NOT NULL,
    ends_at TEXT NOT NULL, max_companions INTEGER NOT NULL, places_left INTEGER);
CREATE TABLE IF NOT EXISTS exchange_codes (
    code_hash TEXT PRIMARY KEY, invitation_id INTEGER NOT NULL, ceremony_id INTEGER NOT NULL,
    held INTEGER NOT NULL DEFAULT 0, taken INTEGER NOT NULL DEFAULT 0, synced INTEGER NOT NULL DEFAULT 0,
    answered_at TEXT);
CREATE INDEX IF NOT EXISTS exchange_codes_ceremony ON exchange_codes (ceremony_id);
CREATE INDEX IF NOT EXISTS exchange_codes_changed ON exchange_codes (ceremony_id) WHERE held != synced;
CREATE INDEX IF NOT EXISTS exchange_codes_invitation ON exchange_codes (invitation_id);
CREATE TABLE IF NOT EXISTS exchange_answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT, code_hash TEXT NOT NULL UNIQUE,
    invitation_id INTEGER NOT NULL, key_id TEXT NOT NULL, sealed BLOB NOT NULL,
    status TEXT NOT NULL, held INTEGER NOT NULL, received_at TEXT NOT NULL,
    handed INTEGER NOT NULL DEFAULT 0);
"""

# one query for every code check: an unknown and a dead code (answer deadline or ceremony
# passed) both find no row, by the same index look-up
LOOKUP = """
SELECT c.code_hash, c.invitation_id, c.ceremony_id, e.public, e.answer_by, e.ends_at,
       e.max_companions, c.answered_at, e.places_left,
       (SELECT coalesce(sum(o.held - o.synced), 0) FROM exchange_codes o
         WHERE o.ceremony_id = c.ceremony_id AND o.held != o.synced) AS pending
FROM exchange_codes c JOIN exchange_ceremonies e ON e.ceremony_id = c.ceremony_id
WHERE c.code_hash = ? AND e.answer_by > ? AND e.ends_at > ?
"""


def exchange_path(data_dir: Path) -> Path:
    """Where the exchange file of the installation in `data_dir` lives: CEREMONY_EXCHANGE_FILE,
    else `<data_dir>/exchange.sqlite`. Both the staff app and the answer server ask here."""
    override = os.environ.get(PATH_ENV, "").strip()
    return Path(override) if override else Path(data_dir) / EXCHANGE_NAME


@dataclass(frozen=True)
class SealedAnswer:
    """An answer waiting to be taken in; `status` is what the page told the person."""

    id: int
    code_hash: str
    invitation_id: int
    key_id: str
    sealed: bytes
    status: str
    received_at: str


@dataclass(frozen=True)
class CodeView:
    """What the answer page may show for a live code: no personal data."""

    code_hash: str
    invitation_id: int
    ceremony_id: int
    public: dict
    answer_by: str
    max_companions: int
    answered_at: str | None
    places_left: int | None


class Exchange:
    """The exchange file; one SQLite connection per thread."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._local = threading.local()

    @classmethod
    def open(cls, path: Path) -> Exchange:
        """Open the exchange at `path`, creating the file (private, see GROUP_ENV) and its
        schema; InvalidInput with one Dutch sentence when that cannot be done."""
        path = Path(path)
        mode = 0o660 if os.environ.get(GROUP_ENV) == "1" else 0o600
        exchange = cls(path)
        try:
            if not path.exists():
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, mode))
                os.chmod(path, mode)  # whatever the umask
            exchange._db().executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise InvalidInput(t("answer_page.error.exchange", path=str(path))) from exc
        return exchange

    def close(self) -> None:
        """Close this thread's connection."""
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_MS / 1000)
            db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            self._local.db = db
        return db

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One BEGIN IMMEDIATE transaction: committed at the end, rolled back on an error."""
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    # -- the staff side writes ------------------------------------------------------------

    def set_recipient(self, key_id: str, public_raw: bytes) -> None:
        """The current public key answers are sealed to."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO exchange_recipient (slot, key_id, public_raw) VALUES (1, ?, ?)",
                (key_id, public_raw),
            )

    def recipient(self) -> tuple[str, bytes] | None:
        """(key_id, public_raw) of the current recipient, None before the staff side set one."""
        row = self._db().execute("SELECT key_id, public_raw FROM exchange_recipient WHERE slot = 1").fetchone()
        return (row[0], bytes(row[1])) if row else None

    def put_ceremony(
        self, ceremony_id: int, public: dict, answer_by: str, ends_at: str, max_companions: int,
        places_left: int | None,
    ) -> None:
        """Publish (or update) a ceremony's public details (formatted for display), its
        deadlines (ISO UTC) and the places left as the staff side has recorded them."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO exchange_ceremonies"
                " (ceremony_id, public, answer_by, ends_at, max_companions, places_left) VALUES (?, ?, ?, ?, ?, ?)",
                (ceremony_id, json.dumps(public, ensure_ascii=False), _iso(answer_by), _iso(ends_at), max_companions,
                 places_left),
            )
            # the figure counts what was taken in; what still waits here it does not
            db.execute(
                "UPDATE exchange_codes SET synced = taken WHERE ceremony_id = ? AND synced != taken", (ceremony_id,)
            )

    def remove_ceremony(self, ceremony_id: int) -> None:
        """Remove a ceremony and its codes (their waiting answers stay until taken in)."""
        with self._transaction() as db:
            db.execute("DELETE FROM exchange_codes WHERE ceremony_id = ?", (ceremony_id,))
            db.execute("DELETE FROM exchange_ceremonies WHERE ceremony_id = ?", (ceremony_id,))

    def put_codes(self, rows: Iterable[tuple[str, int, int]]) -> None:
        """Add codes as (code_hash_hex, invitation_id, ceremony_id); a code already there keeps its state."""
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO exchange_codes (code_hash, invitation_id, ceremony_id) VALUES (?, ?, ?)"
                " ON CONFLICT (code_hash) DO UPDATE SET invitation_id = excluded.invitation_id,"
                " ceremony_id = excluded.ceremony_id",
                list(rows),
            )

    def remove_codes_for(self, invitation_ids: Iterable[int]) -> int:
        """Remove the codes of these invitations (they die); returns how many went."""
        ids = [(int(i),) for i in invitation_ids]
        with self._transaction() as db:
            before = db.total_changes
            db.executemany("DELETE FROM exchange_codes WHERE invitation_id = ?", ids)
            return db.total_changes - before

    def code_invitations(self) -> dict[str, int]:
        """code_hash -> invitation_id of every code in the exchange."""
        return dict(self._db().execute("SELECT code_hash, invitation_id FROM exchange_codes").fetchall())

    def take_answers(self) -> list[SealedAnswer]:
        """The answers waiting to be taken in, oldest first (marked as handed to the staff side)."""
        with self._transaction() as db:
            db.execute("UPDATE exchange_answers SET handed = 1 WHERE handed = 0")
            rows = db.execute(
                "SELECT id, code_hash, invitation_id, key_id, sealed, status, received_at"
                " FROM exchange_answers ORDER BY id"
            ).fetchall()
        return [SealedAnswer(r[0], r[1], r[2], r[3], bytes(r[4]), r[5], r[6]) for r in rows]

    def delete_answers(self, ids: Iterable[int]) -> None:
        """Forget answers the staff side has recorded (their places now count in its figure)."""
        with self._transaction() as db:
            for (answer_id,) in [(int(i),) for i in ids]:
                _mark_taken(db, "id = ?", answer_id)
                db.execute("DELETE FROM exchange_answers WHERE id = ?", (answer_id,))

    # -- the public side ------------------------------------------------------------------

    def secret(self, name: str) -> bytes:
        """A random 32-byte server secret kept in the exchange (made on first use), e.g. for form tokens."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO exchange_secret (name, value) VALUES (?, ?)", (name, secrets.token_bytes(32))
            )
            return bytes(db.execute("SELECT value FROM exchange_secret WHERE name = ?", (name,)).fetchone()[0])

    def contact_phone(self) -> str | None:
        """The phone number of the ceremony published last (for the neutral page), if any."""
        row = self._db().execute(
            "SELECT public FROM exchange_ceremonies ORDER BY ceremony_id DESC LIMIT 1"
        ).fetchone()
        return json.loads(row[0]).get("phone") or None if row else None

    def lookup(self, code_hash: str) -> CodeView | None:
        """The live code `code_hash`, or None when it is unknown or dead (answer deadline or
        ceremony passed). Reads only; the same query and checks for every code."""
        return _view(_lookup(self._db(), code_hash))

    def post_answer(
        self, code_hash: str, sealed: bytes | Callable[[str], bytes], key_id: str, coming: bool, people: int
    ) -> str:
        """Record the sealed answer of a live code and return the status the page tells:
        "komt", "wachtlijst" (coming, but the places left do not hold `people`) or "komt_niet".

        `people` is 1 + companions. `sealed` may be a function of the status, called inside
        the transaction, so the sealed answer says what the page says. NotFound when the
        code is unknown or dead.
        """
        with self._transaction() as db:
            view = _view(_lookup(db, code_hash))
            if view is None:
                raise NotFound(t("answer_page.error.gone"))
            held = db.execute("SELECT held FROM exchange_codes WHERE code_hash = ?", (code_hash,)).fetchone()[0]
            status = _status(coming, people, None if view.places_left is None else view.places_left + held)
            blob = sealed(status) if callable(sealed) else sealed
            now = clock.utc_iso()
            taken = people if status == COMING else 0
            # an answer the staff side was handed is recorded there even when replaced now
            _mark_taken(db, "code_hash = ? AND handed = 1", code_hash)
            db.execute("DELETE FROM exchange_answers WHERE code_hash = ?", (code_hash,))
            db.execute(
                "INSERT INTO exchange_answers (code_hash, invitation_id, key_id, sealed, status, held, received_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (code_hash, view.invitation_id, key_id, blob, status, taken, now),
            )
            db.execute(
                "UPDATE exchange_codes SET held = ?, answered_at = ? WHERE code_hash = ?", (taken, now, code_hash)
            )
        return status


def _mark_taken(db: sqlite3.Connection, which: str, value) -> None:
    """Note the places of the waiting answer `which` (a condition) as taken in by the staff side."""
    row = db.execute(f"SELECT code_hash, held FROM exchange_answers WHERE {which}", (value,)).fetchone()
    if row is not None:
        db.execute("UPDATE exchange_codes SET taken = ? WHERE code_hash = ?", (row[1], row[0]))


def _status(coming: bool, people: int, available: int | None) -> str:
    """komt / wachtlijst / komt_niet for an answer, given the places it may take."""
    if not coming:
        return NOT_COMING
    if available is None or people <= available:
        return COMING
    return WAITING


def _iso(moment: str) -> str:
    """An ISO UTC moment in the one stored form (compared as text in LOOKUP)."""
    return clock.utc_iso(clock.parse_utc(moment))


def _lookup(db: sqlite3.Connection, code_hash: str):
    """The LOOKUP row of a live code, None for an unknown or dead one."""
    now = clock.utc_iso()
    return db.execute(LOOKUP, (code_hash, now, now)).fetchone()


def _view(row) -> CodeView | None:
    """A CodeView of a LOOKUP row (None stays None)."""
    if row is None:
        return None
    places = None if row[8] is None else max(0, row[8] - row[9])
    return CodeView(
        code_hash=row[0], invitation_id=row[1], ceremony_id=row[2], public=json.loads(row[3]),
        answer_by=row[4], max_companions=row[6], answered_at=row[7], places_left=places,
    )
