"""The app server's own surface over HTTP, in-process.

Sign-out is a POST with the form token (a link from another site signs nobody out); the
form token is an HMAC bound to the browser's form cookie and pending sign-in, rotated at
each step, a `__Host-` cookie over HTTPS; Streamlit's metrics are served to nobody; the
owner header that binds Streamlit sessions is set by the gate only. The Streamlit app
behind the gate is stood in for by a route that echoes what reaches it; the real server
is in tests/e2e/test_server_owners.py.
"""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from ceremony import auth, sessions
from ceremony.texts import t
from ceremony.ui.server import cookies, middleware, owners, runtime, signin
from tests.conftest import PASSWORD, add_user
from tests.test_server_signin import csrf_of, no_totp, sign_in


def _app_stand_in(request):
    return PlainTextResponse("owner:" + request.headers.get(owners.OWNER_HEADER.decode(), "-"))


def _app(data_dir):
    return Starlette(
        routes=[*signin.routes(str(data_dir)), Route("/{path:path}", _app_stand_in)],
        middleware=[Middleware(middleware.SecurityHeaders), Middleware(middleware.SessionGate, data_dir=str(data_dir))],
    )


@pytest.fixture
def app(store, data_dir):
    runtime.forget()
    yield _app(data_dir)
    runtime.forget()


@pytest.fixture
def client(app):
    with TestClient(app, follow_redirects=False) as c:
        yield c


def _code_step(client, store, name):
    """Sign in with the password up to the second factor (an account with TOTP enrolled)."""
    import pyotp

    from ceremony import totp

    user = auth.get_user(store, name)
    enrolment = totp.start_enrolment(store, user.id)
    totp.confirm_enrolment(store, user.id, pyotp.TOTP(enrolment.secret).now())
    step = sign_in(client, name)
    assert step.headers["location"].startswith("/aanmelden/code")
    return client.get("/aanmelden/code")


# ---- signing out --------------------------------------------------------------------

def test_a_get_of_afmelden_signs_nobody_out_and_offers_a_button(client, store):
    no_totp(store)
    add_user(store, "carla", "coordinator")
    sign_in(client, "carla")
    token = client.cookies[cookies.SESSION]
    page = client.get("/afmelden")  # what a link from another site does
    assert page.status_code == 200
    assert cookies.SESSION not in page.headers.get("set-cookie", "")
    assert sessions.lookup(store, token) is not None
    assert 'method="post" action="/afmelden"' in page.text
    assert f'<button type="submit">{t("server.signout.submit")}</button>' in page.text
    assert client.get("/belronde").text.startswith("owner:")  # still signed in


def test_sign_out_is_a_post_with_the_form_token(client, store):
    no_totp(store)
    add_user(store, "carla", "coordinator")
    sign_in(client, "carla")
    token = client.cookies[cookies.SESSION]
    page = client.get("/afmelden")
    forged = client.post("/afmelden", data={"csrf": client.cookies[cookies.CSRF]})
    assert forged.status_code == 400 and sessions.lookup(store, token) is not None
    other_site = client.post("/afmelden", data={"csrf": csrf_of(page)}, headers={"origin": "http://evil.example"})
    assert other_site.status_code == 400 and sessions.lookup(store, token) is not None
    # a form posted from another site: the Strict cookies stay home, and no cookie is dropped
    cross_site = TestClient(client.app, follow_redirects=False).post(
        "/afmelden", data={"csrf": csrf_of(page)}, headers={"origin": "http://evil.example"})
    assert cross_site.status_code == 400
    assert not any(h.startswith(cookies.SESSION) for h in cross_site.headers.get_list("set-cookie"))
    done = client.post("/afmelden", data={"csrf": csrf_of(page)})
    assert done.status_code == 200 and t("server.signin.signed_out") in done.text
    assert sessions.lookup(store, token) is None
    assert cookies.SESSION not in client.cookies
    # the sign-in form on that page works at once
    client.cookies.clear()
    assert sign_in(client, "carla").status_code == 303


# ---- info item: the form token ---------------------------------------------------------

