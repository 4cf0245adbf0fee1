"""People: the one place that seals and opens personal records.

A person's personal fields are one JSON record sealed with their delivery's data key.
The associated data binds it to its row: `person2:<id>:<uid>:<delivery_id>:<blind
index>:<do_not_contact>`, so a record moved to another row, a swapped blind index or a
`do_not_contact` flag changed behind the app's back does not open (the flag changes only
through `set_do_not_contact`, which re-seals). Call notes are sealed the same way with
`note:<attempt uid>:<delivery_id>`. Only certificate date and workflow flags are clear;
queries on those clear columns (no decryption) are in `people.rows`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ceremony import crypto, jsontext, names, national_number, parallel
from ceremony.clock import utc_iso
from ceremony.errors import NotFound
from ceremony.people import rows
from ceremony.store import in_chunks, placeholders
from ceremony.texts import t

# The personal fields sealed in each record: the one list (intake's columns, the dossier,
# rectification and the importer's merge all read it).
PERSONAL_FIELDS = (
    "national_number",
    "first_name",
    "last_name",
    "street",
    "house_number",
    "box",
    "postcode",
    "municipality",
    "email",
    "phone",
)


@dataclass
class Person:
    id: int
    uid: str
    delivery_id: int
    certificate_date: str
    do_not_contact: bool
    fields: dict[str, str] = field(default_factory=dict)

    def __getattr__(self, name: str) -> str:
        # person.first_name etc. read the decrypted fields
        if name in PERSONAL_FIELDS:
            return self.fields.get(name, "")
        raise AttributeError(name)

    @property
    def full_name(self) -> str:
        return f"{self.fields.get('first_name', '')} {self.fields.get('last_name', '')}".strip()

    @property
    def street_line(self) -> str:
        """Street, number and box as written on an envelope."""
        line = " ".join(p for p in (self.fields.get("street", ""), self.fields.get("house_number", "")) if p)
        box = self.fields.get("box", "")
        return f"{line} bus {box}" if box else line


RESEAL_FLAG = "reseal_rows_pending"  # set by migration m120: records still carry the old associated data


def _aad(kind: str, uid: str, delivery_id: int) -> bytes:
    return f"{kind}:{uid}:{delivery_id}".encode()


def _row_aad(person_id: int, uid: str, delivery_id: int, blind_index: str, do_not_contact) -> bytes:
    """What a sealed record vouches for: its row and the clear columns that select it."""
    return f"person2:{person_id}:{uid}:{delivery_id}:{blind_index}:{int(bool(do_not_contact))}".encode()


# one encoder, its C part set up once (`jsontext`), not one per record
_as_json = jsontext.writer(json.JSONEncoder(ensure_ascii=False, separators=(",", ":")))


def _payload(fields: dict[str, str]) -> bytes:
    clean = {name: str(fields.get(name) or "") for name in PERSONAL_FIELDS}
    return _as_json(clean).encode()


def seal_fields(store, row: dict, fields: dict[str, str], key: bytes | None = None) -> bytes:
    """Seal a person's personal fields for `row` (id, uid, delivery_id, blind_index,
    do_not_contact) under their delivery's key."""
    key = key or store.data_key(row["delivery_id"])
    return crypto.seal(key, _payload(fields), _aad_of(row))


def _aad_of(row: dict) -> bytes:
    return _row_aad(row["id"], row["uid"], row["delivery_id"], row["blind_index"], row["do_not_contact"])


def open_fields(store, row: dict, key: bytes | None = None) -> dict[str, str]:
    """Open a `people` row's record; tampering or a record of another row raises IntegrityError.

    Every record is read here, so names and addresses pass `names.neutral` here: no bidi
    override reaches a page, a mail header or an export."""
    key = key or store.data_key(row["delivery_id"])
    plain = crypto.open_sealed(key, row["record"], _aad_of(row))
    return names.neutral_record(plain, json.loads(plain))


