"""Single sign-on against a real OpenID Connect provider (tests/oidc, `oidc-provider`).

The whole authorization code flow runs over HTTP: our `begin`, the provider's login form
submitted by a plain HTTP client, the provider's redirect, our `finish`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from contextlib import contextmanager
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest

from ceremony import sso, sso_state
from ceremony.errors import SsoError
from ceremony.texts import t
from tests.oidc_provider import running_provider, sub_for

CALLBACK = "http://127.0.0.1:8501/auth/sso/callback"
TENANT = "0b5e7a3c-1d2f-4a6b-9c8d-7e6f5a4b3c2d"
ENTRA_METADATA = f"https://login.microsoftonline.com/{TENANT}/v2.0/.well-known/openid-configuration"


@pytest.fixture
def config(oidc_provider) -> sso.SsoConfig:
    return sso.load_config(oidc_provider.secrets(CALLBACK))


@contextmanager
def refused(text_key: str, reason: str):
    """Expect an SsoError carrying exactly the Dutch sentence (so no token can leak in it)."""
    with pytest.raises(SsoError) as info:
        yield info
    assert str(info.value) == t(text_key)
    assert info.value.reason == reason


def test_sign_in_end_to_end_gives_the_providers_identity(oidc_provider, config):
    url, blob = sso.begin(config)
    query = parse_qs(urlsplit(url).query)
    assert url.startswith(oidc_provider.issuer + "/auth?")
    assert query["code_challenge_method"] == ["S256"] and query["redirect_uri"] == [CALLBACK]
    assert {"state", "nonce", "code_challenge"} <= query.keys()

    params = oidc_provider.login(url, "jan.peeters")
    identity = sso.finish(config, blob, params)

    assert identity.email == "jan.peeters@example.org"
    assert identity.email_verified is True
    assert identity.name == "jan.peeters"
    assert identity.sub == sub_for("jan.peeters")
    assert identity.issuer == oidc_provider.issuer
    assert "jan.peeters" not in repr(identity)  # personal values stay out of logs


def test_each_sign_in_gets_its_own_state_nonce_and_verifier(config):
    (url_a, blob_a), (url_b, blob_b) = sso.begin(config), sso.begin(config)
    qa, qb = parse_qs(urlsplit(url_a).query), parse_qs(urlsplit(url_b).query)
    for key in ("state", "nonce", "code_challenge"):
        assert qa[key] != qb[key]
    assert blob_a != blob_b


def test_a_tampered_state_is_refused_and_the_real_one_still_works(oidc_provider, config):
    url, blob = sso.begin(config)
    params = oidc_provider.login(url, "an.janssens")

    with refused("sso.state_invalid", "state"):
        last = "y" if params["state"].endswith("x") else "x"  # always a different state
        sso.finish(config, blob, {**params, "state": params["state"][:-1] + last})
    with refused("sso.state_invalid", "state"):
        sso.finish(config, blob, {k: v for k, v in params.items() if k != "state"})
    # the refusal spent nothing: the genuine callback still signs in
    assert sso.finish(config, blob, params).email == "an.janssens@example.org"


def test_an_id_token_for_another_nonce_is_refused(oidc_provider, config):
    """A code obtained with someone else's nonce (an injected or replayed login) fails."""
    url, blob = sso.begin(config)
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query["nonce"] = "a-nonce-from-another-sign-in"
    params = oidc_provider.login(urlunsplit(parts._replace(query=urlencode(query))), "piet")

    with refused("sso.response_invalid", "id_token"):
        sso.finish(config, blob, params)


def test_a_sign_in_older_than_ten_minutes_is_refused(oidc_provider, config, monkeypatch):
    url, blob = sso.begin(config)
    params = oidc_provider.login(url, "els")
    started = dt.datetime.now(dt.UTC)

    monkeypatch.setenv("CEREMONY_FAKE_NOW", (started + dt.timedelta(minutes=10, seconds=5)).isoformat())
    with refused("sso.expired", "expired"):
        sso.finish(config, blob, params)

    monkeypatch.setenv("CEREMONY_FAKE_NOW", (started + dt.timedelta(minutes=9)).isoformat())
    assert sso.finish(config, blob, params).email == "els@example.org"


