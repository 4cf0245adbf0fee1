"""Opening an installation: the one start-up every entry runs (server, CLI, benches, tests).

`open_installation` opens the store (`Store.open` only opens: paths, keys, schema) and
then brings the installation to a state any page or command may read, in this order:

1. letters a killed PDF conversion left on disk are removed (plaintext must go whatever
   else is wrong);
2. what a migration could not do without keys (`UPGRADES`: re-seal rows, sign an old
   audit head);
3. the tamper evidence: a missing, shorter or older anchor or shred ledger than the
   database has seen stops the start (IntegrityError) until an administrator accepts a
   new anchor;
4. a database restored from an older copy gets the deletions of the shred ledger
   re-applied (`restore.reconcile`), and a compaction a crash interrupted is finished;
5. for the app server only: retention's purge, so that expired data is gone before
   anybody can list it, and ended sign-in sessions are forgotten; the start is audited.

The command line skips steps 3 and 4 for the commands that must run while refused
(`audit verify`, `audit accept-anchor`: `check=False`). An interrupted key rotation is
finished inside `Store.open` itself: without the staged key nothing can be unwrapped.
"""

from __future__ import annotations

import os
from typing import Literal

from ceremony import audit, people, restore, retention, scratch, sessions, shredder
from ceremony.store import Store

# What a migration could not do without keys; each is `step(store) -> None` and idempotent.
UPGRADES: list = [people.reseal_all, audit.upgrade_head]

# Every opening: the tamper evidence, then what a restore or a crash left to finish.
CHECKS: list = [audit.check_evidence, restore.reconcile, shredder.finish_pending_compaction]


# The app server's alone: expired data goes before anybody can list it; ended sessions are forgotten;
# answers given on the public answer page are taken in and the links published.
def _answers_at_startup(store) -> None:
    """`answers.sync.at_startup`, loaded when the server starts (a command does not need it)."""
    from ceremony.answers import sync

    sync.at_startup(store)


def _answers_forget_people(store, person_ids: list[int]) -> None:
    """`answers.sync.forget_people`, loaded when somebody is shredded."""
    from ceremony.answers import sync

    sync.forget_people(store, person_ids)


SERVER_TASKS: list = [retention.startup_purge, sessions.prune, _answers_at_startup]

# The shredder's steps owned by modules above it: erased or purged people's answer codes
# leave the public exchange file at once.
if _answers_forget_people not in shredder.SHRED_HOOKS:
    shredder.SHRED_HOOKS.append(_answers_forget_people)


def open_installation(
    data_dir: str | os.PathLike | None = None,
    for_: Literal["server", "cli"] = "server",
    create: bool = False,
    check: bool = True,
) -> Store:
    """Open the installation in `data_dir` and run the start-up for the server or the CLI.

    `create` makes a new installation (`init`); `check=False` skips the tamper-evidence
    check and the restore (the commands that report or accept a refused state).
    """
    if for_ not in ("server", "cli"):
        raise ValueError(f"open_installation: for_ is 'server' or 'cli', not {for_!r}")
    scratch.remove_left_over()
    store = Store.open(data_dir, create=create)
    try:
        for step in [*UPGRADES, *(CHECKS if check else ()), *(SERVER_TASKS if for_ == "server" else ())]:
            step(store)
        if for_ == "server":
            audit.record(store, "system:start-up", "app.start")
    except BaseException:
        store.close()
        raise
    return store
