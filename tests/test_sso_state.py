"""The pending single-sign-on state (state, nonce, PKCE verifier) between start and callback.

It travels in the browser's own cookie, sealed by the server, so nobody else's requests can
evict it; it is good for 10 minutes and for one callback.
"""

from __future__ import annotations

import base64
import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from starlette.testclient import TestClient

from ceremony import auth, permissions
from ceremony.store import Store
from ceremony.texts import t
from ceremony.ui.server import signin
from ceremony.ui.server.sso_routes import SSO_COOKIE
from tests.conftest import ADMIN, PASSWORD
from tests.sso_helpers import failure_reasons, signed_in, sso_client, sso_sign_in, start


@pytest.fixture
def jan(store) -> permissions.User:
    auth.create_user(store, ADMIN, "anna", "beheerder", PASSWORD)
    return auth.create_user(store, ADMIN, "jan", "coordinator", PASSWORD, email="jan@example.org")


def failed(response) -> bool:
    return (
        response.status_code == 403
        and t("server.sso.failed") in response.text
        and not signed_in(response)
    )


def test_a_flood_of_anonymous_starts_does_not_evict_a_pending_sign_in(
    oidc_provider, data_dir, jan, monkeypatch
):
    # a small memory bound stands in for the 10,050 starts of the report (if there is one)
    monkeypatch.setattr(signin, "SSO_MAX_PENDING", 20, raising=False)
    user = sso_client(data_dir, oidc_provider, monkeypatch)
    params = oidc_provider.login(start(user, "/belronde").headers["location"], "jan")

    attacker = TestClient(user.app, follow_redirects=False)  # the same server process
    for _ in range(50):
        attacker.cookies.clear()
        start(attacker)

    response = user.get("/auth/sso/callback", params=params)
    assert response.status_code == 200 and signed_in(response)
    assert 'url=/belronde"' in response.text


def test_a_sign_in_started_on_one_server_process_finishes_on_another(
    oidc_provider, data_dir, jan, monkeypatch
):
    first = sso_client(data_dir, oidc_provider, monkeypatch)
    params = oidc_provider.login(start(first).headers["location"], "jan")
    second = sso_client(data_dir, oidc_provider, monkeypatch)  # a new process: nothing in memory
    second.cookies = first.cookies

    assert signed_in(second.get("/auth/sso/callback", params=params))


def test_the_state_cookie_is_sealed_lax_httponly_secure_and_short_lived(
    oidc_provider, data_dir, jan, monkeypatch
):
    client = sso_client(data_dir, oidc_provider, monkeypatch, base_url="https://testserver")
    response = start(client)
    header = next(
        h for h in response.headers.get_list("set-cookie") if h.startswith(SSO_COOKIE + "=")
    )
    attributes = {part.strip().split("=")[0].lower() for part in header.split(";")[1:]}
    assert {"httponly", "secure", "samesite", "max-age"} <= attributes
    assert "SameSite=Lax" in header and "Max-Age=600" in header

    # the cookie does not show the state, the nonce or anything that looks like a verifier
    value = header.split(";")[0].split("=", 1)[1]
    query = parse_qs(urlsplit(response.headers["location"]).query)
    raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    for secret in (query["state"][0], query["nonce"][0]):
        assert secret not in value and secret.encode() not in raw
    assert b"code_verifier" not in raw and b"nonce" not in raw


def test_a_tampered_or_foreign_state_cookie_is_refused(
    oidc_provider, data_dir, tmp_path, jan, monkeypatch, store
):
    client = sso_client(data_dir, oidc_provider, monkeypatch)
    params = oidc_provider.login(start(client).headers["location"], "jan")
    genuine = client.cookies[SSO_COOKIE]

    flipped = genuine[:10] + ("A" if genuine[10] != "A" else "B") + genuine[11:]
    client.cookies.clear()
    client.cookies.set(SSO_COOKIE, flipped)
    assert failed(client.get("/auth/sso/callback", params=params))
    assert failure_reasons(store)[-1] == "sso_state"

    # a cookie sealed by another installation (another root secret) opens nothing here
    other_dir = tmp_path / "other" / "data"
    Store.open(other_dir, create=True).close()
    other = sso_client(other_dir, oidc_provider, monkeypatch)
    other_params = oidc_provider.login(start(other).headers["location"], "jan")
    client = sso_client(data_dir, oidc_provider, monkeypatch)
    client.cookies.set(SSO_COOKIE, other.cookies[SSO_COOKIE])
    assert failed(client.get("/auth/sso/callback", params=other_params))

    # the genuine cookie still works: refusals spent nothing
    client.cookies.clear()
    client.cookies.set(SSO_COOKIE, genuine)
    assert signed_in(client.get("/auth/sso/callback", params=params))


def test_a_replayed_callback_is_refused(oidc_provider, data_dir, jan, monkeypatch, store):
    client = sso_client(data_dir, oidc_provider, monkeypatch)
    params = oidc_provider.login(start(client).headers["location"], "jan")
    cookie = client.cookies[SSO_COOKIE]
    assert signed_in(client.get("/auth/sso/callback", params=params))

    client.cookies.clear()
    client.cookies.set(SSO_COOKIE, cookie)  # the attacker kept the cookie and the URL
    assert failed(client.get("/auth/sso/callback", params=params))
    assert failure_reasons(store)[-1] == "sso_state"


def test_a_state_cookie_older_than_ten_minutes_is_refused(
    oidc_provider, data_dir, jan, monkeypatch, store
):
    client = sso_client(data_dir, oidc_provider, monkeypatch)
    params = oidc_provider.login(start(client).headers["location"], "jan")
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10, seconds=5)
    monkeypatch.setenv("CEREMONY_FAKE_NOW", later.isoformat())

    assert failed(client.get("/auth/sso/callback", params=params))
    assert failure_reasons(store)[-1] in {"sso_expired", "sso_state"}


def test_a_callback_without_the_cookie_is_refused(oidc_provider, data_dir, jan, monkeypatch, store):
    client = sso_client(data_dir, oidc_provider, monkeypatch)
    params = oidc_provider.login(start(client).headers["location"], "jan")
    client.cookies.clear()
    assert failed(client.get("/auth/sso/callback", params=params))
    assert signed_in(sso_sign_in(client, oidc_provider, "jan"))
