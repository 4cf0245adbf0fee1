"""The sign-in pages and the session gate over HTTP, in-process (Starlette's test client).

The Streamlit app behind the gate is stood in for by a route that answers "app": these
tests are about who gets through. The real server (headers, WebSocket, uploads, media)
is tested in tests/e2e/test_server_http.py and the browser tests.
"""

from __future__ import annotations

import re

import pyotp
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from ceremony import auth, sessions, signing_in
from ceremony.store import Store
from ceremony.texts import t
from ceremony.ui.server import cookies, middleware, runtime, signin
from tests.conftest import ADMIN, PASSWORD, add_user


def _app_stand_in(request):
    return PlainTextResponse("app:" + request.url.path)


@pytest.fixture
def client(store, data_dir):
    runtime.forget()
    app = Starlette(
        routes=[*signin.routes(str(data_dir)), Route("/{path:path}", _app_stand_in)],
        middleware=[Middleware(middleware.SecurityHeaders), Middleware(middleware.SessionGate, data_dir=str(data_dir))],
    )
    with TestClient(app, follow_redirects=False) as c:
        yield c
    runtime.forget()


def csrf_of(response) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', response.text).group(1)


def sign_in(client, username, password=PASSWORD, next_page="/"):
    form = client.get(f"/aanmelden?next={next_page}")
    return client.post("/aanmelden", data={"csrf": csrf_of(form), "next": next_page,
                                            "username": username, "password": password})


def sign_out(client):
    """Afmelden as the button does it: a POST with the sign-out page's form token."""
    return client.post("/afmelden", data={"csrf": csrf_of(client.get("/afmelden"))})


def no_totp(store):
    store.put_setting("require_totp", False)


def test_a_page_without_session_goes_to_sign_in_and_back_after(client, store):
    no_totp(store)
    add_user(store, "carla", "coordinator")
    response = client.get("/belronde")
    assert response.status_code == 303 and response.headers["location"] == "/aanmelden?next=/belronde"
    done = sign_in(client, "carla", next_page="/belronde")
    assert done.status_code == 303 and done.headers["location"] == "/belronde"
    assert client.get("/belronde").text == "app:/belronde"


def test_the_cookie_is_httponly_strict_and_only_a_hash_is_stored(client, store):
    no_totp(store)
    add_user(store, "carla", "coordinator")
    done = sign_in(client, "carla")
    header = [h for h in done.headers.get_list("set-cookie") if h.startswith(cookies.SESSION)][0]
    assert "HttpOnly" in header and "SameSite=Strict" in header and "Path=/" in header
    assert "Secure" not in header  # plain http on loopback
    token = client.cookies[cookies.SESSION]
    assert len(token) >= 43  # 256 bits, url-safe base64
    assert store.scalar("SELECT count(*) FROM sessions WHERE token_hash = ?", [token]) == 0
    assert store.scalar("SELECT count(*) FROM sessions WHERE stage = 'active'") == 1


def test_secure_cookie_behind_a_trusted_proxy_only(client, store, monkeypatch):
    no_totp(store)
    add_user(store, "carla", "coordinator")
    headers = {"x-forwarded-proto": "https"}
    form = client.get("/aanmelden", headers=headers)
    data = {"csrf": csrf_of(form), "next": "/", "username": "carla", "password": PASSWORD}
    plain = client.post("/aanmelden", data=data, headers=headers)
    assert "Secure" not in plain.headers["set-cookie"]
    monkeypatch.setenv("CEREMONY_TRUST_PROXY", "1")
    client.cookies.clear()
    form = client.get("/aanmelden", headers=headers)
    data["csrf"] = csrf_of(form)
    # the browser sends its Secure form cookie to the proxy over HTTPS (the test client would not)
    seed = form.headers["set-cookie"].split(";")[0]
    trusted = client.post("/aanmelden", data=data, headers={**headers, "cookie": seed})
    assert seed.startswith("__Host-") and trusted.status_code == 303
    assert all("Secure" in h for h in trusted.headers.get_list("set-cookie"))


def test_no_open_redirect(client, store):
    no_totp(store)
    add_user(store, "carla", "coordinator")
    for evil in ("//evil.example/x", "https://evil.example", "/\\evil.example", "/calls/../../x"):
        client.cookies.clear()
        done = sign_in(client, "carla", next_page=evil)
        assert done.headers["location"] == "/"


