"""Single sign-on with the municipality's OpenID Connect provider (Entra ID, Keycloak, ...).

The configuration has the form Streamlit documents for `st.login`: `[auth]` in
`.streamlit/secrets.toml` with `redirect_uri`, `cookie_secret`, `client_id`, `client_secret`
and `server_metadata_url`, or a named provider section such as `[auth.microsoft]`.

The flow (authorization code with PKCE S256, state and nonce), in three calls:

    url, blob = sso.begin(config)      # seal `blob` into this browser's cookie (sso_state)
    ...the browser signs in at the provider and comes back on config.redirect_uri...
    identity = sso.finish(config, blob, query_params)
    keys = sso.account_keys(config, identity)   # what may pick the app account

`finish` checks the state (once: `sso_state.spend`), exchanges the code at the token
endpoint and validates the ID token (signature against the provider's JWKS, issuer,
audience, nonce, expiry) with Authlib. Every failure is an `SsoError` with one Dutch
sentence and a short `reason` code for the audit trail; no message ever holds a token, a
code or a claim value.

`account_keys` says how the identity may find its app account (`signing_in.
find_for_identity` does the finding; roles stay in the app): by its linked subject, or the
first time by an address the ID token vouches for (`email` with `email_verified` the JSON
value true), or, with Entra ID's tenant pinned (`tenant_id`), by `preferred_username`.
Provider metadata and keys are fetched once per configuration and kept in memory.
"""

from __future__ import annotations

import hmac
import json
import os
import threading
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client.sync_app import BaseApp, OAuth2Mixin
from authlib.integrations.base_client.sync_openid import OpenIDMixin
from authlib.integrations.requests_client import OAuth2Session
from joserfc.errors import JoseError

from ceremony import clock, sso_state
from ceremony.errors import SsoError
from ceremony.texts import t

STATE_TTL_SECONDS = sso_state.TTL_SECONDS  # the blob from begin() is good for 10 minutes
DEFAULT_SCOPE = "openid email profile"
DEFAULT_SECRETS_PATH = Path(".streamlit/secrets.toml")
HTTP_TIMEOUT_SECONDS = 10
_REQUIRED = ("client_id", "client_secret", "server_metadata_url", "redirect_uri")
_PROVIDER_KEYS = {"client_id", "client_secret", "server_metadata_url"}
_CLIENT_KWARGS_FOR_CLIENT = {"scope", "token_endpoint_auth_method", "code_challenge_method"}
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_DEFAULT_AUTH_METHOD = "client_secret_basic"  # noqa: S105 - a method name, not a secret
_BLOB_VERSION = 1
# the choices of `match_claim` (see account_keys); the two Entra ID ones need tenant_id
MATCH_CLAIMS = ("email", "preferred_username", "oid")


@dataclass(frozen=True)
class SsoConfig:
    """One OpenID Connect client of the app, as read from `[auth]`."""

    provider: str  # "default" for a flat [auth], else the section name ("microsoft")
    client_id: str
    client_secret: str = field(repr=False)
    server_metadata_url: str = ""
    redirect_uri: str = ""
    cookie_secret: str = field(default="", repr=False)
    scope: str = DEFAULT_SCOPE
    token_endpoint_auth_method: str = _DEFAULT_AUTH_METHOD
    # extra parameters for the authorization request, e.g. (("prompt", "select_account"),)
    authorize_params: tuple[tuple[str, str], ...] = ()
    tenant_id: str = ""  # Entra ID: the ID token's `tid` must equal it
    match_claim: str = "email"  # one of MATCH_CLAIMS


@dataclass(frozen=True)
class Identity:
    """Who the provider says signed in. `email` and `name` are personal data: never log them."""

    sub: str
    email: str | None = field(repr=False)
    email_verified: bool | None  # the ID token's JSON boolean; None if absent or not a boolean
    name: str | None = field(repr=False)
    issuer: str
    tenant: str | None = None  # Entra ID's `tid`
    oid: str | None = field(default=None, repr=False)  # Entra ID's object id of the user
    username: str | None = field(default=None, repr=False)  # `preferred_username`


