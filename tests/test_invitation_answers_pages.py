"""The answers on the staff pages (AppTest): Ceremonies shows per invitation the answer, its
channel, when, companions and help, the places taken and the waiting list with "Van de
wachtlijst halen"; Overzicht the answers per channel; Onthaal the help asked and the people
expected. Names stay text, whatever they hold."""

from __future__ import annotations

import datetime as dt

import pytest

from ceremony import ceremonies, invitations
from ceremony.clock import today
from ceremony.invitations import invitee_lists
from ceremony.invitations.answers import Answer, record_answer
from ceremony.texts import t
from tests.apptest_helpers import login, open_page, texts
from tests.ceremony_factory import add_people, invite_directly
from tests.conftest import add_user
from tests.hostile_corpus import BEACON

SOON = today() + dt.timedelta(days=30)
HOSTILE = f"![b]({BEACON})"


@pytest.fixture
def answered(store):
    """A ceremony of 3 places: Amal comes with 1 companion through the answer page (wheelchair,
    an Arabic interpreter); a person with a hostile name waits with 1 companion; Omar has
    not answered."""
    carla = add_user(store, "carla", "coordinator")
    cid = ceremonies.create_ceremony(store, carla, name="Welkom", date=SOON, time="14:00", capacity=3)
    ids = add_people(store, [{"first_name": "Amal", "last_name": "Qzxhelp"},
                             {"first_name": HOSTILE, "last_name": "**Wacht**"},
                             {"first_name": "Omar", "last_name": "Open"}])
    invite_directly(store, cid, ids, channel="e-mail")
    inv = invitee_lists.invitee_ids(store, cid)
    record_answer(store, "web", inv[ids[0]], Answer(True, companions=1, wheelchair=True, interpreter="ar"),
                  channel="web", at="2026-12-07T10:00:00Z")
    assert record_answer(store, "web", inv[ids[1]], Answer(True, companions=1), channel="web",
                         at="2026-12-07T10:30:00Z") == "wachtlijst"
    return carla, cid, [inv[p] for p in ids]


def test_ceremonies_shows_answer_channel_time_help_and_places(store, answered):
    at = open_page(login("carla"), "ceremonies.py")
    assert not at.exception
    shown = texts(at)
    assert t("answers.ui.places", held=2, capacity=3, left=1) in shown
    assert "Komt · web · hulp" in shown  # the invitees' table: the whole help is below
    assert t("answers.ui.waiting_header") in shown
    assert f"{HOSTILE} **Wacht**" in shown  # the name as text in the waiting list's table
    assert "![b]" not in "".join(str(m.value) for m in at.markdown)  # never rendered as Markdown
    _carla, _cid, inv = answered
    at.selectbox(key="inv_pick").set_value(inv[0]).run()
    assert ("Antwoord: Komt, 1 begeleider. Via antwoordpagina op 07/12/2026 11:00. "  # Brussels time
            "Hulp gevraagd: rolstoel; tolk: Arabisch") in texts(at)


def test_taking_off_the_waiting_list_is_refused_without_places_then_done(store, answered):
    carla, cid, inv = answered
    at = open_page(login("carla"), "ceremonies.py")
    at.button(key="wait_take_off").click().run()
    assert not at.exception
    assert "te weinig plaatsen" in texts(at)
    assert invitations.find(store, inv[1])["answer"] == "wachtlijst"

    invitations.set_answer(store, carla, inv[0], "komt_niet", channel="telefoon")
    at.run()
    at.button(key="wait_take_off").click().run()
    assert not at.exception
    assert invitations.find(store, inv[1])["answer"] == "komt"
    shown = texts(at)
    assert t("answers.notice.failed") in shown  # no mail relay set: staff phone or write
    assert t("answers.ui.waiting_header") not in shown  # nobody waits any more


def test_staff_record_an_answer_with_its_channel(store, answered):
    _carla, _cid, inv = answered
    at = open_page(login("carla"), "ceremonies.py")
    at.selectbox(key="inv_pick").set_value(inv[2]).run()
    at.selectbox(key=f"inv_answer_{inv[2]}").set_value("komt").run()
    at.selectbox(key=f"inv_via_{inv[2]}").set_value("balie").run()
    at.button(key="inv_save_answer").click().run()
    assert not at.exception
    row = invitations.find(store, inv[2])
    assert (row["answer"], row["answer_channel"]) == ("komt", "balie")
    assert "Komt · balie" in texts(at)


def test_overzicht_shows_answers_per_channel_without_names(store, answered):
    add_user(store, "dora", "dpo")
    at = open_page(login("dora"), "dashboard.py")
    assert not at.exception
    shown = texts(at)
    assert t("answers.ui.by_channel") in shown
    assert "Antwoordpagina,2" in shown.replace('"', "")
    assert "Qzxhelp" not in shown and "Wacht" not in shown


def test_onthaal_shows_the_help_asked_and_the_people_expected(store, answered):
    at = open_page(login("carla"), "checkin.py")
    at.text_input(key="ci_query").input("qzxhelp").run()
    assert not at.exception
    shown = texts(at)
    assert t("answers.ui.help_asked", help="rolstoel; tolk: Arabisch") in shown
    assert t("answers.ui.expected", people=2) in shown