def _person(store, row: dict) -> Person:
    return Person(
        id=row["id"],
        uid=row["uid"],
        delivery_id=row["delivery_id"],
        certificate_date=row["certificate_date"],
        do_not_contact=bool(row["do_not_contact"]),
        fields=open_fields(store, row),
    )


def insert_person(store, delivery_id: int, fields: dict[str, str], certificate_date: str) -> int:
    """Store a new person; returns their id (caller holds the write transaction and audits)."""
    insert_people(store, delivery_id, [(fields, certificate_date)])
    return store.db.execute("SELECT last_insert_rowid()").fetchone()[0]


def insert_people(store, delivery_id: int, records: Iterable[tuple]) -> int:
    """Store new people of one delivery in one executemany; returns the count.

    `records`: `(fields, certificate_date)` or `(fields, certificate_date, blind_index)`
    when the caller has the blind index already (the importer's CleanRow carries it).
    The one way a person is added (`insert_person` is this for one): the data key is
    looked up once and all share one timestamp. The caller holds the write transaction
    and audits.
    """
    with store.write() as db:  # the row ids are taken inside the transaction that inserts them
        key = store.data_key(delivery_id)
        uids = crypto.random_hex(16)
        keys = store.keys
        now = utc_iso()
        next_id = (db.execute("SELECT max(id) FROM people").fetchone()[0] or 0) + 1
        pending = []
        for fields, certificate_date, *known in records:
            blind = known[0] if known else national_number.blind_index(keys, fields["national_number"])
            row = {
                "id": next_id, "uid": next(uids), "delivery_id": delivery_id,
                "blind_index": blind, "do_not_contact": 0,
            }
            pending.append((row, fields, certificate_date))
            next_id += 1
        # sealing is the CPU-bound part: both cores for a large delivery (ceremony.parallel)
        sealed = parallel.split_map(functools.partial(_seal_rows, key), pending)
        db.conn.executemany(
            "INSERT INTO people(id, uid, delivery_id, blind_index, record, certificate_date, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?,?)",
            [(row["id"], row["uid"], delivery_id, row["blind_index"], record, certificate_date, now, now)
             for (row, _fields, certificate_date), record in zip(pending, sealed, strict=True)],
        )
        rows.count_change(store)
    return len(pending)


def _seal_rows(key: bytes, pending: list) -> list[bytes]:
    """Seal `(row, fields, certificate_date)` items; the sealer (and its nonces) is made here,
    in the process that seals, so two processes never share a nonce pool."""
    seal = crypto.sealer(key)
    return [seal(_payload(fields), _aad_of(row)) for row, fields, _certificate_date in pending]


def rewrite_person(
    store, person_id: int, fields: dict[str, str], certificate_date: str | None = None,
    delivery_id: int | None = None, blind_index: str | None = None,
) -> None:
    """Re-seal a person with new fields, optionally moving them to another delivery's key.

    `blind_index` is that of `fields["national_number"]` when the caller has it already.

    Moving re-seals their call notes too, so the old delivery's key can be shredded.
    The row is read inside the write transaction: a purge or import cannot slip in
    between; a person who is gone raises NotFound.
    """
    with store.write() as db:
        row = store.one("SELECT * FROM people WHERE id = ?", [person_id])
        if row is None:
            raise NotFound(t("rights.person_gone"))
        target = delivery_id or row["delivery_id"]
        if target != row["delivery_id"]:
            for note in store.rows(
                "SELECT id, uid, note FROM call_attempts WHERE person_id = ? AND note IS NOT NULL", [person_id]
            ):
                plain = open_note(store, row["delivery_id"], note["uid"], note["note"])
                db.execute(
                    "UPDATE call_attempts SET note = ? WHERE id = ?",
                    [seal_note(store, target, note["uid"], plain), note["id"]],
                )
        blind = blind_index or national_number.blind_index(store.keys, fields["national_number"])
        new_row = {**row, "delivery_id": target, "blind_index": blind}
        db.execute(
            "UPDATE people SET delivery_id = ?, blind_index = ?, record = ?, certificate_date = ?, updated_at = ? "
            "WHERE id = ?",
            [
                target,
                new_row["blind_index"],
                seal_fields(store, new_row, fields),
                certificate_date or row["certificate_date"],
                utc_iso(),
                person_id,
            ],
        )