@dataclass(frozen=True)
class AccountKeys:
    """How an identity may find its app account (see `account_keys`)."""

    subject: str | None  # the account linked to this value is the one
    address: str | None = field(repr=False)  # else the unlinked account with this e-mail
    unmatched: str = "sso_no_account"  # the audit reason when no account is found


# --- configuration -----------------------------------------------------------------------


def load_config(
    source: str | os.PathLike | Mapping | None = None, provider: str | None = None
) -> SsoConfig | None:
    """The SSO configuration from a secrets.toml path or a secrets mapping; None if absent.

    `source` is a path (default `.streamlit/secrets.toml`; a missing file means no SSO), the
    whole secrets mapping (with an `auth` key, like `st.secrets`), or the `[auth]` table
    itself. `provider` picks a named section (`[auth.microsoft]`); without it the flat
    `[auth]` keys are used, or the only named section. Incomplete or unsafe settings raise
    `SsoError` naming the keys (never their values).
    """
    auth = _auth_section(DEFAULT_SECRETS_PATH if source is None else source)
    if not auth:
        return None
    named = {
        key: value
        for key, value in auth.items()
        if isinstance(value, Mapping) and _PROVIDER_KEYS & value.keys()
    }
    flat = bool(_PROVIDER_KEYS & auth.keys())
    if provider is None or provider == "default":
        if flat:
            name, section = "default", auth
        elif provider is None and len(named) == 1:
            name, section = next(iter(named.items()))
        elif provider is None and not named:
            return None
        else:
            raise SsoError(t("sso.config_provider", providers=", ".join(sorted(named))), "config")
    elif provider in named:
        name, section = provider, named[provider]
    else:
        raise SsoError(t("sso.config_provider", providers=", ".join(sorted(named))), "config")

    values = {
        "redirect_uri": section.get("redirect_uri", auth.get("redirect_uri")),
        "cookie_secret": section.get("cookie_secret", auth.get("cookie_secret")),
        **{key: section.get(key) for key in _PROVIDER_KEYS},
    }
    missing = [key for key in _REQUIRED if not isinstance(values[key], str) or not values[key]]
    if missing:
        raise SsoError(t("sso.config_missing", keys=", ".join(missing)), "config")
    for key in ("server_metadata_url", "redirect_uri"):
        if not _safe_url(values[key]):
            raise SsoError(t("sso.config_insecure", key=key), "config")

    match_claim = str(section.get("match_claim", auth.get("match_claim", "email")))
    tenant_id = str(section.get("tenant_id", auth.get("tenant_id", "")) or "")
    if match_claim not in MATCH_CLAIMS or (match_claim != "email" and not tenant_id):
        raise SsoError(t("sso.config_match", claims=", ".join(MATCH_CLAIMS)), "config")

    client_kwargs = dict(section.get("client_kwargs") or {})
    return SsoConfig(
        provider=name,
        client_id=values["client_id"],
        client_secret=values["client_secret"],
        server_metadata_url=values["server_metadata_url"],
        redirect_uri=values["redirect_uri"],
        cookie_secret=str(values["cookie_secret"] or ""),
        scope=str(client_kwargs.get("scope", DEFAULT_SCOPE)),
        token_endpoint_auth_method=str(
            client_kwargs.get("token_endpoint_auth_method", _DEFAULT_AUTH_METHOD)
        ),
        authorize_params=tuple(
            sorted(
                (str(key), str(value))
                for key, value in client_kwargs.items()
                if key not in _CLIENT_KWARGS_FOR_CLIENT
            )
        ),
        tenant_id=tenant_id,
        match_claim=match_claim,
    )


def _auth_section(source: str | os.PathLike | Mapping) -> Mapping:
    if isinstance(source, Mapping):
        secrets = source
    else:
        path = Path(source)
        if not path.exists():
            return {}
        try:
            secrets = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            raise SsoError(t("sso.config_unreadable"), "config") from None
    auth = secrets.get("auth", secrets if "redirect_uri" in secrets else None)
    return auth if isinstance(auth, Mapping) else {}


