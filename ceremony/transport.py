"""Deleting the delivery from the transport medium (deliberation par. 10).

After an import, staff confirm each item of the checklist; who ticked what and when
is recorded. Until every item of a delivery is confirmed, a reminder shows on every page.
"""

from __future__ import annotations

from ceremony import audit, auth
from ceremony.clock import utc_iso
from ceremony.errors import InvalidInput, NotFound
from ceremony.texts import t

# item key -> text key of its Dutch label
ITEMS = {
    "message": "transport.item.message",
    "download": "transport.item.download",
    "sms": "transport.item.sms",
}


def confirm(store, user: auth.User, delivery_id: int, item: str) -> None:
    """Record that `user` deleted `item` of `delivery_id` from the transport medium."""
    auth.require(user, "transport.confirm")
    actor = user.actor
    if item not in ITEMS and item != "source_file":
        raise InvalidInput(t("transport.unknown_item"))
    with store.write() as db:
        if not store.scalar("SELECT 1 FROM deliveries WHERE id = ?", [delivery_id]):
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
    needed = len(ITEMS)
    rows = store.rows(
        "SELECT d.id FROM deliveries d WHERE "
        f"(SELECT count(*) FROM transport_checks c WHERE c.delivery_id = d.id AND c.item IN ({','.join('?' * needed)})) < ? "
        "ORDER BY d.id",
        [*ITEMS, needed],
    )
    return [row["id"] for row in rows]
