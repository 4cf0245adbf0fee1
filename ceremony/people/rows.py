"""People: queries on the clear columns of `people` (no decryption) and the people change
counter (`change_counts`). The table's other half, sealing and opening records, is
`ceremony.people`."""

from __future__ import annotations

from ceremony.store import in_chunks


def change_count(store) -> tuple:
    """(token, count) of the people change counter (table `change_counts`, migration m180):
    it moves on every insert batch, re-seal (a trigger) and shredding, from any process, so
    `ceremony.namecache` knows when the names it holds may be stale."""
    row = store.db.execute("SELECT token, n FROM change_counts WHERE name = 'people'").fetchone()
    return tuple(row) if row else (None, None)


def change_counts(store) -> tuple:
    """Every change counter as ((name, token, count), ...): `people` (see `change_count`)
    and `invitations` (who is invited where, m250; see `count_change`), for in-memory
    copies that hold while neither moves."""
    return tuple(store.db.execute("SELECT name, token, n FROM change_counts ORDER BY name").fetchall())


def count_change(store, name: str = "people") -> None:
    """Move a change counter on (inside the caller's transaction): `people` once per batch
    of new people and per shredding (re-seals move it through a trigger); `invitations`
    once per batch of invitations added or deleted (m250)."""
    store.db.execute("UPDATE change_counts SET n = n + 1 WHERE name = ?", [name])


def clear_row(store, person_id: int) -> dict | None:
    """A person's clear columns (id, delivery, blind index, flag, dates), or None when gone."""
    return store.one(
        "SELECT id, delivery_id, blind_index, do_not_contact, certificate_date, created_at, updated_at "
        "FROM people WHERE id = ?",
        [person_id],
    )


def count(store, *, delivery_id: int | None = None, do_not_contact: bool | None = None,
          contactable: bool = False) -> int:
    """How many people are stored (of one delivery; flagged "niet contacteren" or not)."""
    clauses, params = [], []
    if delivery_id is not None:
        clauses.append("delivery_id = ?")
        params.append(delivery_id)
    if do_not_contact is not None or contactable:
        clauses.append("do_not_contact = ?")
        params.append(0 if contactable else int(do_not_contact))
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    return store.scalar("SELECT count(*) FROM people" + where, params)


def ids_of_delivery(store, delivery_id: int) -> list[int]:
    """Ids of the people one delivery brought."""
    return [r[0] for r in store.db.execute("SELECT id FROM people WHERE delivery_id = ?", [delivery_id])]


def ids_of_uids(store, uids: list[str]) -> list[int]:
    """Ids of the stored people among these uids (a restore re-applying the shred ledger)."""
    found: list[int] = []
    for chunk, marks in in_chunks(uids):
        found += [r[0] for r in store.db.execute(f"SELECT id FROM people WHERE uid IN ({marks})", chunk)]
    return found


def has_people(store, delivery_id: int) -> bool:
    """Whether one delivery still holds anybody."""
    return bool(store.scalar("SELECT 1 FROM people WHERE delivery_id = ? LIMIT 1", [delivery_id]))


# --- shredding (ceremony.shredder: its transaction, one slice of ids with its placeholders)


def uids_of(store, chunk, marks: str) -> list[str]:
    """The random uids of these people, for the shred ledger (never a personal value)."""
    return [r[0] for r in store.db.execute(f"SELECT uid FROM people WHERE id IN ({marks})", chunk)]


def count_per_delivery(store, chunk, marks: str) -> list[tuple[int, int]]:
    """(delivery id, how many of these people it holds)."""
    return store.db.execute(
        f"SELECT delivery_id, count(*) FROM people WHERE id IN ({marks}) GROUP BY delivery_id", chunk
    ).fetchall()


def delete_people(store, chunk, marks: str) -> int:
    """Delete these people's rows, sealed record and blind index with them; how many went."""
    return store.db.execute(f"DELETE FROM people WHERE id IN ({marks})", chunk).rowcount


def blind_index_ids(store) -> dict[str, int]:
    """Every stored person's blind index with their id (the importer's duplicate check)."""
    return dict(store.db.execute("SELECT blind_index, id FROM people").fetchall())


def count_certified_between(store, start: str, end: str) -> int:
    """How many stored people have a certificate date in [start, end] (ISO dates)."""
    return store.scalar(
        "SELECT count(*) FROM people WHERE certificate_date >= ? AND certificate_date <= ?", [start, end]
    )


# people with a certificate in [start, end], not "niet contacteren", not invited to the
# ceremony and not present at another one (reads `invitations` by a NOT EXISTS on
# `invitations.person_id = people.id`, answered from its person index, m253)
_TARGET_GROUP = (
    "FROM people p WHERE p.do_not_contact = 0 AND p.certificate_date >= ? AND p.certificate_date <= ? "
    "AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.person_id = p.id AND (i.ceremony_id = ? OR i.present = 1))"
)


def target_group_ids(store, start: str, end: str, ceremony_id: int) -> list[int]:
    """Ids of the target group of `ceremony_id` (see `_TARGET_GROUP`), most recent
    certificate first."""
    rows = store.db.execute(
        f"SELECT p.id {_TARGET_GROUP} ORDER BY p.certificate_date DESC, p.id", [start, end, ceremony_id]
    ).fetchall()
    return [row[0] for row in rows]


def target_group_count(store, start: str, end: str, ceremony_id: int) -> int:
    """How many `target_group_ids` would give (no list, no sort)."""
    return store.scalar(f"SELECT count(*) {_TARGET_GROUP}", [start, end, ceremony_id])


# the date of the last ceremony a person was invited to (reads invitations and ceremonies)
_LAST_CEREMONY = (
    "(SELECT max(c.date) FROM invitations i JOIN ceremonies c ON c.id = i.ceremony_id WHERE i.person_id = p.id)"
)


def retention_facts(store) -> list[tuple[int, int, str | None]]:
    """(person id, delivery id, date of their last ceremony or None) for every stored person,
    the inputs of the purge date. Reads `invitations` joined to `ceremonies` per person."""
    return store.db.execute(f"SELECT p.id, p.delivery_id, {_LAST_CEREMONY} FROM people p ORDER BY p.id").fetchall()


def earliest_purge_facts(store) -> tuple[list[int], str | None]:
    """The inputs of the earliest purge date without a row per person: the ids of the
    deliveries that still hold someone, and the earliest of the people's last ceremony dates
    (None when nobody stored was invited). Reads `invitations` joined to `ceremonies`,
    grouped per person (every invitation's person is stored: they go together)."""
    held = [row[0] for row in store.db.execute("SELECT DISTINCT delivery_id FROM people").fetchall()]
    earliest_last = store.scalar(
        "SELECT min(last) FROM (SELECT max(c.date) AS last FROM invitations i "
        "JOIN ceremonies c ON c.id = i.ceremony_id GROUP BY i.person_id)"
    )
    return held, earliest_last


def retention_fact(store, person_id: int) -> tuple[str, str | None] | None:
    """(received_at of the person's delivery, date of their last ceremony) or None when gone.
    Reads `deliveries` by a join on `deliveries.id = people.delivery_id`."""
    return store.db.execute(
        f"SELECT d.received_at, {_LAST_CEREMONY} FROM people p JOIN deliveries d ON d.id = p.delivery_id "
        "WHERE p.id = ?",
        [person_id],
    ).fetchone()
