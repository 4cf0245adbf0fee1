"""Administration that is not about people: settings and the installation's status."""

from __future__ import annotations

from typing import Any

from ceremony import audit, auth, ceremonies, deliveries, people, permissions, retention
from ceremony.config import parse_setting


def set_setting(store, user: permissions.User, key: str, raw: Any) -> Any:
    """Validate and store one setting; audit the change (the key, never the old value)."""
    permissions.require(user, "settings.manage")
    value = parse_setting(key, raw)
    with store.write():
        store.put_setting(key, value)
        audit.record(store, user.actor, "settings.change", f"setting:{key}")
    return value


def status(store) -> dict[str, Any]:
    """Counts an operator or a monitoring check can read (no personal data)."""
    return {
        "people": people.rows.count(store),
        "deliveries": deliveries.count(store, active_only=True),
        "deliveries_total": deliveries.count(store),
        "users": auth.user_count(store, active_only=True),
        "ceremonies": ceremonies.count(store),
        "audit_entries": audit.count(store),
        "data_dir": str(store.paths.data_dir),
        "next_purge": _iso(retention.next_purge(store)),
    }


def _iso(day) -> str | None:
    return day.isoformat() if day else None