def test_a_form_without_its_token_is_refused(client, store):
    no_totp(store)
    add_user(store, "carla", "coordinator")
    client.get("/aanmelden")
    response = client.post("/aanmelden", data={"csrf": "x", "next": "/", "username": "carla", "password": PASSWORD})
    assert response.status_code == 400 and cookies.SESSION not in client.cookies
    other_origin = client.post("/aanmelden", headers={"origin": "http://evil.example"},
                               data={"csrf": client.cookies[cookies.CSRF], "next": "/", "username": "carla",
                                     "password": PASSWORD})
    assert other_origin.status_code == 400


def test_wrong_password_and_unknown_user_get_the_same_answer(client, store):
    no_totp(store)
    add_user(store, "carla", "coordinator")
    wrong = sign_in(client, "carla", "not-the-password-at-all")
    unknown = sign_in(client, "nobody", "not-the-password-at-all")
    assert wrong.status_code == unknown.status_code == 401
    message = re.compile(r'role="alert" id="fout">([^<]+)<')
    assert message.search(wrong.text).group(1) == message.search(unknown.text).group(1)


def test_sign_out_ends_the_session_on_the_server(client, store):
    no_totp(store)
    add_user(store, "carla", "coordinator")
    sign_in(client, "carla")
    token = client.cookies[cookies.SESSION]
    out = sign_out(client)
    assert t("server.signin.signed_out") in out.text
    assert sessions.lookup(store, token) is None
    client.cookies.set(cookies.SESSION, token)  # a copied cookie is worth nothing now
    assert client.get("/belronde").status_code == 303


@pytest.mark.parametrize("change", ["disable", "role", "password"])
def test_account_changes_end_open_sessions(client, store, change):
    no_totp(store)
    add_user(store, "anna", "beheerder")
    add_user(store, "carla", "coordinator")
    sign_in(client, "carla")
    assert client.get("/belronde").status_code == 200
    if change == "disable":
        auth.set_active(store, ADMIN, "carla", False)
    elif change == "role":
        auth.set_role(store, ADMIN, "carla", "beller")
    else:
        auth.reset_password(store, ADMIN, "carla", "another-long-passphrase-9")
    assert client.get("/belronde").status_code == 303


def test_idle_and_absolute_expiry(client, store, monkeypatch):
    no_totp(store)
    add_user(store, "carla", "coordinator")
    sign_in(client, "carla")
    assert client.get("/belronde").status_code == 200
    monkeypatch.setenv("CEREMONY_FAKE_NOW", "2099-01-01T10:00:00+00:00")
    assert client.get("/belronde").status_code == 303
    # absolute lifetime: active all day long still ends after session_max_hours
    client.cookies.clear()
    monkeypatch.delenv("CEREMONY_FAKE_NOW")
    store.put_setting("session_timeout_minutes", 240)
    sign_in(client, "carla")
    token = client.cookies[cookies.SESSION]
    row = store.one("SELECT created_at, expires_at FROM sessions WHERE stage='active' AND revoked_at IS NULL")
    from ceremony.clock import parse_utc

    hours = (parse_utc(row["expires_at"]) - parse_utc(row["created_at"])).total_seconds() / 3600
    assert hours == store.setting("session_max_hours") == 10
    monkeypatch.setenv("CEREMONY_FAKE_NOW", row["expires_at"])
    assert sessions.lookup(store, token) is None


def test_upload_and_media_are_refused_without_a_session(client, store):
    for path in ("/_stcore/upload_file/abc/def", "/media/abc.csv"):
        assert client.put(path).status_code == 403 if "upload" in path else client.get(path).status_code == 403
    assert client.get("/_stcore/health").status_code == 200  # monitoring stays open


