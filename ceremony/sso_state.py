"""The pending single-sign-on state between `sso.begin` and `sso.finish`: sealed, spent once.

The state blob (state, nonce, PKCE verifier) travels in the browser's own cookie, sealed with
AES-256-GCM under a key derived (HKDF) from the installation's root secret, so the server
keeps nothing per pending sign-in: nobody's flood of starts can evict another browser's
state, and any server process of the installation can finish it. The browser can neither
read nor change what it carries.

A state is accepted once: `spend` remembers the states used in this process until they
expire (bounded: past SPENT_MAX the oldest are forgotten; a forgotten one still fails at the
provider, which redeems an authorization code only once).
"""

from __future__ import annotations

import base64
import binascii
import json
import threading

from ceremony import clock, crypto
from ceremony.errors import IntegrityError, SsoError
from ceremony.texts import t

TTL_SECONDS = 600  # a pending sign-in is good for 10 minutes
SPENT_MAX = 50_000
_AAD = b"ceremony sso state v1"
_spent: dict[str, float] = {}  # state -> when it may be forgotten (epoch seconds)
_spent_lock = threading.Lock()


def state_key(keys: crypto.Keyring) -> bytes:
    """The key that seals pending sign-ins: derived from the current root secret."""
    return crypto.derive(keys.roots[-1], "ceremony sso state v1")


def seal_pending(keys: crypto.Keyring, blob: str, return_to: str) -> str:
    """The cookie value for a pending sign-in: `blob` from `sso.begin` and the page after."""
    payload = json.dumps([blob, return_to], separators=(",", ":")).encode()
    return (
        base64.urlsafe_b64encode(crypto.seal(state_key(keys), payload, _AAD)).decode().rstrip("=")
    )


def open_pending(keys: crypto.Keyring, value: str | None) -> tuple[str, str]:
    """The (blob, return_to) a cookie value holds; SsoError 'state' if it is not ours."""
    try:
        sealed = base64.urlsafe_b64decode((value or "") + "=" * (-len(value or "") % 4))
        blob, return_to = json.loads(crypto.open_sealed(state_key(keys), sealed, _AAD))
        if isinstance(blob, str) and isinstance(return_to, str):
            return blob, return_to
    except (IntegrityError, binascii.Error, ValueError, TypeError):
        pass
    raise SsoError(t("sso.state_invalid"), "state")


def spend(state: str, created: int) -> None:
    """Accept `state` once: a second use (a replayed callback) raises SsoError 'state'."""
    now = clock.now_utc().timestamp()
    with _spent_lock:
        while _spent and next(iter(_spent.values())) < now:  # about oldest first
            del _spent[next(iter(_spent))]
        if state in _spent:
            raise SsoError(t("sso.state_invalid"), "state")
        while len(_spent) >= SPENT_MAX:
            del _spent[next(iter(_spent))]
        _spent[state] = created + TTL_SECONDS + 60
