"""Two app processes on one data directory: both serve staff, no "database is locked" reaches anyone."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceremony import auth
from ceremony.startup import open_installation
from ceremony.store import Store
from ceremony.texts import t
from tests.conftest import ADMIN
from tests.e2e.server import CHROMIUM, browser_page, running_app
from tests.e2e.test_browser_flow import PASSWORD, click, go, login, logout, see
from tests.text_helpers import pieces


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no chromium")
def test_two_app_processes_share_one_data_directory(tmp_path, request):
    data_dir = tmp_path / "data"
    store = open_installation(data_dir, for_="cli", create=True)
    for name, role in (("anna", "beheerder"), ("carla", "coordinator")):
        auth.create_user(store, ADMIN, name, role, PASSWORD)
    store.close()
    with running_app(data_dir) as first, running_app(data_dir) as second, browser_page(request) as page:
        for _ in range(2):  # first, second, first, second: each writes between the other's writes
            for url in (first, second):
                login(page, url, "anna")
                go(page, t("nav.page.audit"))
                click(page, t("ui.audit.verify"))
                see(page, pieces("audit.ok.other")[-1])  # "..., keten ongeschonden." whatever the count
                assert "locked" not in page.content().lower()
                logout(page)
        login(page, second, "carla")  # a coordinator works on the other process meanwhile
        go(page, t("nav.page.ceremonies"))
        see(page, t("ceremonies.ui.title"))
    check = Store.open(data_dir)
    logins = check.scalar("SELECT count(*) FROM audit WHERE action = 'login.success'")
    assert logins == 5
