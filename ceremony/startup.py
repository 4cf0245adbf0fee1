"""What runs once when a process opens the store, before any page shows data."""

from __future__ import annotations

from ceremony import audit, ledger, retention, scratch, sessions

# Start-up tasks, in order: each is `task(store) -> None`. First, letters a killed PDF
# conversion left on disk are removed (plaintext must go whatever else is wrong). Then the
# tamper evidence: a missing, shorter or older anchor or shred ledger than the database
# has seen stops the start (IntegrityError) until an administrator accepts a new anchor.
# Then a database restored from an older copy gets the deletions of the shred ledger
# re-applied; then retention's purge, so that expired data is gone before anybody can
# list it; last, ended sign-in sessions are forgotten.
TASKS: list = [
    scratch.remove_left_over, ledger.check_evidence, ledger.reconcile, retention.startup_purge, sessions.prune,
]


def run_startup(store) -> None:
    """Run every start-up task, then record the start."""
    for task in TASKS:
        task(store)
    audit.record(store, "system:start-up", "app.start")
