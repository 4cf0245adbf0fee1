"""Browser tests share one Chromium per test process (`server.shared_browser`)."""

import pytest

from tests.e2e.server import stop_browser


@pytest.fixture(scope="session", autouse=True)
def _one_browser_per_process():
    yield
    stop_browser()