def test_a_callback_is_accepted_once(oidc_provider, config, monkeypatch):
    url, blob = sso.begin(config)
    params = oidc_provider.login(url, "mia")
    sso.finish(config, blob, params)
    with refused("sso.state_invalid", "state"):
        sso.finish(config, blob, params)
    # were the spent state forgotten (memory bound), the provider redeems a code only once
    monkeypatch.setattr(sso_state, "_spent", {})
    with refused("sso.response_invalid", "token"):
        sso.finish(config, blob, params)


def test_a_wrong_client_secret_is_refused_by_the_provider(oidc_provider, config):
    wrong = dataclasses.replace(config, client_secret="not-the-secret")
    url, blob = sso.begin(wrong)
    params = oidc_provider.login(url, "tom")
    with refused("sso.response_invalid", "token"):
        sso.finish(wrong, blob, params)


def test_a_response_from_another_issuer_is_refused(oidc_provider, config):
    url, blob = sso.begin(config)
    params = oidc_provider.login(url, "bram")
    with refused("sso.response_invalid", "issuer"):
        sso.finish(config, blob, {**params, "iss": "https://evil.example"})


def test_a_cancelled_sign_in_and_a_broken_blob_are_refused(config):
    url, blob = sso.begin(config)
    state = parse_qs(urlsplit(url).query)["state"][0]
    with refused("sso.denied", "denied"):
        sso.finish(config, blob, {"state": state, "error": "access_denied"})
    for broken in ("", "{}", "[1]", blob.replace('"v":1', '"v":2')):
        with refused("sso.state_invalid", "state"):
            sso.finish(config, broken, {"state": state, "code": "x"})
    other_client = dataclasses.replace(config, client_id="another-app")
    with refused("sso.state_invalid", "state"):
        sso.finish(other_client, blob, {"state": state, "code": "x"})


def test_secrets_file_named_section_mapped_email_and_client_secret_post(tmp_path):
    accounts = {"an": "an.desmet@gemeente.example", "noemail": None}
    with running_provider(accounts=accounts, token_auth_method="client_secret_post") as idp:
        secrets_toml = tmp_path / "secrets.toml"
        secrets_toml.write_text(
            "[auth]\n"
            f'redirect_uri = "{CALLBACK}"\n'
            'cookie_secret = "a-long-random-cookie-secret-for-the-test"\n'
            "[auth.keycloak]\n"
            f'client_id = "{idp.client_id}"\n'
            f'client_secret = "{idp.client_secret}"\n'
            f'server_metadata_url = "{idp.metadata_url}"\n'
            'client_kwargs = { token_endpoint_auth_method = "client_secret_post", prompt = "login" }\n',
            encoding="utf-8",
        )
        config = sso.load_config(secrets_toml)
        assert config.provider == "keycloak"
        assert config.token_endpoint_auth_method == "client_secret_post"

        url, blob = sso.begin(config)
        assert parse_qs(urlsplit(url).query)["prompt"] == ["login"]
        assert sso.finish(config, blob, idp.login(url, "an")).email == "an.desmet@gemeente.example"

        url, blob = sso.begin(config)
        identity = sso.finish(config, blob, idp.login(url, "noemail"))
        assert identity.email is None and identity.email_verified is None
        assert identity.sub == sub_for("noemail")


def test_metadata_is_fetched_once_and_kept_in_memory():
    with running_provider() as idp:
        config = sso.load_config(idp.secrets(CALLBACK))
        first_url, _ = sso.begin(config)
    # the provider is gone; starting a sign-in still works from the kept metadata
    url, _ = sso.begin(config)
    assert urlsplit(url).netloc == urlsplit(first_url).netloc


