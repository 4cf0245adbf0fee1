"""Synthetic answer-page data: an exchange filled the way the staff side fills it (public
ceremony details and code hashes only), and codes made at run time."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from pathlib import Path

from ceremony import clock
from ceremony.answers.exchange import EXCHANGE_NAME, Exchange

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/l/I


def new_code() -> str:
    """A 16-character code (about 79 bits from this alphabet: tests only)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(16))


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def public_details(**changes) -> dict:
    """A ceremony's public details, formatted for display as the staff side does."""
    return {
        "name": "Verwelkoming nieuwe inwoners", "date": "14/12/2026", "time": "19:30",
        "venue": "Raadzaal", "address": "Marktplein 1, 9999 Voorbeeldstad",
        "bring": "Uw uitnodiging", "phone": "09 123 45 67", **changes,
    }


def later(days: float) -> str:
    """An ISO UTC moment `days` from now (negative: in the past)."""
    return clock.utc_iso(clock.now_utc() + dt.timedelta(days=days))


def publish(
    path: Path, codes: int = 1, ceremony_id: int = 1, places_left: int | None = None,
    answer_by: str | None = None, ends_at: str | None = None, max_companions: int = 3,
    first_invitation: int = 100,
) -> tuple[Exchange, list[str]]:
    """An exchange at `path` (a folder or the file) with one ceremony and `codes` live codes;
    returns the exchange and the codes in clear (as a letter would carry them)."""
    path = Path(path)
    if path.suffix != ".sqlite":
        path.mkdir(parents=True, exist_ok=True)
        path = path / EXCHANGE_NAME
    exchange = Exchange.open(path)
    exchange.put_ceremony(
        ceremony_id, public_details(), answer_by or later(7), ends_at or later(14), max_companions, places_left
    )
    clear = [new_code() for _ in range(codes)]
    exchange.put_codes((code_hash(c), first_invitation + i, ceremony_id) for i, c in enumerate(clear))
    return exchange, clear