def test_a_token_equal_to_a_cookie_of_ones_choosing_is_refused(client, store):
    """Double submit alone: whoever can plant a cookie (a sibling subdomain) could post."""
    no_totp(store)
    add_user(store, "carla", "coordinator")
    client.cookies.set(cookies.CSRF, "chosen-by-the-attacker")
    response = client.post("/aanmelden", data={"csrf": "chosen-by-the-attacker", "next": "/",
                                                "username": "carla", "password": PASSWORD})
    assert response.status_code == 400 and cookies.SESSION not in client.cookies


def test_old_tokens_stop_working_after_a_step(client, store):
    no_totp(store)
    add_user(store, "carla", "coordinator")
    before = csrf_of(client.get("/aanmelden"))
    assert client.post("/aanmelden", data={"csrf": before, "next": "/", "username": "carla",
                                           "password": PASSWORD}).status_code == 303
    again = client.post("/aanmelden", data={"csrf": before, "next": "/", "username": "carla",
                                            "password": PASSWORD})
    assert again.status_code == 400


def test_a_token_from_one_browsers_sign_in_fails_with_another_pending_cookie(app, store):
    add_user(store, "carla", "coordinator")
    add_user(store, "bert", "coordinator")
    with TestClient(app, follow_redirects=False) as victim, TestClient(app, follow_redirects=False) as other:
        page = _code_step(victim, store, "carla")
        _code_step(other, store, "bert")
        # the other browser's pending sign-in, with the victim's form cookie and token
        other.cookies.set(cookies.CSRF, victim.cookies[cookies.CSRF])
        response = other.post("/aanmelden/code", data={"csrf": csrf_of(page), "next": "/", "code": "000000"})
        assert response.status_code == 400
        wrong_code = victim.post("/aanmelden/code", data={"csrf": csrf_of(page), "next": "/", "code": "000000"})
        assert wrong_code.status_code == 401  # the victim's own token is accepted (the code is wrong)


def test_over_https_the_form_cookie_is_a_host_cookie(app, store):
    no_totp(store)
    add_user(store, "carla", "coordinator")
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        page = client.get("/aanmelden")
        header = next(h for h in page.headers.get_list("set-cookie") if "formulier" in h)
        assert header.startswith("__Host-" + cookies.CSRF + "=")
        assert "Secure" in header and "Path=/" in header and "Domain" not in header
        # a plain-named cookie (a sibling subdomain could plant one) counts for nothing
        client.cookies.set(cookies.CSRF, client.cookies["__Host-" + cookies.CSRF])
        client.cookies.delete("__Host-" + cookies.CSRF)
        planted = client.post("/aanmelden", data={"csrf": csrf_of(page), "next": "/", "username": "carla",
                                                   "password": PASSWORD})
        assert planted.status_code == 400
        page = client.get("/aanmelden")
        done = client.post("/aanmelden", data={"csrf": csrf_of(page), "next": "/", "username": "carla",
                                                "password": PASSWORD})
        assert done.status_code == 303 and client.cookies.get(cookies.SESSION)


# ---- metrics; the owner header ----------------------------------------------------------

def test_metrics_are_served_to_nobody(client, store):
    no_totp(store)
    add_user(store, "dora", "dpo")
    for path in ("/_stcore/metrics", "/_stcore/metrics/"):
        assert client.get(path).status_code == 404
    sign_in(client, "dora")
    for path in ("/_stcore/metrics", "/_stcore/metrics/"):
        assert client.get(path).status_code == 404


def test_the_owner_header_is_set_by_the_gate_only(client, store):
    no_totp(store)
    add_user(store, "carla", "coordinator")
    forged = {owners.OWNER_HEADER.decode(): "sessie:1"}
    assert client.get("/aanmelden", headers=forged).status_code == 200
    sign_in(client, "carla")
    session_id = store.scalar("SELECT id FROM sessions WHERE stage = 'active'")
    assert client.get("/belronde", headers={owners.OWNER_HEADER.decode(): "sessie:999"}).text == (
        "owner:" + owners.owner_of(session_id))


def test_media_is_not_found_without_a_noted_owner(client, store):
    no_totp(store)
    add_user(store, "carla", "coordinator")
    sign_in(client, "carla")
    response = client.get("/media/0123abcd.csv")
    assert response.status_code == 404 and response.text == t("server.not_found")