def test_an_unreachable_provider_gives_one_dutch_sentence(oidc_provider):
    secrets = oidc_provider.secrets(CALLBACK)
    secrets["auth"]["server_metadata_url"] = "http://127.0.0.1:9/.well-known/openid-configuration"
    with refused("sso.unreachable", "unreachable"):
        sso.begin(sso.load_config(secrets))


# --- configuration only (no provider needed) ------------------------------------------


def entra_secrets() -> dict:
    return {
        "auth": {
            "redirect_uri": "https://welkom.gemeente.example/auth/sso/callback",
            "cookie_secret": "x" * 40,
            "microsoft": {
                "client_id": "6f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b",
                "client_secret": "entra-secret-value",
                "server_metadata_url": ENTRA_METADATA,
                "client_kwargs": {"prompt": "select_account"},
            },
        }
    }


def test_an_entra_id_configuration_loads():
    config = sso.load_config(entra_secrets())
    assert config.provider == "microsoft"
    assert config.server_metadata_url == ENTRA_METADATA
    assert config.redirect_uri == "https://welkom.gemeente.example/auth/sso/callback"
    assert config.client_id == "6f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b"
    assert config.scope == "openid email profile"
    assert config.authorize_params == (("prompt", "select_account"),)
    assert sso.load_config(entra_secrets(), provider="microsoft") == config
    assert sso.load_config(entra_secrets()["auth"]) == config  # the [auth] table itself
    assert "entra-secret-value" not in repr(config)


def test_entra_tenant_and_match_claim_settings():
    secrets = entra_secrets()
    secrets["auth"]["microsoft"] |= {"tenant_id": TENANT, "match_claim": "oid"}
    config = sso.load_config(secrets)
    assert (config.tenant_id, config.match_claim) == (TENANT, "oid")
    assert sso.load_config(entra_secrets()).match_claim == "email"  # the default

    for wrong in ({"match_claim": "oid"}, {"match_claim": "upn", "tenant_id": TENANT}):
        secrets = entra_secrets()
        secrets["auth"]["microsoft"] |= wrong
        with pytest.raises(SsoError) as info:
            sso.load_config(secrets)
        assert str(info.value) == t("sso.config_match", claims="email, preferred_username, oid")


def test_no_sso_when_nothing_is_configured(tmp_path):
    assert sso.load_config(tmp_path / "secrets.toml") is None
    assert sso.load_config({}) is None
    assert sso.load_config({"other": {"key": "value"}}) is None
    assert sso.load_config({"auth": {"redirect_uri": CALLBACK, "cookie_secret": "x" * 40}}) is None


def test_incomplete_or_unsafe_configuration_names_the_keys_not_the_values(tmp_path):
    secrets = entra_secrets()
    del secrets["auth"]["microsoft"]["client_secret"]
    with pytest.raises(SsoError) as info:
        sso.load_config(secrets)
    assert str(info.value) == t("sso.config_missing", keys="client_secret")

    secrets = entra_secrets()
    secrets["auth"]["microsoft"]["server_metadata_url"] = ENTRA_METADATA.replace("https", "http")
    with pytest.raises(SsoError) as info:
        sso.load_config(secrets)
    assert str(info.value) == t("sso.config_insecure", key="server_metadata_url")

    secrets = entra_secrets()
    secrets["auth"]["keycloak"] = dict(secrets["auth"]["microsoft"])
    with pytest.raises(SsoError) as info:
        sso.load_config(secrets)
    assert str(info.value) == t("sso.config_provider", providers="keycloak, microsoft")
    assert sso.load_config(secrets, provider="keycloak").provider == "keycloak"

    broken = tmp_path / "secrets.toml"
    broken.write_text("[auth\nclient_id = ", encoding="utf-8")
    with pytest.raises(SsoError) as info:
        sso.load_config(broken)
    assert str(info.value) == t("sso.config_unreadable")
