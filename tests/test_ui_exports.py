"""The Export page: coordinator only; a file is produced (and audited) per click."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest

from ceremony import privacy
from ceremony.clock import today
from ceremony.texts import t
from tests.apptest_helpers import PAGES, login, open_page, sign_in_token, texts, with_cookie
from tests.conftest import add_user
from tests.test_exports import add_ceremony, add_person, do_not_contact, invite


def downloads(at: AppTest) -> list:
    return at.get("download_button")


def test_coordinator_makes_the_mail_merge_file(store):
    add_user(store, "carla", "coordinator")
    add_person(store, 1, first_name="Zqxcanary")
    add_person(store, 2)
    do_not_contact(store, add_person(store, 3))

    at = open_page(login("carla"), "exports.py")

    assert not at.exception
    shown = texts(at)
    assert t("exports.ui.warning") in shown
    assert t("exports.ui.count", count=2) in shown
    assert "voornaam;naam;adres;postcode;gemeente;e_mail;telefoon;privacy" in shown
    assert "Zqxcanary" not in shown  # the page shows counts, never a person
    assert not downloads(at)
    assert store.scalar("SELECT count(*) FROM audit WHERE action = 'export.mailmerge'") == 0
    # the privacy text is there to copy
    assert at.code[0].value == privacy.privacy_notice(store)

    at.button(key="make_mailmerge").click().run()

    assert not at.exception
    assert len(downloads(at)) == 1
    entry = store.one("SELECT * FROM audit WHERE action = 'export.mailmerge'")
    assert entry["actor"] == "user:carla"
    assert json.loads(entry["details"])["count"] == 2
    assert "privacy" in json.loads(entry["details"])["columns"]

    at.checkbox(key="export_privacy").uncheck().run()  # any other action: the file is gone
    assert not downloads(at)
    assert "voornaam;naam;adres;postcode;gemeente;e_mail;telefoon" in texts(at)
    assert ";privacy" not in texts(at)


def test_ceremony_files_from_the_page(store):
    add_user(store, "carla", "coordinator")
    # a future date: the start-up purge removes invitees 30 days after a past ceremony
    ceremony = add_ceremony(
        store, name="Najaarsceremonie", date=(today() + dt.timedelta(days=60)).isoformat()
    )
    invite(store, ceremony, add_person(store, 1, email="anna@example.org"))
    add_person(store, 2)

    at = open_page(login("carla"), "exports.py")
    assert at.selectbox(key="export_ceremony").value == ceremony  # the next ceremony, not everyone stored
    picker = at.selectbox(key="export_ceremony")
    assert picker.options[-1] == t("exports.ui.all_people")  # still there, as the last choice
    picker.select_index(len(picker.options) - 1).run()
    assert [b.key for b in at.button if b.key.startswith("make_")] == ["make_mailmerge"]
    assert t("exports.ui.count", count=2) in texts(at)
    assert "privacy_notice" not in texts(at)  # the setting is named as Instellingen shows it
    at.selectbox(key="export_ceremony").set_value(ceremony).run()

    shown = texts(at)
    assert t("exports.ui.count_one") in shown and "ceremonie;datum;uur;locatie" in shown
    at.button(key="make_emails").click().run()
    assert len(downloads(at)) == 1
    at.button(key="make_ics").click().run()
    assert len(downloads(at)) == 1
    assert not at.exception
    actions = [
        r["action"] for r in store.rows("SELECT action FROM audit WHERE action LIKE 'export.%'")
    ]
    assert actions == ["export.emails", "export.ics"]


@pytest.mark.parametrize("role", ["beller", "dpo", "beheerder"])
def test_other_roles_cannot_reach_the_page(store, role):
    add_user(store, "iemand", role)
    assert t("auth.denied") in texts(open_page(login("iemand"), "exports.py"))  # known, refused


@pytest.mark.parametrize("role", ["beller", "dpo"])
def test_page_refuses_when_run_directly(store, role):
    add_person(store, 1, first_name="Zqxcanary")
    add_user(store, "iemand", role)
    at = AppTest.from_file(str(PAGES / "exports.py"), default_timeout=60)
    with_cookie(at, sign_in_token("iemand"))
    at.run()
    assert t("auth.denied") in texts(at)
    assert not at.button and not at.code and not downloads(at)
    assert "Zqxcanary" not in texts(at)