def set_do_not_contact(store, person_id: int, value: bool) -> None:
    """The one place the flag changes: the record is re-sealed so that it vouches for it.

    The caller checks the permission and audits; a person who is gone raises NotFound.
    """
    with store.write() as db:
        row = store.one("SELECT * FROM people WHERE id = ?", [person_id])
        if row is None:
            raise NotFound(t("rights.person_gone"))
        fields = open_fields(store, row)
        new_row = {**row, "do_not_contact": int(value)}
        db.execute(
            "UPDATE people SET do_not_contact = ?, record = ?, updated_at = ? WHERE id = ?",
            [int(value), seal_fields(store, new_row, fields), utc_iso(), person_id],
        )


def reseal_all(store) -> int:
    """Migration m120's second half: re-seal records made with the old associated data
    (`person:<uid>:<delivery_id>`) to the row-bound form, in one transaction. A start-up
    upgrade (`ceremony.startup.UPGRADES`): nothing to do unless the migration asked for it."""
    if not store.meta(RESEAL_FLAG):
        return 0
    count = 0
    with store.write() as db:
        for row in store.rows("SELECT * FROM people ORDER BY id"):
            key = store.data_key(row["delivery_id"])
            plain = crypto.open_sealed(key, row["record"], _aad("person", row["uid"], row["delivery_id"]))
            sealed = crypto.seal(key, plain, _aad_of(row))
            db.execute("UPDATE people SET record = ? WHERE id = ?", [sealed, row["id"]])
            count += 1
        store.set_meta(RESEAL_FLAG, None)
    return count


def get_person(store, person_id: int) -> Person | None:
    """One person, decrypted (no audit: callers that show it to a user audit it)."""
    row = store.one("SELECT * FROM people WHERE id = ?", [person_id])
    return _person(store, row) if row else None


def find_by_national_number(store, number: str) -> Person | None:
    """Look a person up by a normalised national number, through the blind index."""
    return find_by_blind_index(store, national_number.blind_index(store.keys, number))


def find_by_blind_index(store, blind_index: str) -> Person | None:
    """The person with this blind index (`national_number.blind_index`), decrypted."""
    row = store.one("SELECT * FROM people WHERE blind_index = ?", [blind_index])
    return _person(store, row) if row else None


def iter_people(store, ids: Iterable[int] | None = None, include_do_not_contact: bool = True) -> Iterator[Person]:
    """Decrypt people in id order (all, or the given ids)."""
    sql = "SELECT * FROM people"
    clauses, params = [], []
    if ids is not None:
        id_list = list(ids)
        if not id_list:
            return
        clauses.append(f"id IN ({placeholders(id_list)})")
        params.extend(id_list)
    if not include_do_not_contact:
        clauses.append("do_not_contact = 0")
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    for row in store.db.query(sql + " ORDER BY id", params):
        yield _person(store, row)


def certificate_dates(store, ids: Iterable[int]) -> dict[int, str]:
    """{id: certificate date} of the given people (a clear column: nothing is decrypted)."""
    id_list = list(ids)
    found: dict[int, str] = {}
    for chunk, marks in in_chunks(id_list):
        found.update(
            store.db.execute(f"SELECT id, certificate_date FROM people WHERE id IN ({marks})", chunk).fetchall()
        )
    return found