def test_first_run_then_second_factor_enrolment_and_recovery_code(client, store):
    assert client.get("/").headers["location"] == "/aanmelden"
    assert client.get("/aanmelden").headers["location"] == "/eerste-gebruik"
    form = client.get("/eerste-gebruik")
    done = client.post("/eerste-gebruik", data={"csrf": csrf_of(form), "username": "beheer",
                                                 "password": PASSWORD, "password2": PASSWORD})
    assert done.headers["location"].startswith("/aanmelden/koppelen")
    assert cookies.SESSION not in client.cookies  # not signed in before the second factor
    enrol = client.get(done.headers["location"])
    assert "<svg" in enrol.text
    secret = re.sub(r"<[^>]+>", "", re.search(r'<p class="secret">(.*?)</p>', enrol.text).group(1))
    shown = client.post("/aanmelden/koppelen", data={"csrf": csrf_of(enrol), "next": "/",
                                                     "code": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<li><code>([^<]+)</code></li>", shown.text)
    assert len(codes) == 10
    assert client.get("/").status_code == 200
    # next sign-in: password, then a recovery code works once
    sign_out(client)
    step = sign_in(client, "beheer")
    assert step.headers["location"].startswith("/aanmelden/code")
    page = client.get(step.headers["location"])
    ok = client.post("/aanmelden/code", data={"csrf": csrf_of(page), "next": "/", "code": codes[0]})
    assert ok.status_code == 303 and client.get("/").status_code == 200
    # and with a code from the app (the next time step: the enrolment used this one)
    import time

    sign_out(client)
    sign_in(client, "beheer")
    page = client.get("/aanmelden/code")
    code = pyotp.TOTP(secret).at(time.time() + 30)
    assert client.post("/aanmelden/code", data={"csrf": csrf_of(page), "next": "/", "code": code}).status_code == 303
    assert client.get("/").status_code == 200
    sign_out(client)
    sign_in(client, "beheer")
    page = client.get("/aanmelden/code")
    again = client.post("/aanmelden/code", data={"csrf": csrf_of(page), "next": "/", "code": codes[0]})
    assert again.status_code == 401 and client.get("/").status_code == 303


def test_wrong_codes_lock_the_account(client, store):
    add_user(store, "carla", "coordinator")
    from ceremony import totp

    carla = auth.get_user(store, "carla")
    enrolment = totp.start_enrolment(store, carla.id)
    totp.confirm_enrolment(store, carla.id, pyotp.TOTP(enrolment.secret).now())
    sign_in(client, "carla")
    for _ in range(signing_in.MAX_FAILED):
        page = client.get("/aanmelden/code")
        client.post("/aanmelden/code", data={"csrf": csrf_of(page), "next": "/", "code": "000000"})
    assert store.one("SELECT locked_until FROM users WHERE username = 'carla'")["locked_until"]
    client.cookies.clear()
    step = sign_in(client, "carla")
    assert step.status_code == 401  # locked: even the right password does not go on


def test_reopened_store_sees_sessions(client, store, data_dir):
    """Two server processes share sessions: they live in the database, not in memory."""
    no_totp(store)
    add_user(store, "carla", "coordinator")
    sign_in(client, "carla")
    other = Store.open(data_dir)
    assert sessions.lookup(other, client.cookies[cookies.SESSION]).user.username == "carla"
    other.close()


def test_old_english_addresses_redirect_to_the_dutch_ones(client, store):
    """A bookmark of /intake, /calls, ... lands on /ontvangen, /belronde, ... (signed in or
    not); the sign-in page's `next` accepts the Dutch addresses and turns an old one into
    its Dutch one."""
    no_totp(store)
    add_user(store, "carla", "coordinator")
    old = {"/intake": "/ontvangen", "/people": "/personen", "/retention": "/bewaring", "/calls": "/belronde",
           "/checkin": "/onthaal", "/exports": "/export", "/dashboard": "/overzicht",
           "/compliance": "/verantwoording", "/audit": "/auditlog", "/users": "/gebruikers",
           "/settings": "/instellingen"}
    for english, dutch in old.items():
        moved = client.get(english + "?tab=1")
        assert moved.status_code == 308 and moved.headers["location"] == dutch + "?tab=1"
        assert client.get(dutch).headers["location"] == "/aanmelden?next=" + dutch
    assert sign_in(client, "carla", next_page="/calls").headers["location"] == "/belronde"
    for english, dutch in old.items():
        assert client.get(english).headers["location"] == dutch
        assert client.get(dutch).text == "app:" + dutch
