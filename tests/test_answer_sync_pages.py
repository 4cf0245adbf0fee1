"""Opening Ceremonies or Belronde takes in the answers given on the answer page; the
Ceremonies form sets a ceremony's answer deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from ceremony import ceremonies, invitations
from ceremony.answers import sync
from ceremony.texts import t
from tests.apptest_helpers import login, open_page
from tests.conftest import add_user
from tests.test_answer_sync import coord as coord  # noqa: F401 - the fixture, with the base URL set
from tests.test_answer_sync import planned, post


@pytest.mark.parametrize(("page", "role"), [("ceremonies.py", "coordinator"), ("calls.py", "beller")])
def test_opening_the_page_records_the_answers_from_the_web(store, coord, page, role):  # noqa: F811
    _cid, invs = planned(store, coord)
    sync.sync(store, "test")
    add_user(store, "staff", role)
    at = login("staff")  # the app server started (its start-up sync ran) before the answer came
    post(store, invs[0], companions=1)
    at = open_page(at, page)
    assert not at.exception
    row = invitations.find(store, invs[0])
    assert (row["answer"], row["answer_channel"], row["companions"]) == ("komt", "web", 1)
    assert sync.open_exchange(store).take_answers() == []


def test_the_ceremony_form_sets_the_answer_deadline(store, coord):  # noqa: F811
    cid = ceremonies.create_ceremony(store, coord, name="Welkom", date="2027-01-20")
    at = open_page(login("carla"), "ceremonies.py")
    at.date_input(key=f"cer_edit_{cid}_answer_by").set_value(dt.date(2027, 1, 10))
    at.button(key=f"FormSubmitter:cer_edit_{cid}-{t('ceremonies.ui.save')}").click().run()
    assert not at.exception
    assert ceremonies.get_ceremony(store, cid)["answer_by"] == "2027-01-10"
    assert ceremonies.answer_by(ceremonies.get_ceremony(store, cid)) == dt.date(2027, 1, 10)
    at.date_input(key=f"cer_edit_{cid}_answer_by").set_value(dt.date(2027, 1, 25))
    at.button(key=f"FormSubmitter:cer_edit_{cid}-{t('ceremonies.ui.save')}").click().run()
    assert t("ceremonies.answer_by_after") in [e.value for e in at.error]
