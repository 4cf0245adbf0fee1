"""The "Personen" page: search, open, rectify, erase (coordinator only)."""

import json

import pytest

from ceremony import audit, people
from ceremony.texts import t
from tests.apptest_helpers import login, open_page, sign_in_token, texts, with_cookie
from tests.ceremony_factory import make_person
from tests.conftest import add_user
from tests.test_rights import CANARY, national_number
from tests.text_helpers import leading


def _search(at, query):
    at.text_input(key="people_query").input(query)
    at.button(key=f"FormSubmitter:people_search-{t('rights.ui.search')}").click().run()
    assert not at.exception
    return at


def test_coordinator_finds_a_person_by_name_and_opens_them(store):
    pid = make_person(store, **CANARY)
    make_person(store, national_number=national_number(500), first_name="Jan", last_name="Peeters")
    add_user(store, "carla", "coordinator")
    at = _search(open_page(login("carla"), "people.py"), "zuleyha elodie")

    shown = texts(at)
    assert "Qvandenbossche" in shown  # one hit: opened at once
    assert CANARY["email"] in shown and "Peeters" not in shown
    assert [e["target"] for e in audit.entries(store, action="person.open")] == [f"person:{pid}"]
    search = audit.entries(store, action="people.search")[0]
    assert json.loads(search["details"]) == {"by": "name", "count": 1}
    assert [b.label for b in at.get("download_button")] == [t("rights.ui.access.json"), t("rights.ui.access.csv")]


def test_search_by_national_number_with_dots(store):
    make_person(store, **CANARY)
    add_user(store, "carla", "coordinator")
    number = CANARY["national_number"]
    at = _search(open_page(login("carla"), "people.py"), f"{number[:2]}.{number[2:4]}.{number[4:6]}-{number[6:9]}.{number[9:]}")
    assert "Qvandenbossche" in texts(at)


def test_rectification_in_the_page_audits_field_names_only(store):
    pid = make_person(store, **CANARY)
    add_user(store, "carla", "coordinator")
    at = _search(open_page(login("carla"), "people.py"), "Qvandenbossche")
    at.text_input(key=f"rect_{pid}_email").input("ander.adres@voorbeeld.be")
    at.button(key=f"FormSubmitter:rectify_{pid}-{t('rights.ui.rectify.submit')}").click().run()
    assert not at.exception
    assert t("rights.ui.rectify.done", fields=t("rights.field.email")) in texts(at)
    assert people.get_person(store, pid).email == "ander.adres@voorbeeld.be"
    [entry] = audit.entries(store, action="person.rectify")
    assert json.loads(entry["details"]) == {"fields": ["email"]}
    assert "ander.adres" not in json.dumps(audit.entries(store))


def test_erasure_needs_confirmation(store):
    pid = make_person(store, **CANARY)
    add_user(store, "carla", "coordinator")
    at = _search(open_page(login("carla"), "people.py"), "Qvandenbossche")
    assert at.button(key="erase_go").disabled
    at.checkbox(key=f"erase_ok_{pid}").check().run()
    at.button(key="erase_go").click().run()
    assert not at.exception
    assert t("rights.ui.erase.done") in texts(at)
    assert store.scalar("SELECT count(*) FROM people") == 0
    assert "Qvandenbossche" not in texts(at)


def test_do_not_contact_mark_in_the_page(store):
    pid = make_person(store, **CANARY)
    add_user(store, "carla", "coordinator")
    at = _search(open_page(login("carla"), "people.py"), "Qvandenbossche")
    at.button(key="dnc_mark").click().run()
    assert not at.exception
    assert people.get_person(store, pid).do_not_contact
    assert t("rights.ui.dnc_active") in texts(at)
    at.button(key="dnc_lift").click().run()
    assert not people.get_person(store, pid).do_not_contact


@pytest.mark.parametrize("role", ["beller", "dpo"])
def test_page_is_refused_for_beller_and_dpo(store, role):
    from streamlit.testing.v1 import AppTest

    from tests.apptest_helpers import PAGES

    make_person(store, **CANARY)
    add_user(store, "someone", role)
    assert t("auth.denied") in texts(open_page(login("someone"), "people.py"))  # known, refused
    # run directly, the page itself refuses too
    at = AppTest.from_file(str(PAGES / "people.py"), default_timeout=60)
    with_cookie(at, sign_in_token("someone"))
    at.run()
    assert t("auth.denied") in texts(at)
    assert not at.text_input and not at.dataframe


def test_objection_with_tombstone_then_found_by_number_and_withdrawn(store):
    pid = make_person(store, **CANARY)
    add_user(store, "carla", "coordinator")
    at = _search(open_page(login("carla"), "people.py"), "Qvandenbossche")
    assert t("rights.ui.object.tombstone_intro") in texts(at)  # the page explains what is kept and why
    at.checkbox(key=f"tomb_ok_{pid}").check().run()
    at.button(key="tomb_go").click().run()
    assert not at.exception
    assert store.scalar("SELECT count(*) FROM people") == 0
    assert store.scalar("SELECT count(*) FROM objections") == 1
    _search(at, CANARY["national_number"])
    assert leading("rights.ui.objection_on_file") in texts(at)
    at.button(key="objection_withdraw").click().run()
    assert not at.exception
    assert store.scalar("SELECT count(*) FROM objections") == 0
    assert "ingetrokken" in texts(at)


def test_rectify_form_of_the_second_person_shows_and_saves_their_own_values(store):
    a = make_person(store, national_number=national_number(601), first_name="Anouk", last_name="Testfamilie",
                    email="anouk@example.org", phone="+32470111111")
    b = make_person(store, national_number=national_number(602), first_name="Bram", last_name="Testfamilie",
                    email="bram@example.org", phone="+32470222222")
    before = people.get_person(store, b).fields
    add_user(store, "carla", "coordinator")
    at = _search(open_page(login("carla"), "people.py"), "Testfamilie")
    at.selectbox(key="people_pick").set_value(a).run()
    at.selectbox(key="people_pick").set_value(b).run()
    assert not at.exception
    shown = [w.value for w in at.text_input]
    assert "bram@example.org" in shown and "anouk@example.org" not in shown
    at.button(key=f"FormSubmitter:rectify_{b}-{t('rights.ui.rectify.submit')}").click().run()
    assert not at.exception
    assert people.get_person(store, b).fields == before
    assert t("rights.ui.rectify.nothing") in texts(at)
    assert not audit.entries(store, action="person.rectify")
