"""Signing out on `/afmelden` in Chromium: a link from another site
only shows the button; the button works from the keyboard, is Dutch and passes axe."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from ceremony import auth
from ceremony.startup import open_installation
from ceremony.texts import t
from ceremony.ui.server import cookies
from tests.conftest import ADMIN
from tests.e2e.server import CHROMIUM, browser_page, running_app
from tests.e2e.test_a11y import axe_violations
from tests.e2e.test_browser_flow import PASSWORD, login, see

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


def test_a_link_to_afmelden_shows_a_button_that_signs_out_from_the_keyboard(tmp_path, request):
    data_dir = tmp_path / "data"
    store = open_installation(data_dir, for_="cli", create=True)
    auth.create_user(store, ADMIN, "carla", "coordinator", PASSWORD)
    store.close()
    with running_app(data_dir) as url, browser_page(request) as page:
        login(page, url, "carla")
        # another site links here: a cross-site top-level GET (the Strict cookie is not sent)
        page.route("http://elders.example/", lambda route: route.fulfill(
            content_type="text/html", body=f'<a href="{url}/afmelden">klik</a>'))
        page.goto("http://elders.example/")
        page.get_by_text("klik").click()
        page.wait_for_url(url + "/afmelden")
        page.goto(url + "/belronde")
        expect(page).to_have_url(url + "/belronde")  # still signed in: the cookie was not dropped
        see(page, t("calls.ui.title"))
        # from the app itself the address shows the button
        page.goto(url + "/afmelden")
        expect(page.get_by_role("heading", name=t("server.signout.title"))).to_be_visible()
        assert axe_violations(page) == []
        button = page.get_by_role("button", name=t("server.signout.submit"))
        button.focus()
        page.keyboard.press("Enter")
        see(page, t("server.signin.signed_out"))
        assert not any(c["name"] == cookies.SESSION for c in page.context.cookies())
        page.goto(url + "/belronde")
        expect(page).to_have_url(url + "/aanmelden?next=/belronde")
