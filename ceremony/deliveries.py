"""Deliveries: one row per received file, each with its own data key."""

from __future__ import annotations

from ceremony.clock import utc_iso


def create_delivery(store, actor: str, source_format: str) -> int:
    """A new delivery row with a fresh wrapped data key (caller audits the import)."""
    with store.write() as db:
        cur = db.execute(
            "INSERT INTO deliveries(received_at, received_by, source_format) VALUES (?,?,?)",
            [utc_iso(), actor, source_format],
        )
        store.new_data_key(cur.lastrowid)
    return cur.lastrowid


def get_delivery(store, delivery_id: int) -> dict | None:
    """One delivery row, without its wrapped key."""
    row = store.one("SELECT * FROM deliveries WHERE id = ?", [delivery_id])
    if row:
        row.pop("wrapped_key", None)
    return row


def list_deliveries(store) -> list[dict]:
    """All deliveries, newest first, without wrapped keys."""
    rows = store.rows(
        "SELECT d.*, (SELECT count(*) FROM people p WHERE p.delivery_id = d.id) AS people "
        "FROM deliveries d ORDER BY d.id DESC"
    )
    for row in rows:
        row.pop("wrapped_key", None)
    return rows
