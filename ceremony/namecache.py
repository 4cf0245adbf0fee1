"""Decrypted names in memory, so the ceremony pages answer fast at 20,000 invitees.

Opening 20,000 sealed records takes about 0.3 s; Onthaal, the invitee list and its filter
would pay that on every click. This module keeps, per process, only the first and last
name (and their folded forms for matching and sorting) of the people a page asked for,
grouped per *scope* - `"ceremony:<id>"` for a ceremony's invitees, `"eligible:<id>"` for
the people who can still be invited - and per database.

What it never does:
- hold any other field (no national number, address, e-mail or phone);
- write anything to disk (a dict in this process; it goes with the process);
- replace the audit trail: callers still record every view (`ceremonies.audit_view`),
  a cached name counts as shown like a decrypted one.

When names are dropped:
- every change to the `people` table (insert, delete, re-seal: rectification, "niet
  contacteren", key rotation; from any process) bumps a counter in the database
  (migration m180); the next read of a scope sees it and keeps only the names whose sealed
  record is unchanged: same nonce (`people.record_stamps`; every seal draws a fresh one),
  so one rectification re-opens one record, and a deleted person's name goes;
- the shredder and key rotation also drop them at once in this process (`drop`), so a
  purged or erased person's name does not wait for the next read;
- a scope unused for `IDLE_SECONDS` is dropped at the next call of any page;
- a scope keeps only the people its caller passes (someone no longer invited leaves it).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import NamedTuple

from ceremony import names, people

IDLE_SECONDS = 15 * 60


class Name(NamedTuple):
    first_name: str
    last_name: str
    folded: str  # names.fold("first last"), for matching
    sort_key: tuple[str, str]  # names.sort_key(first, last)

    def matches(self, query_words: list[str]) -> bool:
        """Whether every (folded) query word occurs in the name (`names.matches`)."""
        return all(word in self.folded for word in query_words)


class _Scope:
    def __init__(self, version: tuple):
        self.version = version
        self.names: dict[int, Name] = {}
        self.stamps: dict[int, bytes] = {}  # person id -> their record's nonce when read
        self.order: list[tuple[int, Name]] | None = None  # by name, then id; made when asked
        self.counts: Counter | None = None  # how many hold each sort key; made when asked
        self.source: Mapping | None = None  # the read-only id mapping the names were kept for
        self.used = time.monotonic()


_lock = threading.RLock()
_scopes: dict[tuple[str, str], _Scope] = {}  # (database path, scope) -> names


def _database(store) -> str:
    return str(store.paths.db)


def version(store) -> tuple:
    """The database's change counter of `people` (random token, count; `people.change_count`)."""
    return people.rows.change_count(store)


def lookup(store, scope: str, person_ids: Iterable[int]) -> Mapping[int, Name]:
    """The names of `person_ids` (read-only), decrypting only those not held yet for `scope`.

    The scope keeps exactly these people afterwards. No permission check and no audit
    here: callers are domain functions that do both.
    """
    return MappingProxyType(_fill(store, scope, person_ids).names)


def ordered(store, scope: str, person_ids: Iterable[int]) -> list[tuple[int, Name]]:
    """`lookup`, as (person id, name) sorted by name (`names.sort_key`), then id; the order
    is kept with the names, so a page of a long list costs no sort."""
    with _lock:
        held = _fill(store, scope, person_ids)
        if held.order is None:
            held.order = sorted(held.names.items(), key=lambda item: (item[1].sort_key, item[0]))
        return held.order


def name_counts(store, scope: str, person_ids: Iterable[int]) -> Counter:
    """How many of `person_ids` bear each name (`Name.sort_key`): namesakes without a pass
    over every name on each call; kept with the names like `ordered`."""
    with _lock:
        held = _fill(store, scope, person_ids)
        if held.counts is None:
            held.counts = Counter(name.sort_key for name in held.names.values())
        return held.counts


def _fill(store, scope: str, person_ids: Iterable[int]) -> _Scope:
    database = _database(store)
    current = version(store)  # read before decrypting: a change meanwhile bumps it past this
    if isinstance(person_ids, MappingProxyType) and not store.db.conn.in_transaction:
        # a read-only mapping (`ceremony.invitations.invitee_lists.invitee_ids` keeps one per version of who is
        # invited): passed again, it holds the same people, so no pass over 20,000 ids
        with _lock:
            _sweep()
            held = _scopes.get((database, scope))
            if held is not None and held.version == current and held.source is person_ids:
                held.used = time.monotonic()
                return held
    ids = set(person_ids)
    if store.db.conn.in_transaction:  # what a transaction sees may still roll back: not kept
        passing = _Scope(current)
        passing.names = {pid: _name(first, last) for pid, (first, last, _stamp) in people.open_names(store, ids).items()}
        return passing
    with _lock:
        _sweep()
        held = _scopes.get((database, scope))
        if held is None:
            held = _scopes[(database, scope)] = _Scope(current)
        elif held.version != current:
            _keep_unchanged(store, held, ids)
            held.version = current
        missing = ids.difference(held.names)
        if missing or len(held.names) != len(ids):
            names_now = {pid: name for pid, name in held.names.items() if pid in ids}
            stamps_now = {pid: held.stamps[pid] for pid in names_now}
            for pid, (first, last, stamp) in people.open_names(store, sorted(missing)).items():
                names_now[pid], stamps_now[pid] = _name(first, last), stamp
            # replaced, never changed in place (a reader elsewhere may hold the old ones)
            held.names, held.stamps, held.order, held.counts = names_now, stamps_now, None, None
        held.source = person_ids if isinstance(person_ids, MappingProxyType) else None
        held.used = time.monotonic()
        return held


def _keep_unchanged(store, held: _Scope, ids: set[int]) -> None:
    """After a change to `people` somewhere: keep only the names whose record is still the
    one they were read from (same stamp, `people.record_stamps`); the rest is read again.
    A rectification of one person at 20,000 invitees re-opens one record, not 20,000."""
    now = people.record_stamps(store, ids.intersection(held.names))
    kept = {pid: name for pid, name in held.names.items() if pid in now and now[pid] == held.stamps[pid]}
    if len(kept) != len(held.names):
        held.names, held.stamps = kept, {pid: held.stamps[pid] for pid in kept}
        held.order = held.counts = None


def _name(first: str, last: str) -> Name:
    return Name(first, last, names.fold(f"{first} {last}"), names.sort_key(first, last))


def drop(store, scope: str | None = None) -> None:
    """Forget the names held for this database (one scope, or all of them)."""
    with _lock:
        if scope is None:
            _drop_locked(_database(store))
        else:
            _scopes.pop((_database(store), scope), None)


def drop_after_commit(store) -> None:
    """Forget this database's names now and again once the current transaction committed
    (a page that read meanwhile could have cached a name that is about to go)."""
    drop(store)
    store.after_commit("namecache.drop", lambda: drop(store))


def people_deleted(store) -> None:
    """The shredder deletes people (inside its transaction): every process drops the names
    it holds of this database at its next read, this one at once."""
    people.rows.count_change(store)
    drop_after_commit(store)


def held(store) -> dict[str, int]:
    """How many names are held per scope for this database (for tests and status)."""
    database = _database(store)
    with _lock:
        return {scope: len(s.names) for (db, scope), s in _scopes.items() if db == database}


def _drop_locked(database: str) -> None:
    for key in [key for key in _scopes if key[0] == database]:
        del _scopes[key]


def _sweep() -> None:
    limit = time.monotonic() - IDLE_SECONDS
    for key in [key for key, s in _scopes.items() if s.used < limit]:
        del _scopes[key]
