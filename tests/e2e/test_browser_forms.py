"""Ceremonies in a real browser: a date typed into the field lands
whole, a correction shows everywhere, and a person beyond the first 200 is found by name
and invited."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from ceremony import auth
from ceremony.startup import open_installation
from ceremony.store import Store
from ceremony.texts import t
from tests.ceremony_factory import add_people
from tests.conftest import ADMIN
from tests.e2e.server import CHROMIUM, browser_page, running_app
from tests.e2e.test_browser_flow import PASSWORD, click, go, login, see, wait_ready
from tests.text_helpers import leading

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


def type_date(page: Page, field, typed: str) -> None:
    """What staff do: click into the date field and type the date as they read it."""
    field.get_by_test_id("stDateInputField").click()
    page.keyboard.type(typed)
    page.keyboard.press("Escape")  # close the calendar that opened with the click


def stored_dates(data_dir: Path) -> list[str]:
    store = Store.open(data_dir)
    try:
        return [r["date"] for r in store.rows("SELECT date FROM ceremonies ORDER BY id")]
    finally:
        store.close()


def test_typed_dates_land_whole_and_a_person_beyond_200_is_invited(tmp_path, request):
    data_dir = tmp_path / "data"
    store = open_installation(data_dir, for_="cli", create=True)
    auth.create_user(store, ADMIN, "carla", "coordinator", PASSWORD)
    recent = (dt.date(2027, 1, 15) - dt.timedelta(days=200)).isoformat()
    add_people(store, [{"certificate_date": recent} for _ in range(260)])
    store.close()

    with running_app(data_dir) as url, browser_page(request, viewport={"width": 1366, "height": 900}) as page:
        login(page, url, "carla")
        go(page, t("nav.page.ceremonies"))
        form = page.get_by_test_id("stForm").first
        form.get_by_label(t("ceremonies.ui.name"), exact=True).fill("Welkom")
        type_date(page, form.get_by_test_id("stDateInput").first, "15/01/2027")  # the date, not the answer deadline
        click(page, t("ceremonies.ui.create"))
        see(page, t("ceremonies.ui.created"))
        assert stored_dates(data_dir) == ["2027-01-15"]  # not 29/11/2027: the whole date landed
        see(page, t("forms.cer.eligible_count", count=260))

        # a correction: the selector and the summary show the new date at once
        page.get_by_text(t("ceremonies.ui.edit")).click()
        edit = page.get_by_test_id("stForm").nth(1)
        type_date(page, edit.get_by_test_id("stDateInput").first, "22/01/2027")
        edit.get_by_role("button", name=t("ceremonies.ui.save"), exact=True).click()
        wait_ready(page)
        see(page, t("ceremonies.ui.saved"))
        assert stored_dates(data_dir) == ["2027-01-22"]
        expect(page.get_by_role("combobox", name=t("ceremonies.ui.pick"), exact=True)).to_have_value("Welkom – 22/01/2027")
        expect(page.get_by_test_id("stMain")).not_to_contain_text("15/01/2027")

        # search a person the first 200 would not hold, pick and invite them
        search = page.get_by_label(t("forms.cer.search"), exact=True)
        search.fill("Voornaam257")
        search.press("Enter")
        wait_ready(page)
        see(page, t("forms.cer.found_one"))
        pick_option(page, t("forms.cer.pick"), "Voornaam257 Familienaam257")
        click(page, t("forms.cer.invite_picked", n=1))
        see(page, t("forms.cer.invited_one"))
        see(page, t("forms.cer.eligible_count", count=259))
        expect(page.get_by_test_id("stMain")).to_contain_text("Voornaam257 Familienaam257")  # in Genodigden

        # everyone: a second step names the number before anything happens
        click(page, t("forms.cer.invite_all", n=259))
        see(page, leading("forms.cer.confirm_all", count=259, ceremony="Welkom"))
        click(page, t("forms.cer.confirm_yes", n=259))
        see(page, t("forms.cer.invited", count=259))


def pick_option(page, label: str, option: str) -> None:
    """Open a multiselect, choose `option`, close the list and wait until the choice shows in
    the field after the page's rerun. A rerun of the page (the one before, still finishing on
    a busy machine) can close the list or replace the option under the pointer; then the
    list is opened again, but only while the choice is not in the field yet."""
    field = page.get_by_test_id("stMultiSelect").filter(has=page.get_by_label(label, exact=True))
    chosen = field.get_by_text(option)
    for _ in range(3):
        page.get_by_label(label, exact=True).click()
        with contextlib.suppress(PlaywrightError):  # closed by a rerun of the page, before or while clicking
            page.get_by_role("option", name=option).click(timeout=5000)
        if page.get_by_role("listbox").count():
            page.keyboard.press("Escape")
        wait_ready(page)
        try:
            expect(chosen).to_have_count(1, timeout=5000)
        except AssertionError:
            continue
        return
    raise AssertionError(f"{option!r} never stayed chosen in {label!r}")
