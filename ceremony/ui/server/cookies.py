"""The cookies the server sets: the session, a pending sign-in, and the form token's seed.

All are HttpOnly, SameSite=Strict, path /, and Secure when the request came over HTTPS;
over HTTPS the form cookie is named `__Host-...` (a browser takes such a cookie only
from this host, Secure, path /: a sibling subdomain cannot plant one).
Behind a TLS proxy the app sees plain HTTP; the operator sets CEREMONY_TRUST_PROXY=1 so
that the proxy's X-Forwarded-Proto counts (never trusted otherwise).
"""

from __future__ import annotations

import os
from http.cookies import SimpleCookie

SESSION = "ceremonie_sessie"
PENDING = "ceremonie_aanmelding"
CSRF = "ceremonie_formulier"


def form_name(secure: bool) -> str:
    """The form cookie's name: `__Host-` over HTTPS (browsers refuse that prefix without Secure)."""
    return "__Host-" + CSRF if secure else CSRF


def trust_proxy() -> bool:
    return os.environ.get("CEREMONY_TRUST_PROXY", "").strip().lower() in {"1", "true", "ja", "yes"}


def is_https(scheme: str, headers: dict[str, str]) -> bool:
    """Whether the browser reached us over HTTPS (directly, or via a trusted proxy)."""
    if scheme in {"https", "wss"}:
        return True
    if trust_proxy():
        forwarded = headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
        return forwarded == "https"
    return False


def header_value(name: str, value: str, secure: bool, max_age: int | None = None, same_site: str = "Strict") -> str:
    """A Set-Cookie value with our fixed attributes; max_age 0 clears it. `same_site` Lax
    only where a link from another site must carry the cookie (the answer page)."""
    parts = [f"{name}={value}", "Path=/", "HttpOnly", f"SameSite={same_site}"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


def parse(cookie_header: str) -> dict[str, str]:
    """Cookies of a raw Cookie header (for the ASGI middleware)."""
    jar = SimpleCookie()
    try:
        jar.load(cookie_header)
    except Exception:  # a malformed header counts as no cookie
        return {}
    return {key: morsel.value for key, morsel in jar.items()}
