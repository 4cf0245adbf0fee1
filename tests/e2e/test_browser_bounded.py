"""A dense-range workbook uploaded through the real server: refused, and the server lives on.

Before the size checks, this 6 KB file made the spreadsheet reader ask for 512 GB during
the preview; the process aborted and every signed-in session died with it.
"""

from __future__ import annotations

import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page

from ceremony import admin, auth
from ceremony.demo import synthetic_rows
from ceremony.demo_files import csv_bytes
from ceremony.startup import open_installation
from ceremony.texts import t
from tests.conftest import ADMIN
from tests.e2e.server import CHROMIUM, browser_page, running_app
from tests.e2e.test_browser_flow import PASSWORD, go, login, see, wait_ready
from tests.test_bounded_parsing import workbook_with_cell

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


def sign_in(page: Page, url: str, name: str) -> None:
    """The one place these tests sign in (adapt here when the sign-in changes)."""
    login(page, url, name)


def upload(page: Page, name: str, data: bytes) -> None:
    page.locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "application/octet-stream", "buffer": data}]
    )
    wait_ready(page)


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=5) as response:  # noqa: S310 - loopback only
            return response.status == 200
    except OSError:
        return False


def two_coordinators(tmp_path) -> Path:
    """An installation with two coordinators (carla, dirk), one browser each in the tests."""
    data_dir = tmp_path / "data"
    store = open_installation(data_dir, for_="cli", create=True)
    for name in ("carla", "dirk"):
        auth.create_user(store, ADMIN, name, "coordinator", PASSWORD)
    admin.set_setting(store, ADMIN, "postcodes", "9000")
    store.close()
    return data_dir


def test_dense_range_workbook_is_refused_and_other_sessions_keep_working(tmp_path, request):
    data_dir = two_coordinators(tmp_path)
    dense = workbook_with_cell(1048575, 16383)  # one cell at XFD1048576
    assert len(dense) < 10_000
    valid = csv_bytes(*synthetic_rows(5, seed=2, quirks=False))

    with running_app(data_dir) as url, browser_page(request) as page:
        other = page.context.browser.new_context().new_page()
        other.set_default_timeout(30_000)
        sign_in(other, url, "dirk")
        go(other, t("nav.page.intake"))

        sign_in(page, url, "carla")
        go(page, t("nav.page.intake"))
        started = time.monotonic()
        upload(page, "levering.xlsx", dense)
        assert healthy(url)  # before the checks: connection refused, the process had aborted
        see(page, t("limits.columns", n="200"))
        assert time.monotonic() - started < 15

        upload(other, "levering.csv", valid)  # the other session was not touched
        see(other, "Voorbeeld van de eerste rijen")
        go(page, t("nav.page.intake"))  # and the refused session goes on too
        see(page, "Ontvangen")
        assert healthy(url)
