"""The answer form of the public page: the code, the form token, and the fields.

- `normalise_code`: what a person typed or the link carried, as the code (spaces and
  dashes gone, upper case, only letters and digits, bounded); `code_hash` its SHA-256.
- `form_token` / `token_valid`: a token bound to the code's hash and an expiry, an
  HMAC under the server's own secret (kept in the exchange file, never the master key).
- `read_fields`: the url-encoded body, at most `limit` bytes (more: `TooLarge`).
- `parse_answer`: every field against its fixed choices; a missing choice gives the key
  of the Dutch message for the form, anything else outside the choices `Tampered`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl

from ceremony import crypto
from ceremony.answers import INTERPRETER_LANGUAGES

MAX_CODE = 64  # characters kept of whatever arrives (codes have at most 16)
TOKEN_SECONDS = 2 * 3600  # a form may stay open this long
TOKEN_PURPOSE = "answer-form"  # noqa: S105 - an HMAC label, not a secret


class TooLarge(Exception):
    """The request body is over the limit."""


class Tampered(Exception):
    """A field holds a value the form never offers, or the token does not fit."""


@dataclass(frozen=True)
class AnswerForm:
    """An answer as the form gives it (companions and help only when coming)."""

    coming: bool
    companions: int = 0
    wheelchair: bool = False
    interpreter: str | None = None
    call_me: bool = False

    @property
    def people(self) -> int:
        """The places the answer asks for: the person and the companions."""
        return 1 + self.companions if self.coming else 0


def normalise_code(raw: str) -> str:
    """The code as stored: spaces and dashes removed, upper case, letters and digits only."""
    return re.sub(r"[^A-Z0-9]", "", raw.upper())[:MAX_CODE]


def code_hash(code: str) -> str:
    """SHA-256 (hex) of a normalised code: the exchange knows codes only by this."""
    return hashlib.sha256(code.encode()).hexdigest()


def form_token(secret: bytes, code_hash_hex: str, now: float | None = None) -> str:
    """A token for the form of this code, valid TOKEN_SECONDS."""
    expires = int((time.time() if now is None else now) + TOKEN_SECONDS)
    return f"{expires}.{_mac(secret, code_hash_hex, expires)}"


def token_valid(secret: bytes, code_hash_hex: str, token: str, now: float | None = None) -> bool:
    """Whether `token` was made by `form_token` for this code and has not expired."""
    expires, _, mac = token.partition(".")
    if not expires.isdigit() or len(expires) > 12:
        return False
    if int(expires) < (time.time() if now is None else now):
        return False
    return hmac.compare_digest(mac, _mac(secret, code_hash_hex, int(expires)))


def _mac(secret: bytes, code_hash_hex: str, expires: int) -> str:
    return crypto.mac(secret, f"{TOKEN_PURPOSE}:{code_hash_hex}:{expires}".encode())


async def read_fields(request, limit: int) -> dict[str, str]:
    """The url-encoded form of `request`, read up to `limit` bytes (TooLarge beyond);
    a field sent twice is Tampered."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise TooLarge
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False, max_num_fields=20)
    except (UnicodeDecodeError, ValueError) as exc:
        raise Tampered from exc
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise Tampered
    return fields


def parse_answer(fields: dict[str, str], max_companions: int) -> AnswerForm | str:
    """The answer in `fields`, or the text key of what the person still has to choose.

    Raises Tampered for a value the form does not offer."""
    coming = fields.get("komt", "")
    if coming == "":
        return "answer_page.form.missing"
    if coming not in ("ja", "nee"):
        raise Tampered
    companions = _choice(fields.get("mee", "0"), [str(n) for n in range(max_companions + 1)])
    wheelchair = _choice(fields.get("rolstoel", ""), ["", "ja"]) == "ja"
    interpreter = _choice(fields.get("tolk", ""), ["", *INTERPRETER_LANGUAGES]) or None
    call_me = _choice(fields.get("bel", ""), ["", "ja"]) == "ja"
    if coming == "nee":
        return AnswerForm(coming=False, call_me=call_me)
    return AnswerForm(True, int(companions), wheelchair, interpreter, call_me)


def _choice(value: str, choices: list[str]) -> str:
    if value not in choices:
        raise Tampered
    return value
