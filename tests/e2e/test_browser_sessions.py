"""Sessions in the real app server (`python -m ceremony serve`) and a real browser.

The attack from the review is reproduced: a second client that knows only the Streamlit
session id (it is in every upload URL, so in proxy logs) must get nothing.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from ceremony import auth
from ceremony.startup import open_installation
from ceremony.store import Store
from ceremony.texts import t
from ceremony.ui.server import cookies
from tests.ceremony_factory import make_person
from tests.conftest import ADMIN
from tests.e2e.server import CHROMIUM, browser_page, running_app
from tests.e2e.test_browser_flow import PASSWORD, click, go, login, see, wait_ready

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


@pytest.fixture
def app_url(tmp_path):
    data_dir = tmp_path / "data"
    store = open_installation(data_dir, for_="cli", create=True)
    for name, role in (("anna", "beheerder"), ("carla", "coordinator")):
        auth.create_user(store, ADMIN, name, role, PASSWORD)
    store.close()
    with running_app(data_dir) as url:
        yield url, data_dir


def http(url: str, method: str = "GET", cookie: str | None = None, data: bytes | None = None):
    request = urllib.request.Request(url, method=method, data=data)  # noqa: S310 - loopback only
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_reload_deep_link_and_sign_out(app_url, request):
    url, _ = app_url
    with browser_page(request) as page:
        page.goto(url + "/belronde")  # a bookmark, signed out
        expect(page).to_have_url(url + "/aanmelden?next=/belronde")
        page.get_by_label(t("server.signin.username"), exact=True).fill("carla")
        page.get_by_label(t("server.signin.password"), exact=True).fill(PASSWORD)
        page.get_by_role("button", name=t("server.signin.submit")).click()
        expect(page).to_have_url(url + "/belronde")
        see(page, t("calls.ui.title"))
        page.reload()  # the tablet at the desk is refreshed: still signed in, same page
        wait_ready(page)
        expect(page).to_have_url(url + "/belronde")
        expect(page.get_by_role("heading", name=t("calls.ui.title"))).to_be_visible()
        click(page, t("ui.logout"))
        see(page, t("ui.session.ended_title"))
        page.reload()
        expect(page).to_have_url(url + "/aanmelden")
        expect(page.get_by_role("heading", name=t("server.signin.title"))).to_be_visible()


def test_a_stolen_streamlit_session_id_gives_nothing(app_url, request):
    url, _ = app_url
    uploads: list[str] = []
    with browser_page(request) as page:
        page.on("request", lambda r: uploads.append(r.url) if "/_stcore/upload_file/" in r.url else None)
        login(page, url, "carla")
        go(page, t("nav.page.intake"))
        page.locator("input[type=file]").set_input_files(
            files=[{"name": "x.csv", "mimeType": "text/csv", "buffer": b"voornaam;naam\n"}]
        )
        page.wait_for_timeout(1500)
        assert uploads, "the page made no upload"
        session_id = uploads[0].split("/_stcore/upload_file/")[1].split("/")[0]
        session_cookie = next(c for c in page.context.cookies() if c["name"] == cookies.SESSION)
        ws_url = url.replace("http://", "ws://") + "/_stcore/stream"

        # the attacker: only the session id, no cookie -> the WebSocket is refused
        with pytest.raises(InvalidStatus) as refused:
            connect(ws_url, subprotocols=["streamlit", "x", session_id], open_timeout=10)
        assert refused.value.response.status_code == 403
        # with the cookie the same handshake goes through (the test can tell the difference)
        with connect(ws_url, subprotocols=["streamlit", "x", session_id], open_timeout=10,
                     additional_headers={"Cookie": f"{cookies.SESSION}={session_cookie['value']}"}):
            pass
        # an upload to that session without the cookie is refused before Streamlit sees it
        status, _, _ = http(uploads[0], "PUT", data=b"x")
        assert status == 403
        # a second browser without the cookie lands on the sign-in page, not on the user's page
        other = page.context.browser.new_context()
        stranger = other.new_page()
        stranger.goto(url + "/ontvangen")
        expect(stranger).to_have_url(url + "/aanmelden?next=/ontvangen")
        other.close()


def mailmerge_download(page, url: str, name: str) -> str:
    """Sign in as `name`, make the mail-merge file on Export and download it as staff do:
    the address the browser fetched it from."""
    login(page, url, name)
    go(page, t("nav.page.exports"))
    click(page, t("exports.ui.mailmerge.make"))
    button = page.get_by_test_id("stDownloadButton").first
    expect(button).to_be_visible()
    with page.expect_download() as info:
        button.locator("button").click()
    return info.value.url


def test_downloads_need_the_session_cookie(app_url, request):
    url, data_dir = app_url
    store = Store.open(data_dir)
    make_person(store)
    store.close()
    with browser_page(request, accept_downloads=True) as page:
        target = mailmerge_download(page, url, "carla")
        assert "/media/" in target
        status, _, _ = http(target)
        assert status == 403
        cookie = next(c for c in page.context.cookies() if c["name"] == cookies.SESSION)
        status, headers, _ = http(target, cookie=f"{cookies.SESSION}={cookie['value']}")
        assert status == 200 and headers.get("cache-control") == "no-store"


def test_disabling_a_user_ends_their_session_at_the_next_click(app_url, request):
    url, data_dir = app_url
    with browser_page(request) as page:
        login(page, url, "carla")
        store = Store.open(data_dir)
        auth.set_active(store, ADMIN, "carla", False)
        store.close()
        go(page, t("nav.page.ceremonies"))
        see(page, t("ui.session.ended_title"))
        expect(page.get_by_text(t("ceremonies.ui.title"), exact=True)).to_have_count(0)


def test_security_headers_and_dutch_page(app_url):
    url, _ = app_url
    status, headers, body = http(url + "/aanmelden")
    assert status == 200
    lower = {k.lower(): v for k, v in headers.items()}
    assert "frame-ancestors 'none'" in lower["content-security-policy"]
    assert "'unsafe-eval'" not in lower["content-security-policy"]
    assert lower["x-content-type-options"] == "nosniff"
    assert lower["referrer-policy"] == "no-referrer"
    assert "camera=()" in lower["permissions-policy"] and "geolocation=()" in lower["permissions-policy"]
    assert lower["cache-control"] == "no-store"
    assert b'<html lang="nl">' in body
    # the app's own page shell, for a signed-in browser
    store_cookie = _signed_in_cookie(url)
    status, headers, body = http(url + "/", cookie=store_cookie)
    lower = {k.lower(): v for k, v in headers.items()}
    assert status == 200 and b'<html lang="nl">' in body and b'lang="en"' not in body
    assert lower["cache-control"] == "no-store"
    assert list(k.lower() for k in headers).count("content-security-policy") == 1


def _signed_in_cookie(url: str) -> str:
    import http.cookiejar
    import re

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(url + "/aanmelden").read().decode()  # noqa: S310 - loopback only
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    body = f"csrf={csrf}&next=/&username=carla&password={PASSWORD}".encode()
    opener.open(url + "/aanmelden", data=body)  # noqa: S310
    value = next(c.value for c in jar if c.name == cookies.SESSION)
    return f"{cookies.SESSION}={value}"
