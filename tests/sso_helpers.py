"""Single sign-on through the sign-in routes in-process (Starlette's test client).

The app's routes run for real (`ceremony.ui.server.signin`), the identity provider is the
real `oidc-provider` of tests/oidc; only the Streamlit app behind the gate is stood in for.

    client = sso_client(data_dir, idp, monkeypatch)          # secrets file + routes
    response = sso_sign_in(client, idp, "jan")               # start, provider login, callback
    signed_in(response)                                      # a session cookie was set
"""

from __future__ import annotations

import json

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from ceremony import audit
from ceremony.ui.server import cookies, middleware, runtime, signin
from tests.oidc_provider import DEFAULT_REDIRECT_URI


def write_secrets(path, idp, **settings: str) -> None:
    """A secrets.toml with a flat [auth] for `idp`, plus extra [auth] settings."""
    values = idp.secrets(DEFAULT_REDIRECT_URI)["auth"] | settings
    path.write_text(
        "[auth]\n" + "".join(f"{key} = {json.dumps(value)}\n" for key, value in values.items()),
        encoding="utf-8",
    )


def sso_app(data_dir) -> Starlette:
    """The sign-in routes and the session gate for `data_dir` (one server process)."""
    stand_in = Route("/{path:path}", lambda request: PlainTextResponse("app:" + request.url.path))
    return Starlette(
        routes=[*signin.routes(str(data_dir)), stand_in],
        middleware=[
            Middleware(middleware.SecurityHeaders),
            Middleware(middleware.SessionGate, data_dir=str(data_dir)),
        ],
    )


def sso_client(
    data_dir, idp, monkeypatch, base_url: str = "http://testserver", **settings: str
) -> TestClient:
    """A test client of a fresh server process whose [auth] points at `idp`."""
    secrets_file = data_dir.parent / "secrets.toml"
    write_secrets(secrets_file, idp, **settings)
    monkeypatch.setenv("CEREMONY_SECRETS_FILE", str(secrets_file))
    runtime.forget()
    return TestClient(sso_app(data_dir), base_url=base_url, follow_redirects=False)


def start(client: TestClient, next_page: str = "/"):
    """GET /auth/sso/start: the redirect to the provider (its Set-Cookie holds the state)."""
    response = client.get("/auth/sso/start", params={"next": next_page})
    assert response.status_code == 303, response.text
    return response


def sso_sign_in(client: TestClient, idp, login: str, next_page: str = "/"):
    """A whole sign-in as `login` at the provider; the app's answer to the callback."""
    params = idp.login(start(client, next_page).headers["location"], login)
    return client.get("/auth/sso/callback", params=params)


def signed_in(response) -> bool:
    """Whether the callback opened a session (set the session cookie)."""
    return any(
        header.startswith(cookies.SESSION + "=") and "Max-Age=0" not in header
        for header in response.headers.get_list("set-cookie")
    )


def failure_reasons(store) -> list[str]:
    """The reasons of `login.failure` in the audit trail, oldest first."""
    return [
        json.loads(e["details"]).get("reason")
        for e in reversed(audit.entries(store, "login.failure"))
    ]
