"""The app purges expired data at start-up; the Bewaring page and early deletion."""

import datetime as dt
import json
import secrets

from ceremony import audit, deliveries, people, retention
from ceremony.clock import utc_iso
from ceremony.store import placeholders
from ceremony.texts import t
from ceremony.ui import nav
from tests.apptest_helpers import login, open_page, texts
from tests.ceremony_factory import make_person
from tests.conftest import add_user
from tests.text_helpers import leading


def delivery_with(store, n: int, days_ago: int) -> tuple[int, list[int], list[str]]:
    """A delivery of `n` synthetic people with canary names, received `days_ago` days ago."""
    did = deliveries.create_delivery(store, "test", "csv")
    names = [f"Zq{secrets.token_hex(5)}" for _ in range(n)]
    ids = [
        make_person(store, did, national_number=f"{secrets.randbelow(10**11):011d}", first_name=name)
        for name in names
    ]
    received = utc_iso(dt.datetime.now(dt.UTC) - dt.timedelta(days=days_ago))
    with store.write() as db:
        db.execute("UPDATE deliveries SET received_at = ? WHERE id = ?", [received, did])
    return did, ids, names


def test_app_start_purges_expired_delivery_before_any_page(store):
    _old, old_ids, old_names = delivery_with(store, 3, days_ago=400)
    _new, new_ids, _ = delivery_with(store, 1, days_ago=10)
    add_user(store, "anna", "beheerder")
    add_user(store, "carla", "coordinator")

    at = login("carla")  # the first run of the app process opens the store
    assert "Welkom, carla" in texts(at)
    assert store.scalar(f"SELECT count(*) FROM people WHERE id IN ({placeholders(old_ids)})", old_ids) == 0
    assert people.get_person(store, new_ids[0]) is not None
    entry = audit.entries(store, action="retention.purge")[0]
    assert entry["actor"] == "system:start-up"
    details = json.loads(entry["details"])
    assert (details["trigger"], details["purged_people"], details["purged_deliveries"]) == ("start-up", 3, 1)

    for username in ("carla", "anna"):
        role = store.scalar("SELECT role FROM users WHERE username = ?", [username])
        for spec in nav.pages_for(role):
            shown = texts(open_page(login(username), spec.file))
            assert not any(name in shown for name in old_names), spec.file
    # the start-up purge ran once for this process, not on every rerun
    assert len(audit.entries(store, action="retention.purge")) == 1


def test_coordinator_sees_dates_and_history_but_cannot_delete(store):
    did, _ids, names = delivery_with(store, 2, days_ago=10)
    add_user(store, "carla", "coordinator")
    at = open_page(login("carla"), "retention.py")
    shown = texts(at)
    assert not at.exception
    received = retention.received_date(store.scalar("SELECT received_at FROM deliveries WHERE id = ?", [did]))
    due = (received + dt.timedelta(days=365)).strftime("%d/%m/%Y")
    assert f"#{did}" in shown and due in shown
    assert t("retention.ui.by.start-up") in shown or leading("retention.ui.last_check") in shown
    assert t("retention.ui.read_only") in shown
    assert not [b for b in at.button if b.key == "retention_delete"]
    assert not any(name in shown for name in names)


def test_administrator_deletes_a_delivery_early_after_confirmation(store):
    did, ids, names = delivery_with(store, 2, days_ago=10)
    keep, kept, _ = delivery_with(store, 1, days_ago=5)
    with store.write() as db:
        cid = db.execute(
            "INSERT INTO ceremonies(name, date, created_at, created_by) VALUES ('C', '2099-01-01', ?, 't')",
            [utc_iso()],
        ).lastrowid
        db.execute(
            "INSERT INTO invitations(ceremony_id, person_id, created_at) VALUES (?,?,?)", [cid, ids[0], utc_iso()]
        )
    add_user(store, "anna", "beheerder")
    at = open_page(login("anna"), "retention.py")
    at.selectbox(key="retention_pick").set_value(did).run()
    loss = {"people": t("views.n.people", n=2), "invitations": t("views.n.invitations", n=1), "calls": t("views.n.calls", n=0)}
    assert leading("retention.ui.loss", **loss) in texts(at)

    at.text_input(key="retention_confirm").input(str(keep)).run()
    at.button(key="retention_delete").click().run()
    assert t("retention.confirm_mismatch", id=did) in texts(at)
    assert store.scalar("SELECT count(*) FROM people") == 3

    at.text_input(key="retention_confirm").input(str(did)).run()
    at.button(key="retention_delete").click().run()
    assert not at.exception
    shown = texts(at)
    assert t("retention.ui.deleted", id=did, people=t("views.n.people", n=2)) in shown
    assert store.scalar("SELECT count(*) FROM people WHERE delivery_id = ?", [did]) == 0
    assert people.get_person(store, kept[0]) is not None
    assert store.scalar("SELECT purge_reason FROM deliveries WHERE id = ?", [did]) == "early"
    assert "anna" in shown and t("retention.ui.reason.early") in shown  # history row and delivery status
    assert not any(name in shown for name in names)
