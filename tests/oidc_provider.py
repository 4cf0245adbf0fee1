"""A real OpenID Connect provider for the SSO tests: tests/oidc/provider.js (`oidc-provider`).

`make test` installs it (`npm ci --prefix tests/oidc`). Start one with

    with running_provider() as idp:           # or the `oidc_provider` fixture (session)
        idp.issuer, idp.client_id, idp.client_secret, idp.metadata_url
        idp.secrets(redirect_uri)              # an [auth] mapping for ceremony.sso.load_config
        params = idp.login(authorization_url, "jan")   # a plain HTTP client signs in

The provider accepts ANY login name without a password; the account gets
`<login>@example.org` (or what `accounts` maps it to) and a stable `sub` (`sub_for(login)`).
Loopback redirect URIs match on any port, so one provider serves apps on free ports. In a
browser (Playwright): open the authorization URL, fill `input[name=login]`, click
"Sign in"; consent is granted automatically. A missing Node.js fails the test, never skips.
"""

from __future__ import annotations

import collections
import hashlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

import requests

OIDC_DIR = Path(__file__).resolve().parent / "oidc"
DEFAULT_REDIRECT_URI = "http://127.0.0.1/auth/sso/callback"
LOGIN_FORM_SELECTOR = "input[name=login]"
LOGIN_BUTTON_NAME = "Sign in"


def sub_for(login: str) -> str:
    """The `sub` the test provider gives `login` (same rule as provider.js)."""
    return hashlib.sha256(f"ceremony-test-sub:{login}".encode()).hexdigest()[:32]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class TestProvider:
    """A running provider: where it is, its one client, and a way to sign in over HTTP."""

    __test__ = False  # not a pytest test class

    issuer: str
    client_id: str
    client_secret: str = field(repr=False)
    redirect_uris: tuple[str, ...] = (DEFAULT_REDIRECT_URI,)

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def secrets(self, redirect_uri: str, **client_kwargs: str) -> dict:
        """The secrets.toml content (as a mapping) for an app using this provider."""
        auth = {
            "redirect_uri": redirect_uri,
            "cookie_secret": secrets.token_urlsafe(32),
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "server_metadata_url": self.metadata_url,
        }
        if client_kwargs:
            auth["client_kwargs"] = dict(client_kwargs)
        return {"auth": auth}

    def login(self, authorization_url: str, login: str, session=None) -> dict[str, str]:
        """Sign in as `login` with a plain HTTP client; the query sent to the redirect URI.

        Follows the provider's redirects, submits its login form, and stops at the first
        redirect that leaves the provider (to the app's redirect URI), without calling it.
        """
        http = session or requests.Session()
        response = self._follow(http, http.get(authorization_url, allow_redirects=False))
        if response.status_code != 200 or 'name="login"' not in response.text:
            raise AssertionError(f"no login form at the provider (HTTP {response.status_code})")
        action = response.text.split('action="', 1)[1].split('"', 1)[0]
        posted = http.post(urljoin(response.url, action), data={"login": login},
                           allow_redirects=False)
        final = self._follow(http, posted)
        location = final.headers.get("location", "")
        if not (300 <= final.status_code < 400 and not location.startswith(self.issuer)):
            raise AssertionError(f"the provider did not redirect back (HTTP {final.status_code})")
        return dict(parse_qsl(urlsplit(location).query))

    def _follow(self, http, response):
        """Follow redirects while they stay on the provider."""
        for _ in range(10):
            location = response.headers.get("location")
            if not (300 <= response.status_code < 400 and location):
                return response
            target = urljoin(response.url, location)
            if not target.startswith(self.issuer + "/"):
                return response
            response = http.get(target, allow_redirects=False)
        raise AssertionError("too many redirects at the provider")


@contextmanager
def running_provider(
    redirect_uris: tuple[str, ...] = (DEFAULT_REDIRECT_URI,),
    accounts: dict | None = None,
    token_auth_method: str = "client_secret_basic",  # noqa: S107 - a method name
    port: int | None = None,
    conform_id_token: bool = False,
):
    """Start tests/oidc/provider.js on a free loopback port; yield a `TestProvider`.

    `accounts` maps a login to an e-mail or to claims ({email, email_verified, name, tid,
    oid, preferred_username}; email_verified null leaves the claim out). With
    `conform_id_token` the ID token holds no e-mail: it comes from userinfo only.
    """
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("Node.js is missing: run `make test` (it installs nodejs and npm)")
    if not (OIDC_DIR / "node_modules" / "oidc-provider").is_dir():
        raise RuntimeError("oidc-provider is missing: run `npm ci --prefix tests/oidc`")
    port = port or _free_port()
    provider = TestProvider(
        issuer=f"http://127.0.0.1:{port}",
        client_id="ceremony-test",
        client_secret=secrets.token_urlsafe(32),
        redirect_uris=tuple(redirect_uris),
    )
    env = {
        **os.environ,
        "OIDC_PORT": str(port),
        "OIDC_CLIENT_ID": provider.client_id,
        "OIDC_CLIENT_SECRET": provider.client_secret,
        "OIDC_REDIRECT_URIS": ",".join(redirect_uris),
        "OIDC_TOKEN_AUTH_METHOD": token_auth_method,
        "OIDC_ACCOUNTS": json.dumps(accounts or {}),
        "OIDC_CONFORM_ID_TOKEN": "1" if conform_id_token else "0",
    }
    proc = subprocess.Popen(
        [node, str(OIDC_DIR / "provider.js")],
        cwd=OIDC_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    # keep the provider's last error lines in memory (never on disk) for a failure message
    last_errors: collections.deque[str] = collections.deque(maxlen=20)
    drain = threading.Thread(
        target=lambda: last_errors.extend(line.decode(errors="replace") for line in proc.stderr),
        daemon=True,
    )
    drain.start()
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(provider.metadata_url, timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if proc.poll() is not None:
                drain.join(timeout=2)
                raise RuntimeError(f"the test OpenID provider stopped: {''.join(last_errors)}")
            if time.monotonic() > deadline:
                raise RuntimeError("the test OpenID provider did not start in 30 s")
            time.sleep(0.1)
        yield provider
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        drain.join(timeout=2)
