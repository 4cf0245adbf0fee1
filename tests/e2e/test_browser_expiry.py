"""The warning before a session expires, in the real app server and Chromium, with the
idle expiry shortened to 2 minutes: the page warns by itself (no click needed), as an
alert that screen readers announce, without disturbing a field being typed into, and
'Aangemeld blijven' keeps the session."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from ceremony import auth
from ceremony.startup import open_installation
from ceremony.texts import t
from tests.conftest import ADMIN
from tests.e2e.server import CHROMIUM, browser_page, running_app
from tests.e2e.test_browser_flow import PASSWORD, TIMEOUT, go, login
from tests.text_helpers import leading

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")

IDLE_MINUTES = 2  # below what the settings page allows: a test set-up only


def test_the_page_warns_a_minute_before_idle_expiry_and_staying_keeps_typed_text(tmp_path, request):
    data_dir = tmp_path / "data"
    store = open_installation(data_dir, for_="cli", create=True)
    auth.create_user(store, ADMIN, "carla", "coordinator", PASSWORD)
    store.put_setting("session_timeout_minutes", IDLE_MINUTES)
    store.close()
    with running_app(data_dir) as url, browser_page(request) as page:
        login(page, url, "carla")
        go(page, t("nav.page.people"))
        box = page.get_by_label(t("rights.ui.query"), exact=True)
        box.fill("zqx half getypt")  # typed, not yet committed (no Enter, no Tab)
        warning = page.get_by_role("alert").filter(has_text=leading("ui.expiry.soon"))
        # about a minute after the last activity (the page checks every 15 s)
        expect(warning).to_be_visible(timeout=IDLE_MINUTES * 60_000)
        expect(box).to_have_value("zqx half getypt")  # the timed checks left the field alone
        page.get_by_role("button", name=t("ui.expiry.stay"), exact=True).click()
        expect(warning).to_have_count(0, timeout=TIMEOUT)
        expect(box).to_have_value("zqx half getypt")
