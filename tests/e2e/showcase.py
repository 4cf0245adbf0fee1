"""A data directory with something on every page, for every role (synthetic demo data only).

Used by the accessibility and "no English" browser tests (tests/e2e/test_a11y.py) and by
`make screenshots` (tools/screenshots.py): one user per role, the demo delivery imported,
one ceremony with everyone invited, some call outcomes and a check-in.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

PASSWORD = "correct-horse-battery"
# one account per role, in the order the pages are visited
USERS = {"beheerder": "anna", "coordinator": "carla", "beller": "bert", "dpo": "dora"}


def build(data_dir: Path, rows: int = 80, seed: int = 7) -> None:
    from ceremony import admin, auth, ceremonies, checkin, invitations
    from ceremony.cli.common import operator
    from ceremony.demo import demo_settings, synthetic_rows
    from ceremony.intake import importer
    from ceremony.intake.writers import csv_bytes
    from ceremony.phone_round import claims, outcomes
    from ceremony.startup import open_installation

    store = open_installation(data_dir, for_="cli", create=True)
    try:
        admin_op = operator("beheerder")
        for role, name in USERS.items():
            auth.create_user(store, admin_op, name, role, PASSWORD)
        for key, value in demo_settings().items():
            admin.set_setting(store, admin_op, key, value)
        headers, table = synthetic_rows(rows, seed)
        importer.import_delivery(store, admin_op, csv_bytes(headers, table), None)
        coordinator = auth.get_user(store, USERS["coordinator"])
        caller = auth.get_user(store, USERS["beller"])
        cid = ceremonies.create_ceremony(
            store, coordinator, name="Verwelkoming", date=dt.date.today() + dt.timedelta(days=30),
            call_script="Goedendag, u bent uitgenodigd voor de verwelkoming.",
        )
        invitations.invite(store, coordinator, cid)
        for outcome in ("komt", "komt_niet", "geen_antwoord", "misschien"):
            invitation = claims.claim_next(store, caller, cid)
            if invitation is None:
                break
            outcomes.record_outcome(store, caller, invitation, outcome)
        first = store.scalar("SELECT id FROM invitations WHERE ceremony_id = ? AND answer = 'komt'", [cid])
        if first is not None:
            checkin.check_in(store, coordinator, first)
    finally:
        store.close()
