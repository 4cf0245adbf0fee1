"""The test OpenID provider's login in a real browser (Playwright, Debian's Chromium).

The browser opens the authorization URL from `sso.begin`, types a login name in the
provider's form and is sent back to our redirect URI (on a port chosen at run time, as the
app's is); the callback is caught in the browser and handed to `sso.finish`.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from ceremony import sso
from tests.e2e.server import CHROMIUM, browser_page, free_port
from tests.oidc_provider import LOGIN_BUTTON_NAME, LOGIN_FORM_SELECTOR

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


def test_a_browser_signs_in_at_the_provider_and_comes_back(oidc_provider, request):
    callback = f"http://127.0.0.1:{free_port()}/auth/sso/callback"
    config = sso.load_config(oidc_provider.secrets(callback))
    url, blob = sso.begin(config)
    arrived: list[str] = []

    with browser_page(request) as page:
        def catch(route):
            arrived.append(route.request.url)
            route.fulfill(status=200, content_type="text/html", body="<p>terug</p>")

        page.route(callback + "?*", catch)
        page.goto(url)
        page.locator(LOGIN_FORM_SELECTOR).fill("sofie.maes")
        page.get_by_role("button", name=LOGIN_BUTTON_NAME).click()
        page.wait_for_url(callback + "?*")

    assert len(arrived) == 1
    identity = sso.finish(config, blob, dict(parse_qsl(urlsplit(arrived[0]).query)))
    assert identity.email == "sofie.maes@example.org"
