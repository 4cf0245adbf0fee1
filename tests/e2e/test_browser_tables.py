"""Tables fit the page: at 1366x900 no column of Gebruikers, Bewaring or the invitee list on
Ceremonies hides to the right of its table (what a coordinator would have to scroll to)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ceremony import auth, deliveries
from ceremony.startup import open_installation
from ceremony.texts import t
from tests.ceremony_factory import add_people, ceremony_row, invite_with_call
from tests.conftest import ADMIN
from tests.e2e.server import CHROMIUM, browser_page, running_app
from tests.e2e.test_browser_flow import PASSWORD, go, login

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")

# how far each table's grid scrolls sideways, in pixels (0: every column is in view)
OVERFLOW = """() => [...document.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller')]
    .map(s => s.scrollWidth - s.clientWidth)"""


def seed(data_dir: Path) -> None:
    """Accounts with long addresses, a delivery with counts, a ceremony with invitees."""
    store = open_installation(data_dir, for_="cli", create=True)
    auth.create_user(store, ADMIN, "anna", "beheerder", PASSWORD, email="anna.vandenbroucke@stad.teststad.be")
    auth.create_user(store, ADMIN, "carla", "coordinator", PASSWORD, email="carla.de.clercq-van.damme@stad.teststad.be")
    auth.create_user(store, ADMIN, "bert", "beller", PASSWORD, email="bert.bellekens@stad.teststad.be")
    recent = (dt.date.today() - dt.timedelta(days=60)).isoformat()
    ids = add_people(store, [{"first_name": "Maximiliaan-Alexander", "last_name": "Vandenbroucke-De Schepper",
                              "certificate_date": recent}]
                     + [{"certificate_date": recent} for _ in range(1200)])
    ceremony = ceremony_row(store, "Verwelkomingsceremonie", (dt.date.today() + dt.timedelta(days=30)).isoformat())
    for person in ids[:3]:
        invite_with_call(store, person, ceremony, note=None, companions=2)
    assert deliveries.count(store) == 1
    store.close()


def overflow(page: Page, title: str) -> list[int]:
    go(page, title)
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    return page.evaluate(OVERFLOW)


def test_tables_show_every_column_at_1366(tmp_path, request):
    data_dir = tmp_path / "data"
    seed(data_dir)
    with running_app(data_dir) as url, browser_page(request, viewport={"width": 1366, "height": 900}) as page:
        login(page, url, "anna")
        assert overflow(page, t("nav.page.users")) == [0, 0]  # accounts, sessions
        assert overflow(page, t("nav.page.retention"))[0] == 0
        page.context.clear_cookies()
        login(page, url, "carla")
        assert overflow(page, t("nav.page.ceremonies")) == [0]  # the invitees
