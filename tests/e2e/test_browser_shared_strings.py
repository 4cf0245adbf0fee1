"""The shared-string workbook uploaded through the real server: refused, and the server lives on.

Before the shared-text count, selecting this 12 MB file on Ontvangen made the reader ask
for about 13 GB during the preview; the server process died and every session with it.
The server runs with its address space capped (tests/e2e/capped_server.py), so on a
regression it aborts rather than exhaust the machine.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ceremony.demo import synthetic_rows
from ceremony.demo_files import csv_bytes
from ceremony.intake import formats
from ceremony.texts import t
from tests.e2e.server import CHROMIUM, ROOT, browser_page, running_app
from tests.e2e.test_browser_bounded import healthy, sign_in, two_coordinators, upload
from tests.e2e.test_browser_flow import go, see
from tests.test_bounds_shared_strings import shared_string_bomb

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")

CAPPED = ROOT / "tests" / "e2e" / "capped_server.py"


def test_shared_string_bomb_is_refused_and_other_sessions_keep_working(tmp_path, request):
    data_dir = two_coordinators(tmp_path)
    bomb = tmp_path / "levering.xlsx"
    shared_string_bomb(bomb)
    valid = csv_bytes(*synthetic_rows(5, seed=3, quirks=False))

    env = {"PYTHONPATH": str(ROOT)}
    with running_app(data_dir, extra_env=env, launcher=[str(CAPPED)]) as url, browser_page(request) as page:
        other = page.context.browser.new_context().new_page()
        other.set_default_timeout(30_000)
        sign_in(other, url, "dirk")
        go(other, t("nav.page.intake"))

        sign_in(page, url, "carla")
        go(page, t("nav.page.intake"))
        upload(page, "levering.xlsx", bomb.read_bytes())
        see(page, t("limits.shared_text", mb=formats.MAX_DECOMPRESSED_BYTES // 1_000_000))
        assert healthy(url)  # before the count: connection refused, the process had died

        upload(other, "levering.csv", valid)  # the other session was not touched
        see(other, "Voorbeeld van de eerste rijen")
        go(page, t("nav.page.intake"))  # and the refused session goes on too
        see(page, "Ontvangen")
        assert healthy(url)
