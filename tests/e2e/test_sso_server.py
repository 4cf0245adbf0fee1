"""Single sign-on through the real app server against a real OpenID provider.

The provider (npm oidc-provider, tests/oidc) is started by the test suite; the app reads
its client from a secrets file in Streamlit's `[auth]` form. Roles stay in the app: the
identity is matched to an existing account by e-mail.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from ceremony import auth
from ceremony.startup import open_installation
from ceremony.store import Store
from ceremony.texts import t
from tests.conftest import ADMIN, PASSWORD
from tests.e2e.server import CHROMIUM, browser_page, free_port, running_app
from tests.e2e.test_browser_flow import go, see, wait_ready
from tests.oidc_provider import LOGIN_BUTTON_NAME, LOGIN_FORM_SELECTOR

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


def _secrets_toml(values: dict) -> str:
    auth_section = values.get("auth", values)
    lines = ["[auth]"]
    nested = {}
    for key, value in auth_section.items():
        if isinstance(value, dict):
            nested[key] = value
        else:
            lines.append(f'{key} = "{value}"')
    for name, table in nested.items():
        lines.append(f"[auth.{name}]")
        lines += [f'{k} = "{v}"' for k, v in table.items()]
    return "\n".join(lines) + "\n"


def sso_sign_in(page, url: str, login_name: str) -> None:
    page.goto(url + "/aanmelden")
    page.get_by_role("link", name=t("server.signin.sso")).click()
    page.locator(LOGIN_FORM_SELECTOR).fill(login_name)
    page.get_by_role("button", name=LOGIN_BUTTON_NAME).click()


def test_single_sign_on_end_to_end(oidc_provider, tmp_path, request):
    port = free_port()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(_secrets_toml(oidc_provider.secrets(f"http://127.0.0.1:{port}/auth/sso/callback")))
    data_dir = tmp_path / "data"
    store = open_installation(data_dir, for_="cli", create=True)
    auth.create_user(store, ADMIN, "anna", "beheerder", PASSWORD)
    auth.create_user(store, ADMIN, "carla", "coordinator", PASSWORD, email="Carla.Peeters@example.org")
    store.close()
    env = {"CEREMONY_SECRETS_FILE": str(secrets)}
    with running_app(data_dir, extra_env=env, second_factor=True, port=port) as url, browser_page(request) as page:
        # a known e-mail signs in with its app role, without the app's own second factor
        sso_sign_in(page, url, "carla.peeters")
        see(page, t("ui.home.title", name="carla"))
        wait_ready(page)
        go(page, t("nav.page.ceremonies"))
        expect(page.get_by_role("heading", name=t("ceremonies.ui.title")).first).to_be_visible()
        # revocation holds for SSO sessions too: disabled -> signed out at the next click
        store = Store.open(data_dir)
        auth.set_active(store, ADMIN, "carla", False)
        store.close()
        go(page, t("nav.page.calls"))
        see(page, t("ui.session.ended_title"))

        # an identity without an account: one Dutch sentence, never access
        other = page.context.browser.new_context()
        stranger = other.new_page()
        sso_sign_in(stranger, url, "onbekend")
        expect(stranger.get_by_role("alert")).to_contain_text(t("server.sso.no_account"))
        stranger.goto(url + "/belronde")
        expect(stranger).to_have_url(url + "/aanmelden?next=/belronde")
        other.close()

    check = Store.open(data_dir)
    assert check.scalar("SELECT count(*) FROM audit WHERE action = 'login.success' AND details LIKE '%sso%'") == 1
    assert check.scalar("SELECT count(*) FROM audit WHERE action = 'login.failure' AND details LIKE '%sso_no_account%'") == 1
    assert check.scalar("SELECT count(*) FROM sessions WHERE method = 'sso' AND revoked_reason = 'disabled'") == 1
    check.close()
