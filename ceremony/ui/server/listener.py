"""How the app server listens: uvicorn's options and an HTTP protocol with a deadline for
each request head.

- `HeaderDeadlineProtocol`: uvicorn's h11 protocol, plus a deadline: a connection that
  has not sent a complete request line and headers within `header_timeout()` seconds of
  connecting (or of its previous response) is closed. uvicorn has no such timeout of its
  own (its keep-alive timer stops at the first byte), so a slow client sending half a
  header held its socket for as long as it liked.
- `uvicorn_options()`: that protocol; proxy headers (`X-Forwarded-For`, `-Proto`) only
  with CEREMONY_TRUST_PROXY=1 and then only from CEREMONY_PROXY_ADDRESSES (uvicorn
  trusts them from 127.0.0.1 by default); at most CEREMONY_MAX_CONNECTIONS connections
  (uvicorn answers 503 beyond); idle keep-alive connections closed after 5 seconds.
- `install()`: Streamlit's `st.App.run` builds uvicorn's Config itself; this adds our
  options to the ones it passes (its one hook for them).
"""

from __future__ import annotations

import os

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from ceremony.ui.server import cookies

HEADER_TIMEOUT = 10.0  # seconds for a request line and its headers
MAX_CONNECTIONS = 1000
KEEP_ALIVE_SECONDS = 5
MAX_HEAD_BYTES = 16 * 1024  # request line and headers (h11's own default, made explicit)


def header_timeout() -> float:
    """CEREMONY_HEADER_TIMEOUT (seconds), else HEADER_TIMEOUT."""
    return float(os.environ.get("CEREMONY_HEADER_TIMEOUT") or HEADER_TIMEOUT)


def proxy_addresses() -> str:
    """The addresses whose X-Forwarded-* headers count (CEREMONY_PROXY_ADDRESSES)."""
    return os.environ.get("CEREMONY_PROXY_ADDRESSES", "").strip() or "127.0.0.1,::1"


class HeaderDeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol that closes a connection whose request head is late."""

    _deadline = None

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc) -> None:
        self._disarm()
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is not h11.IDLE:  # a whole request head has arrived
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._arm()  # the next request's head has its own deadline

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(header_timeout(), self._late)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _late(self) -> None:
        self._deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


def uvicorn_options() -> dict:
    """The options of uvicorn.Config that the app server sets (see the module docstring)."""
    trusted = cookies.trust_proxy()
    return {
        "http": HeaderDeadlineProtocol,
        "proxy_headers": trusted,
        "forwarded_allow_ips": proxy_addresses() if trusted else "",
        "limit_concurrency": int(os.environ.get("CEREMONY_MAX_CONNECTIONS") or MAX_CONNECTIONS),
        "timeout_keep_alive": KEEP_ALIVE_SECONDS,
        "h11_max_incomplete_event_size": MAX_HEAD_BYTES,
    }


def install() -> None:
    """Make Streamlit's uvicorn runner use `uvicorn_options()` (before `st.App.run`)."""
    from streamlit.web.server.starlette import starlette_server

    streamlit_options = starlette_server._get_uvicorn_config_kwargs
    if getattr(streamlit_options, "ceremony", False):
        return

    def options() -> dict:
        return {**streamlit_options(), **uvicorn_options()}

    options.ceremony = True
    starlette_server._get_uvicorn_config_kwargs = options
