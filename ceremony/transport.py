"""Deleting the delivery from the transport medium (deliberation par. 10).

After an import, staff confirm each item of the checklist; who ticked what and when
is recorded. Until every item of a delivery is confirmed, a reminder shows on every page.
"""

from __future__ import annotations

from ceremony import audit, deliveries, permissions
from ceremony.clock import utc_iso
from ceremony.errors import InvalidInput, NotFound
from ceremony.store import placeholders
from ceremony.texts import t

# item key -> text key of its Dutch label
ITEMS = {
    "message": "transport.item.message",
    "download": "transport.item.download",
    "sms": "transport.item.sms",
}


def confirm(store, user: permissions.User, delivery_id: int, item: str) -> None:
    """Record that `user` deleted `item` of `delivery_id` from the transport medium."""
    permissions.require(user, "transport.confirm")
    actor = user.actor
    if item not in ITEMS and item != "source_file":
        raise InvalidInput(t("transport.unknown_item"))
    with store.write() as db:
        if not deliveries.exists(store, delivery_id):
            raise NotFound(t("transport.unknown_delivery"))
        db.execute(
            "INSERT INTO transport_checks(delivery_id, item, confirmed_by, confirmed_at) VALUES (?,?,?,?) "
            "ON CONFLICT(delivery_id, item) DO NOTHING",
            [delivery_id, item, actor, utc_iso()],
        )
        audit.record(store, actor, "transport.confirm", f"delivery:{delivery_id}", item=item)


def confirmations(store, delivery_id: int) -> dict[str, dict]:
    """The recorded confirmations of one delivery, by item."""
    rows = store.rows("SELECT * FROM transport_checks WHERE delivery_id = ?", [delivery_id])
    return {row["item"]: row for row in rows}


def pending(store) -> list[int]:
    """Ids of deliveries whose checklist is not complete yet (oldest first)."""
    complete = {
        row[0]
        for row in store.db.execute(
            f"SELECT delivery_id FROM transport_checks WHERE item IN ({placeholders(ITEMS)}) "
            "GROUP BY delivery_id HAVING count(*) >= ?",
            [*ITEMS, len(ITEMS)],
        )
    }
    return [delivery_id for delivery_id in deliveries.ids(store) if delivery_id not in complete]
