"""Browser tests share one Chromium per test process (`server.shared_browser`), and the
longest test files start first."""

import pytest

from tests.e2e.server import stop_browser

# Measured as the longest (a minute of waiting for an idle expiry, a 20,000-person
# installation, two app servers, every page for every role): handed out first
# (`make test` passes --no-loadscope-reorder), so that no worker starts one while the
# others have finished. A file missing here only runs later.
LONGEST_FIRST = (
    "test_browser_flow.py",
    "test_browser_expiry.py",
    "test_a11y.py",
    "test_two_servers.py",
    "test_browser_shared_strings.py",
    "test_browser_scale.py",
    "test_browser_desk.py",
    "test_browser_sessions.py",
    "test_server_limits.py",
    "test_sso_server.py",
    "test_browser_hostile.py",
)


def _start_rank(item) -> int:
    name = item.path.name
    return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)


def pytest_collection_modifyitems(items):
    """The browser test files in `LONGEST_FIRST` order, the others after them as collected."""
    browser = [item for item in items if item.path.parent.name == "e2e"]
    if browser:
        first = items.index(browser[0])
        rest = [item for item in items if item.path.parent.name != "e2e"]
        items[:] = rest[:first] + sorted(browser, key=_start_rank) + rest[first:]


@pytest.fixture(scope="session", autouse=True)
def _one_browser_per_process():
    yield
    stop_browser()
