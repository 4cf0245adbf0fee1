"""Synthetic answer-page data: an exchange filled the way the staff side fills it (public
ceremony details and code hashes only), and codes made at run time."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn

from ceremony import clock
from ceremony.answers.exchange import EXCHANGE_NAME, Exchange
from ceremony.answers.server import create_app, uvicorn_options
from tests.e2e.server import free_port

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


@contextmanager
def running_answer_server(exchange_path: Path, **options) -> Iterator[str]:
    """The answer server (`create_app`) under real uvicorn in a thread, with the options of
    `python -m ceremony answers serve`; yields its base URL."""
    app = create_app(exchange_path, **options)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, **uvicorn_options())
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the answer server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        app.state.exchange.close()


def client(base_url: str) -> httpx.Client:
    """An HTTP client that keeps cookies and does not follow redirects (tests look at each step)."""
    return httpx.Client(base_url=base_url, follow_redirects=False, timeout=10)


def form_token(page: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def answer(http: httpx.Client, **fields) -> httpx.Response:
    """Open the answer page with the client's cookie and send the form with `fields`."""
    page = http.get("/antwoord")
    return http.post("/antwoord", data={"token": form_token(page.text), **fields})
