"""Deliveries: one row per received file, each with its own data key."""

from __future__ import annotations

from ceremony.clock import utc_iso


def create_delivery(store, actor: str, source_format: str, content_index: str | None = None) -> int:
    """A new delivery row with a fresh wrapped data key (caller audits the import);
    `content_index`: the keyed fingerprint of its rows (`intake.fingerprint`)."""
    with store.write() as db:
        cur = db.execute(
            "INSERT INTO deliveries(received_at, received_by, source_format, content_index) VALUES (?,?,?,?)",
            [utc_iso(), actor, source_format, content_index],
        )
        store.new_data_key(cur.lastrowid)
    return cur.lastrowid


def with_content(store, content_index: str) -> dict | None:
    """The first active delivery whose rows have this fingerprint (id, received_at), or None."""
    return store.one(
        "SELECT id, received_at FROM deliveries WHERE content_index = ? AND status = 'active' ORDER BY id LIMIT 1",
        [content_index],
    )


def rekey_content_indexes(store, old_ring, new_ring) -> int:
    """Key rotation (`keys.RESEAL_HOOKS`): carry each stored fingerprint into the new key
    epoch, as blind indexes are (`Keyring.rekey_blind_index`). Returns how many."""
    with store.write() as db:
        rows = store.rows("SELECT id, content_index FROM deliveries WHERE content_index IS NOT NULL")
        db.conn.executemany(
            "UPDATE deliveries SET content_index = ? WHERE id = ?",
            [(new_ring.rekey_blind_index(r["content_index"]), r["id"]) for r in rows],
        )
    return len(rows)


def get_delivery(store, delivery_id: int) -> dict | None:
    """One delivery row, without its wrapped key."""
    row = store.one("SELECT * FROM deliveries WHERE id = ?", [delivery_id])
    if row:
        row.pop("wrapped_key", None)
        row.pop("content_index", None)
    return row


def list_deliveries(store) -> list[dict]:
    """All deliveries, newest first, without wrapped keys."""
    rows = store.rows(
        "SELECT d.*, (SELECT count(*) FROM people p WHERE p.delivery_id = d.id) AS people "
        "FROM deliveries d ORDER BY d.id DESC"
    )
    for row in rows:
        row.pop("wrapped_key", None)
        row.pop("content_index", None)
    return rows


def count(store, *, active_only: bool = False) -> int:
    """How many deliveries there are (or only the active ones, whose data is still held)."""
    return store.scalar("SELECT count(*) FROM deliveries" + (" WHERE status = 'active'" if active_only else ""))


def ids(store) -> list[int]:
    """Every delivery id, oldest first."""
    return [r[0] for r in store.db.execute("SELECT id FROM deliveries ORDER BY id")]


def exists(store, delivery_id: int) -> bool:
    """Whether a delivery row exists (active or purged)."""
    return bool(store.scalar("SELECT 1 FROM deliveries WHERE id = ?", [delivery_id]))


def status(store, delivery_id: int) -> str | None:
    """A delivery's status (`active`, `purged`), or None when there is no such delivery."""
    return store.scalar("SELECT status FROM deliveries WHERE id = ?", [delivery_id])


def received_at(store, delivery_id: int) -> str | None:
    """When a delivery was received (UTC ISO)."""
    return store.scalar("SELECT received_at FROM deliveries WHERE id = ?", [delivery_id])


def retention_rows(store) -> dict[int, dict]:
    """Each delivery's dates, status and counts by id (the retention policy's input)."""
    rows = store.rows(
        "SELECT id, received_at, status, rows, stored, people_purged, purged_at, purge_reason "
        "FROM deliveries ORDER BY id"
    )
    return {row["id"]: row for row in rows}


def record_import(store, delivery_id: int, counts: dict) -> None:
    """Store an import's counts on its delivery row: rows, stored, updated, unchanged,
    duplicates, out_of_scope, rejected, warnings, dropped_columns, outside_window,
    outside_postcodes, objected."""
    with store.write() as db:
        db.execute(
            "UPDATE deliveries SET rows = :rows, stored = :stored, updated = :updated, unchanged = :unchanged, "
            "duplicates = :duplicates, out_of_scope = :out_of_scope, rejected = :rejected, warnings = :warnings, "
            "dropped_columns = :dropped_columns, outside_window = :outside_window, "
            "outside_postcodes = :outside_postcodes, objected = :objected WHERE id = :id",
            {**counts, "id": delivery_id},
        )


def add_purged_people(store, delivery_id: int, n: int) -> None:
    """Count `n` shredded people on their delivery (the caller holds the transaction)."""
    store.db.execute("UPDATE deliveries SET people_purged = people_purged + ? WHERE id = ?", [n, delivery_id])


def mark_purged(store, delivery_id: int, reason: str) -> bool:
    """Mark an active delivery purged (its key is destroyed); False when it was not active."""
    return bool(store.db.execute(
        "UPDATE deliveries SET status = 'purged', purged_at = ?, purge_reason = ?, content_index = NULL "
        "WHERE id = ? AND status = 'active'",
        [utc_iso(), reason, delivery_id],
    ).rowcount)


def mark_source_deleted(store, delivery_id: int) -> None:
    """Note that the imported file was deleted from its drop folder."""
    with store.write() as db:
        db.execute("UPDATE deliveries SET source_deleted_at = ? WHERE id = ?", [utc_iso(), delivery_id])


def scope_totals(store) -> dict[str, int]:
    """Rows left out of scope over all deliveries, in total and per reason (compliance)."""
    return dict(
        store.one(
            "SELECT coalesce(sum(out_of_scope), 0) AS out_of_scope, coalesce(sum(outside_window), 0) AS window, "
            "coalesce(sum(outside_postcodes), 0) AS postcodes, coalesce(sum(objected), 0) AS objected "
            "FROM deliveries"
        )
    )


def dropped_columns_values(store) -> list[str | None]:
    """Each delivery's stored `dropped_columns` value (a count as JSON, or an old list of names)."""
    return [r[0] for r in store.db.execute("SELECT dropped_columns FROM deliveries")]


def key_counts(store) -> dict[str, int]:
    """Evidence of crypto-shredding: active deliveries with a wrapped key, purged ones
    without, and rows where status and key disagree."""
    return dict(
        store.one(
            "SELECT coalesce(sum(status = 'active' AND wrapped_key IS NOT NULL), 0) AS active, "
            "coalesce(sum(status = 'purged' AND wrapped_key IS NULL), 0) AS shredded, "
            "coalesce(sum((status = 'active') != (wrapped_key IS NOT NULL)), 0) AS wrong FROM deliveries"
        )
    )
