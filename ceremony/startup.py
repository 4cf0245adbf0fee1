"""What runs once when a process opens the store, before any page shows data."""

from __future__ import annotations

from ceremony import audit, retention, sessions

# Start-up tasks, in order: each is `task(store) -> None`. Retention registers its purge
# here, so that expired data is gone before anybody can list it.
TASKS: list = [retention.startup_purge, sessions.prune]


def run_startup(store) -> None:
    """Run every start-up task, then record the start."""
    for task in TASKS:
        task(store)
    audit.record(store, "system:start-up", "app.start")
