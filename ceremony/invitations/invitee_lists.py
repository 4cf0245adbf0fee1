"""The named lists of a ceremony's invitees: names added from `ceremony.namecache`, paged,
filtered by name, and every view audited (`ceremonies.audit_view`).

Part of the owner of `invitations` (`ceremony.invitations`): it reads the table and the
`people` clear columns it joins, and writes nothing. The ids of who is invited where are
kept in memory per ceremony (`invitee_ids`) while the change counters of people and
invitations stay where they were, so Onthaal and the invitee list do not read 20,000 ids
on every click.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from types import MappingProxyType

from ceremony import namecache, names, people, permissions
from ceremony.ceremonies import audit_view
from ceremony.invitations import _CONTACTABLE
from ceremony.store import in_chunks

PAGE_SIZE = 50  # invitees per page of the ceremony page's list

# (database path, ceremony id) -> (change counters when read, invitee ids, last used):
# see `invitee_ids`; a ceremony's ids unused for `namecache.IDLE_SECONDS` are dropped
_invitees_held: dict[tuple[str, int], tuple[tuple, Mapping[int, int], float]] = {}


def invitees(store, user: permissions.User, ceremony_id: int, seen: set[str] | None = None) -> list[dict]:
    """A ceremony's invitees with their state and name (audited as an access; `seen`: see
    `audit_view`)."""
    permissions.require(user, "ceremonies.manage")
    rows = store.rows(f"SELECT i.*, p.certificate_date {_CONTACTABLE} ORDER BY i.id", [ceremony_id])
    return named_rows(store, user, rows, "ceremony.invitees_view", ceremony_id, seen, invitees_scope(ceremony_id))


class Page(list):
    """One page of a longer list: its rows, `total` (how many in all), `offset` (of the
    first row) and `invited` (the ceremony's invitees before any name filter)."""

    def __init__(self, rows: list[dict], total: int, offset: int = 0, invited: int = 0):
        super().__init__(rows)
        self.total, self.offset, self.invited = total, offset, invited


def invitees_scope(ceremony_id: int) -> str:
    """The `namecache` scope of a ceremony's invitees (one for the ceremony page and check-in)."""
    return f"invitees:{ceremony_id}"


def invitee_ids(store, ceremony_id: int) -> Mapping[int, int]:
    """{person id: invitation id} of a ceremony's invitees, "niet contacteren" left out
    (clear columns only; read-only).

    Kept in memory per ceremony while the change counters of people and invitations stay
    where they were (any process moves them: an invitation added or deleted, a person
    flagged, re-sealed or shredded), so Onthaal and the invitee list do not read 20,000 ids
    on every click. Read inside a transaction, the ids are not kept: it may roll back."""
    version = people.rows.change_counts(store)
    key = (str(store.paths.db), ceremony_id)
    now = time.monotonic()
    for old in [k for k, (_v, _ids, used) in _invitees_held.items() if used < now - namecache.IDLE_SECONDS]:
        _invitees_held.pop(old, None)
    held = _invitees_held.get(key)
    if held is not None and held[0] == version:
        _invitees_held[key] = (version, held[1], now)
        return held[1]
    ids = MappingProxyType(dict(store.db.execute(f"SELECT i.person_id, i.id {_CONTACTABLE}", [ceremony_id]).fetchall()))
    if not store.db.conn.in_transaction:
        _invitees_held[key] = (version, ids, now)
    return ids


def invitation_rows(store, invitation_ids: list[int]) -> dict[int, dict]:
    """Invitation rows (with the person's certificate date) by id, for the few a page shows."""
    found = {}
    for chunk, marks in in_chunks(invitation_ids):
        for row in store.rows(
            f"SELECT i.*, p.certificate_date FROM invitations i JOIN people p ON p.id = i.person_id WHERE i.id IN ({marks})",
            chunk,
        ):
            found[row["id"]] = row
    return found


def matching_invitees(store, ceremony_id: int, query_words: list[str]) -> tuple[list, dict[int, int]]:
    """The invitees whose name matches every query word (all with no words) as (person id,
    `namecache.Name`) sorted by name, and {person id: invitation id} of every invitee.
    Names come from `namecache` (no audit here: callers audit what they show)."""
    ids = invitee_ids(store, ceremony_id)
    named = namecache.ordered(store, invitees_scope(ceremony_id), ids)
    for word in query_words:  # one pass per word: the first narrows the list for the rest
        named = [item for item in named if word in item[1].folded]
    return named, ids


def invitee_page(
    store, user: permissions.User, ceremony_id: int, query: str = "", offset: int = 0, limit: int = PAGE_SIZE,
    seen: set[str] | None = None,
) -> Page:
    """One page of a ceremony's invitees, sorted by name, optionally filtered by name
    (`ceremony.names`), with their state. Only the page's people are shown and audited as
    an access (`seen`: see `audit_view`); an offset past the end shows the last page."""
    permissions.require(user, "ceremonies.manage")
    found, ids = matching_invitees(store, ceremony_id, names.words(query))
    limit = max(1, limit)
    offset = max(0, min(offset, (len(found) - 1) // limit * limit if found else 0))
    page = found[offset : offset + limit]
    rows = invitation_rows(store, [ids[pid] for pid, _name in page])
    shown = []
    for pid, name in page:
        if ids[pid] in rows:  # an invitation removed since the ids were read is skipped
            shown.append({**rows[ids[pid]], "first_name": name.first_name, "last_name": name.last_name})
    if shown:
        audit_view(store, user, "ceremony.invitees_view", f"ceremony:{ceremony_id}", [r["person_id"] for r in shown],
                   seen)
    return Page(shown, len(found), offset, len(ids))


def named_rows(store, user: permissions.User, rows: list[dict], action: str, ceremony_id: int,
               seen: set[str] | None = None, scope: str | None = None) -> list[dict]:
    """`rows` (each with a `person_id`) with first and last name added, sorted by name;
    showing them is audited as `action` (see `audit_view`). Names come from `namecache`
    (`scope`, by default `<action>:<ceremony id>`)."""
    return named_page(store, user, rows, action, ceremony_id, seen=seen, scope=scope)


def named_page(store, user: permissions.User, rows: list[dict], action: str, ceremony_id: int, offset: int = 0,
               limit: int | None = None, seen: set[str] | None = None, scope: str | None = None) -> Page:
    """`named_rows`, one page of `limit` rows from `offset` (all without a limit): only the
    page's people are shown and audited; an offset past the end shows the last page."""
    found = namecache.lookup(store, scope or f"{action}:{ceremony_id}", [r["person_id"] for r in rows])
    keyed = [(found[r["person_id"]], r) for r in rows if r["person_id"] in found]  # shredded meanwhile: not shown
    keyed.sort(key=lambda item: (item[0].sort_key, item[1]["id"]))
    if limit is not None:
        limit = max(1, limit)
        offset = max(0, min(offset, (len(keyed) - 1) // limit * limit if keyed else 0))
        shown = keyed[offset : offset + limit]
    else:
        offset, shown = 0, keyed
    page = [{**row, "first_name": name.first_name, "last_name": name.last_name} for name, row in shown]
    if page:
        audit_view(store, user, action, f"ceremony:{ceremony_id}", [r["person_id"] for r in page], seen)
    return Page(page, len(keyed), offset, len(keyed))
