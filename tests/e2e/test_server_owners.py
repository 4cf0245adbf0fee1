"""Streamlit sessions and downloads belong to the signed-in session that made them,
in the real app server (`python -m ceremony serve`).

The attacks are those of the review: the beller signs in with their own cookie and presents
the coordinator's Streamlit session id (it is in every upload URL) to the WebSocket, or
fetches the `/media/...` URL of the coordinator's mail-merge CSV. The WebSocket is driven
with Streamlit's own protocol (a BackMsg asking for a run, the session id from the
NewSession message); the download is made in Chromium, as staff make it.
"""

from __future__ import annotations

import json
import re
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

from ceremony import auth
from ceremony.startup import open_installation
from ceremony.store import Store
from ceremony.texts import t
from ceremony.ui.server import cookies
from tests.ceremony_factory import make_person
from tests.conftest import ADMIN
from tests.e2e.server import CHROMIUM, browser_page, running_app
from tests.e2e.test_browser_flow import PASSWORD, go, login
from tests.e2e.test_browser_sessions import http, mailmerge_download

USERS = (("carla", "coordinator"), ("bert", "beller"), ("dora", "dpo"))


@pytest.fixture
def app_url(tmp_path):
    data_dir = tmp_path / "data"
    store = open_installation(data_dir, for_="cli", create=True)
    for name, role in USERS:
        auth.create_user(store, ADMIN, name, role, PASSWORD)
    make_person(store)
    store.close()
    with running_app(data_dir) as url:
        yield url, data_dir


def signed_in(url: str, name: str) -> str:
    """A fresh signed-in session of `name` over plain HTTP: its Cookie header."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(url + "/aanmelden").read().decode()  # noqa: S310 - loopback only
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    opener.open(url + "/aanmelden", data=f"csrf={csrf}&next=/&username={name}&password={PASSWORD}".encode())  # noqa: S310
    return f"{cookies.SESSION}=" + next(c.value for c in jar if c.name == cookies.SESSION)


class Stream:
    """A WebSocket to the app as Streamlit's frontend opens it: subprotocol, XSRF slot,
    and the previous session id when it reconnects."""

    def __init__(self, url: str, cookie: str, previous: str = ""):
        protocols = ["streamlit", "x"] + ([previous] if previous else [])
        self.socket = connect(url.replace("http://", "ws://") + "/_stcore/stream", subprotocols=protocols,
                              additional_headers={"Cookie": cookie}, open_timeout=20, max_size=None)

    def session_id(self) -> str:
        """Ask for a run; the id of the Streamlit session this connection is attached to."""
        message = BackMsg()
        message.rerun_script.query_string = ""
        message.rerun_script.page_script_hash = ""
        self.socket.send(message.SerializeToString())
        for _ in range(500):
            forward = ForwardMsg.FromString(self.socket.recv(timeout=30))
            if forward.WhichOneof("type") == "new_session":
                return forward.new_session.initialize.session_id
        raise AssertionError("no NewSession message")

    def close(self):
        self.socket.close()


def test_another_users_cookie_does_not_reattach_a_streamlit_session(app_url):
    url, _ = app_url
    carla, bert = signed_in(url, "carla"), signed_in(url, "bert")
    coordinator = Stream(url, carla)
    theirs = coordinator.session_id()
    # while the coordinator is connected, and after the coordinator's tab went away
    for coordinator_leaves in (False, True):
        beller = Stream(url, bert, previous=theirs)
        assert beller.session_id() != theirs
        beller.close()
        if coordinator_leaves:
            coordinator.close()
    # the coordinator's own reconnect (a network blip) still finds the session
    again = Stream(url, carla, previous=theirs)
    assert again.session_id() == theirs
    # an upload into the coordinator's session with the beller's cookie is refused
    status, _, body = http(f"{url}/_stcore/upload_file/{theirs}/f1", "PUT", cookie=bert, data=b"x")
    assert status == 403 and body.decode() == t("server.not_yours")
    status, _, body = http(f"{url}/_stcore/upload_file/{theirs}/f1", "PUT", cookie=carla, data=b"x")
    assert body.decode() != t("server.not_yours")  # Streamlit's own checks decide from here
    # another sign-in of the same user is another signed-in session: a fresh one too
    later = Stream(url, signed_in(url, "carla"), previous=theirs)
    assert later.session_id() != theirs
    later.close()
    again.close()


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
def test_a_download_goes_only_to_the_session_that_made_it_and_each_fetch_is_audited(app_url, request):
    url, data_dir = app_url
    with browser_page(request, accept_downloads=True) as page:
        target = mailmerge_download(page, url, "carla")
        cookie = next(c for c in page.context.cookies() if c["name"] == cookies.SESSION)
        # no page we serve points anywhere but the app itself (the favicon was a font host's)
        icons = page.eval_on_selector_all("link[rel~='icon']", "links => links.map(l => l.href)")
        assert icons and all(href.startswith((url + "/", "data:")) for href in icons), icons
    assert re.search(r"/media/[0-9a-f]+\.csv$", target)
    for name in ("bert", "dora", "carla"):  # the beller, the DPO, the coordinator's other session
        status, _, body = http(target, cookie=signed_in(url, name))
        assert status == 404 and body.decode() == t("server.not_found"), name
    browser_fetches = _fetches(data_dir)
    assert browser_fetches  # Chromium's download (it may ask more than once)
    status, _, body = http(target, cookie=f"{cookies.SESSION}={cookie['value']}")
    assert status == 200 and body
    fetches = _fetches(data_dir)
    assert len(fetches) == len(browser_fetches) + 1  # one more fetch, one more entry; refusals none
    assert {(f["actor"], f["target"]) for f in fetches} == {("user:carla", browser_fetches[0]["target"])}
    assert all(json.loads(f["details"]) == {"format": "csv", "kind": "downloadable"} for f in fetches)


def _fetches(data_dir):
    store = Store.open(data_dir)
    try:
        return store.rows("SELECT actor, target, details FROM audit WHERE action = 'download.fetch' ORDER BY id")
    finally:
        store.close()


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
def test_a_deferred_download_belongs_to_the_session_whose_click_made_it(app_url, request):
    """Verantwoording makes its files only when a button is clicked (a deferred download)."""
    url, data_dir = app_url
    with browser_page(request, accept_downloads=True) as page:
        login(page, url, "dora")
        go(page, t("nav.page.compliance"))
        with page.expect_download() as info:
            page.get_by_role("button", name=t("views.compliance.as.md")).first.click()
        target = info.value.url
        cookie = next(c for c in page.context.cookies() if c["name"] == cookies.SESSION)
    assert re.search(r"/media/[0-9a-f]+\.md$", target)
    status, _, _ = http(target, cookie=signed_in(url, "carla"))
    assert status == 404
    status, _, body = http(target, cookie=f"{cookies.SESSION}={cookie['value']}")
    assert status == 200 and body
    assert {f["actor"] for f in _fetches(data_dir)} == {"user:dora"}