def _safe_url(url: str) -> bool:
    """https, or plain http on this machine only (tests, a local provider)."""
    parts = urlsplit(url)
    if not parts.hostname:
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOOPBACK)


# --- the flow ------------------------------------------------------------------------------


class _OidcClient(OAuth2Mixin, OpenIDMixin, BaseApp):
    """Authlib's synchronous OpenID Connect client (as its Flask integration builds it)."""

    client_cls = OAuth2Session


_clients: dict[SsoConfig, _OidcClient] = {}
_clients_lock = threading.Lock()


def _client(config: SsoConfig) -> _OidcClient:
    with _clients_lock:
        client = _clients.get(config)
        if client is None:
            client = _OidcClient(
                framework=None,
                name=config.provider,
                client_id=config.client_id,
                client_secret=config.client_secret,
                server_metadata_url=config.server_metadata_url,
                client_kwargs={
                    "scope": config.scope,
                    "code_challenge_method": "S256",
                    "token_endpoint_auth_method": config.token_endpoint_auth_method,
                    "default_timeout": HTTP_TIMEOUT_SECONDS,
                },
            )
            _clients[config] = client
        return client


def _metadata(client: _OidcClient) -> Mapping:
    """The provider's metadata, fetched on first use and kept in memory."""
    try:
        metadata = client.load_server_metadata()
    except requests.RequestException as exc:
        raise _http_failure(exc, "metadata") from None
    except ValueError:
        raise SsoError(t("sso.response_invalid"), "metadata") from None
    if not metadata.get("issuer") or not metadata.get("authorization_endpoint"):
        raise SsoError(t("sso.response_invalid"), "metadata")
    return metadata


def begin(config: SsoConfig) -> tuple[str, str]:
    """Start a sign-in: the provider URL to redirect the browser to, and the state blob.

    The blob holds the state, the nonce and the PKCE verifier: keep it bound to the browser
    that started, never readable (`sso_state.seal_pending`: a sealed cookie), and hand it to
    `finish`, which accepts it once and for `STATE_TTL_SECONDS`.
    """
    client = _client(config)
    _metadata(client)
    result = client.create_authorization_url(
        redirect_uri=config.redirect_uri, **dict(config.authorize_params)
    )
    blob = {
        "v": _BLOB_VERSION,
        "provider": config.provider,
        "client_id": config.client_id,
        "redirect_uri": config.redirect_uri,
        "state": result["state"],
        "nonce": result["nonce"],
        "code_verifier": result["code_verifier"],
        "created": int(clock.now_utc().timestamp()),
    }
    return result["url"], json.dumps(blob, separators=(",", ":"))


def finish(config: SsoConfig, state_blob: str, params: Mapping[str, str]) -> Identity:
    """Complete a sign-in from the callback's query parameters; the verified identity.

    Raises `SsoError` (reason: state, expired, denied, response, issuer, token, id_token,
    unreachable) when anything does not check out. A blob whose state matched is spent,
    whatever follows: a replayed callback fails with reason `state`.
    """
    blob = _read_blob(state_blob, config)
    age = clock.now_utc().timestamp() - blob["created"]
    if age > STATE_TTL_SECONDS or age < -60:
        raise SsoError(t("sso.expired"), "expired")
    if not hmac.compare_digest(str(params.get("state", "")).encode(), blob["state"].encode()):
        raise SsoError(t("sso.state_invalid"), "state")
    sso_state.spend(blob["state"], blob["created"])
    if params.get("error"):
        raise SsoError(t("sso.denied"), "denied")

    client = _client(config)
    metadata = _metadata(client)
    issuer = metadata["issuer"]
    # RFC 9207: the provider names itself in the response (mix-up defence)
    iss_expected = "iss" in params or metadata.get("authorization_response_iss_parameter_supported")
    if iss_expected and not hmac.compare_digest(str(params.get("iss", "")).encode(), issuer.encode()):
        raise SsoError(t("sso.response_invalid"), "issuer")
    code = params.get("code")
    if not code:
        raise SsoError(t("sso.response_invalid"), "response")

    try:
        token = client.fetch_access_token(
            redirect_uri=blob["redirect_uri"], code=code, code_verifier=blob["code_verifier"]
        )
    except requests.RequestException as exc:
        raise _http_failure(exc, "token") from None
    except (AuthlibBaseError, ValueError):
        raise SsoError(t("sso.response_invalid"), "token") from None
    try:
        claims = client.parse_id_token(token, nonce=blob["nonce"])
    except requests.RequestException as exc:
        raise _http_failure(exc, "jwks") from None
    except (JoseError, AuthlibBaseError, ValueError, KeyError, RuntimeError):
        raise SsoError(t("sso.response_invalid"), "id_token") from None
    if claims is None or not claims.get("sub"):
        raise SsoError(t("sso.response_invalid"), "id_token")
    # only the signed ID token vouches for its own address: userinfo may add one, never verify it
    verified = claims.get("email_verified") if "email" in claims else None
    if "email" not in claims and metadata.get("userinfo_endpoint"):
        claims = {**_userinfo(client, metadata, token, claims["sub"]), **claims}
    return Identity(
        sub=str(claims["sub"]),
        email=_text(claims.get("email")),
        email_verified=verified if isinstance(verified, bool) else None,
        name=_text(claims.get("name")),
        issuer=str(claims.get("iss", issuer)),
        tenant=_text(claims.get("tid")),
        oid=_text(claims.get("oid")),
        username=_text(claims.get("preferred_username")),
    )