def open_names(store, ids: Iterable[int]) -> dict[int, tuple[str, str, bytes]]:
    """First and last name of the given people, {id: (first, last, stamp)}, for
    `ceremony.namecache` (no audit: the pages that show names audit them). The rest of each
    record is opened in memory and dropped at once; each delivery's key is looked up once.
    `stamp` is the record's nonce (`record_stamps`)."""
    id_list = list(ids)
    found: dict[int, tuple[str, str, bytes]] = {}
    keys: dict[int, bytes] = {}
    for chunk, marks in in_chunks(id_list):
        for row in store.db.query(
            f"SELECT id, uid, delivery_id, blind_index, do_not_contact, record FROM people WHERE id IN ({marks})",
            chunk,
        ):
            key = keys.get(row["delivery_id"]) or keys.setdefault(row["delivery_id"], store.data_key(row["delivery_id"]))
            fields = open_fields(store, row, key)
            found[row["id"]] = (fields.get("first_name", ""), fields.get("last_name", ""),
                                bytes(row["record"][: crypto.NONCE_BYTES]))
    return found


def record_stamps(store, ids: Iterable[int]) -> dict[int, bytes]:
    """{id: stamp} of the given people who still exist, without opening anything.

    The stamp is the sealed record's nonce: every seal (a new person, a rectification, a
    move to another delivery, a key rotation) draws a fresh random one, so a record whose
    stamp is unchanged is unchanged. `ceremony.namecache` re-reads only the others.
    """
    id_list = list(ids)
    found: dict[int, bytes] = {}
    for chunk, marks in in_chunks(id_list):
        found.update(store.db.execute(
            f"SELECT id, substr(record, 1, {crypto.NONCE_BYTES}) FROM people WHERE id IN ({marks})",
            chunk,
        ).fetchall())
    return found


def seal_note(store, delivery_id: int, attempt_uid: str, note: str) -> bytes:
    """Seal a caller's free-text note like any personal field."""
    return crypto.seal(store.data_key(delivery_id), note.encode(), _aad("note", attempt_uid, delivery_id))


def open_note(store, delivery_id: int, attempt_uid: str, sealed: bytes) -> str:
    """Open a sealed call note."""
    return crypto.open_sealed(store.data_key(delivery_id), sealed, _aad("note", attempt_uid, delivery_id)).decode()


def reseal_for_rotation(store, data_keys: dict[int, tuple[bytes, bytes]], new_ring) -> tuple[int, int]:
    """Key rotation: re-seal every record and note from the old to the new data key of
    its delivery, with its blind index carried into the new key epoch. Returns (people,
    notes). Runs inside the rotation's transaction, in chunks (bounded memory)."""
    db = store.db
    people_done = notes_done = 0
    last = 0
    while True:
        rows = store.rows("SELECT * FROM people WHERE id > ? ORDER BY id LIMIT 2000", [last])
        if not rows:
            break
        updates = []
        for row in rows:
            old_key, new_key = data_keys[row["delivery_id"]]
            fields = open_fields(store, row, old_key)
            new_row = {**row, "blind_index": new_ring.rekey_blind_index(row["blind_index"])}
            updates.append((new_row["blind_index"], seal_fields(store, new_row, fields, new_key), row["id"]))
        db.conn.executemany("UPDATE people SET blind_index = ?, record = ? WHERE id = ?", updates)
        people_done += len(rows)
        last = rows[-1]["id"]
    notes = store.rows(
        "SELECT c.id, c.uid, c.note, p.delivery_id FROM call_attempts c JOIN people p ON p.id = c.person_id "
        "WHERE c.note IS NOT NULL"
    )
    updates = []
    for note in notes:
        old_key, new_key = data_keys[note["delivery_id"]]
        aad = _aad("note", note["uid"], note["delivery_id"])
        updates.append((crypto.seal(new_key, crypto.open_sealed(old_key, note["note"], aad), aad), note["id"]))
    db.conn.executemany("UPDATE call_attempts SET note = ? WHERE id = ?", updates)
    notes_done = len(updates)
    return people_done, notes_done
