"""The date picker in a real browser: the week starts on Monday and every column header
names the weekday of the dates below it, whatever language the browser is set to.

Streamlit's calendar (React Aria) lays out its weeks by the browser's locale (Sunday first
in en-US, Monday first in nl-BE) and draws one-letter headers; the nl-BE layer
(ceremony/ui/server/nl_be/) must give every user the Belgian week with Dutch headers.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ceremony import auth
from ceremony.startup import open_installation
from ceremony.texts import t
from tests.conftest import ADMIN
from tests.e2e.server import CHROMIUM, browser_page, running_app
from tests.e2e.test_browser_flow import PASSWORD, go, login
from tests.e2e.test_browser_forms import type_date

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"
)

DUTCH_DAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
KNOWN = dt.date(2026, 12, 7)  # a Monday

# per day cell of the shown month: its day number, column and header (text and full name)
READ_GRID = """(grid) => {
  const heads = [...grid.querySelectorAll('thead th')];
  const cells = [...grid.querySelectorAll('tbody td')]
    .map((td) => ({td, button: td.querySelector('[role="button"]')}))
    .filter(({button}) => button && !button.hasAttribute('data-outside-month'));
  return {
    heads: heads.map((th) => th.textContent.trim()),
    names: heads.map((th) => th.getAttribute('aria-label') || th.getAttribute('abbr') || ''),
    cells: cells.map(({td, button}) => ({day: Number(button.textContent.trim()), column: td.cellIndex,
                                         label: button.getAttribute('aria-label')})),
  };
}"""


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("datepicker") / "data"
    store = open_installation(data_dir, for_="cli", create=True)
    auth.create_user(store, ADMIN, "carla", "coordinator", PASSWORD)
    store.close()
    with running_app(data_dir) as url:
        yield url


@pytest.mark.parametrize("locale", ["en-US", "nl-BE"])
def test_weekday_headers_stand_above_their_dates_monday_first(app, request, locale):
    with browser_page(request, locale=locale, viewport={"width": 1366, "height": 900}) as page:
        login(page, app, "carla")
        go(page, t("nav.page.ceremonies"))
        field = page.get_by_test_id("stForm").first.get_by_test_id("stDateInput").first  # the date; the answer deadline follows
        type_date(page, field, KNOWN.strftime("%d/%m/%Y"))
        field.get_by_test_id("stDateInputCalendarButton").click()
        grid = page.get_by_role("dialog").locator('table[role="grid"]')
        expect(grid).to_have_attribute("aria-label", "Datum kiezen, december 2026")
        # the nl-BE layer has named the headers
        expect(grid.locator("thead th").first).to_have_text(re.compile(r"^[a-z]{2}$"))
        shown = grid.evaluate(READ_GRID)

    assert shown["heads"] == ["ma", "di", "wo", "do", "vr", "za", "zo"]
    assert shown["names"] == DUTCH_DAYS
    assert len(shown["cells"]) == 31
    for cell in shown["cells"]:
        weekday = KNOWN.replace(day=cell["day"]).weekday()
        assert shown["names"][cell["column"]] == DUTCH_DAYS[weekday], cell
        assert DUTCH_DAYS[weekday] in cell["label"], cell  # what a screen reader hears agrees