def account_keys(config: SsoConfig, identity: Identity) -> AccountKeys:
    """What may pick the app account of `identity`, per `config.match_claim` (docs/sso.md).

    - `email`: linked by `sub`; the first time by `email`, only when the ID token's
      `email_verified` is the JSON value true (else `sso_email_unverified`).
    - `preferred_username`: linked by `sub`; the first time by the sign-in name (Entra ID's
      UPN, which only the tenant's administrators set).
    - `oid`: linked by Entra ID's object id (stable across app registrations); the first
      time by the sign-in name.
    With `tenant_id` set, an identity of another tenant gets no keys (`sso_tenant`).
    """
    if config.tenant_id and identity.tenant != config.tenant_id:
        return AccountKeys(None, None, "sso_tenant")
    if config.match_claim == "email":
        if identity.email_verified is True:
            return AccountKeys(identity.sub, identity.email)
        return AccountKeys(identity.sub, None, "sso_email_unverified" if identity.email else "sso_no_account")
    subject = identity.sub if config.match_claim == "preferred_username" else identity.oid
    return AccountKeys(subject, identity.username if subject else None)


def _read_blob(state_blob: str, config: SsoConfig) -> dict:
    try:
        blob = json.loads(state_blob)
        valid = (
            blob["v"] == _BLOB_VERSION
            and (blob["provider"], blob["client_id"]) == (config.provider, config.client_id)
            and all(
                isinstance(blob[key], str) and blob[key]
                for key in ("state", "nonce", "code_verifier", "redirect_uri")
            )
            and isinstance(blob["created"], int)
        )
    except (TypeError, ValueError, KeyError):
        valid = False
    if not valid:
        raise SsoError(t("sso.state_invalid"), "state")
    return blob


def _userinfo(client: _OidcClient, metadata: Mapping, token: dict, sub: str) -> dict:
    """Claims from the userinfo endpoint, for providers that keep e-mail out of the ID token."""
    try:
        response = client.get(metadata["userinfo_endpoint"], token=token)
        response.raise_for_status()
        info = response.json()
    except requests.RequestException as exc:
        raise _http_failure(exc, "userinfo") from None
    except ValueError:
        raise SsoError(t("sso.response_invalid"), "userinfo") from None
    if not isinstance(info, dict) or info.get("sub") != sub:
        raise SsoError(t("sso.response_invalid"), "userinfo")
    return info


def _http_failure(exc: requests.RequestException, step: str) -> SsoError:
    if isinstance(exc, requests.ConnectionError | requests.Timeout):
        return SsoError(t("sso.unreachable"), "unreachable")
    return SsoError(t("sso.response_invalid"), step)


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
