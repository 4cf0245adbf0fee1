"""The public answer server: invitees answer through the personal link in their letter.

A small Starlette app (`create_app`), served by uvicorn (`python -m ceremony answers
serve`); the only part of the ceremony app exposed to the internet. It holds no key and
imports no store, keyring or domain module: its only data is the exchange file
(`exchange.py`), and it seals each answer to the staff app's public key (`sealing.py`).

- `GET /a/{code}` (the link) and `POST /` (the code typed on `GET /`): the code moves into
  a short-lived HttpOnly SameSite=Lax cookie and the browser goes to `/antwoord` (303), so
  the code leaves the address bar and never reaches a Referer.
- `GET /antwoord`: the ceremony and the form for a live code; for an unknown or dead one
  the one neutral page "Deze link werkt niet meer" (same look-up, same template).
- `POST /antwoord`: with the form token bound to the code, every field checked against
  its fixed choices; the answer is sealed and written (`Exchange.post_answer`), and the
  page says what was recorded. GET and HEAD never write anything (scanners, prefetch).
- Limits per client address: misses (unknown or dead codes) and posts, in sliding
  windows (`throttle.SlidingWindow`); request bodies of at most MAX_BODY bytes; uvicorn's
  head deadline and connection cap of the app server (`ui.server.listener`).
- Every response: no-store, no referrer, a CSP without any script, nosniff; pages are
  `lang="nl"`, escaped by Jinja2's autoescape, styled by one CSS file the app serves.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import threading
import time
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ceremony import clock
from ceremony.answers import INTERPRETER_LANGUAGES, form, sealing
from ceremony.answers.exchange import Exchange
from ceremony.errors import NotFound
from ceremony.texts import t
from ceremony.throttle import Rule, SlidingWindow
from ceremony.ui.server import cookies, listener

HERE = Path(__file__).resolve().parent
MAX_BODY = 4 * 1024
COOKIE = "antwoordcode"
COOKIE_SECONDS = 30 * 60
MISSES = Rule(20, 15 * 60)  # unknown or dead codes per client address
POSTS = Rule(30, 15 * 60)  # answers sent per client address
HEADERS = {
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
    "content-security-policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}

_log = logging.getLogger("ceremony.answers")
_env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True))
_env.globals["t"] = t


class Guard:
    """Sliding windows per client (an IPv4 address, an IPv6 /64): misses and posts
    (memory only, bounded)."""

    def __init__(self, misses: Rule = MISSES, posts: Rule = POSTS):
        self._lock = threading.Lock()
        self._windows = {"miss": SlidingWindow(misses), "post": SlidingWindow(posts)}

    def wait(self, kind: str, address: str) -> float:
        """Seconds `address` must wait before another `kind` (0: it may go on)."""
        with self._lock:
            return self._windows[kind].retry_after(_client_key(address), time.monotonic())

    def count(self, kind: str, address: str) -> None:
        with self._lock:
            self._windows[kind].add(_client_key(address), time.monotonic())


def _client_key(address: str) -> str:
    """The unit a limit counts: an IPv4 address, or the /64 of an IPv6 address (one
    connection usually gets a whole /64)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def uvicorn_options() -> dict:
    """uvicorn's options for this server: the app server's head deadline, trusted proxy
    headers and connection cap (`listener`), no access log (a link's path holds a code), no
    Server header."""
    return {**listener.uvicorn_options(), "access_log": False, "log_level": "warning", "server_header": False}


def create_app(exchange_path: Path, *, phone: str | None = None, guard: Guard | None = None,
               max_body: int = MAX_BODY) -> Starlette:
    """The answer server over the exchange at `exchange_path` (created when missing).

    `phone`: the municipality's number on the neutral page; without it, the number of the
    ceremony published last."""
    exchange = Exchange.open(exchange_path)
    pages = Pages(exchange, form_secret=exchange.secret("form"), phone=phone, guard=guard or Guard(),
                  max_body=max_body)
    routes = [
        Route("/", pages.start, methods=["GET"]),
        Route("/", pages.typed_code, methods=["POST"]),
        Route("/a/{code}", pages.link, methods=["GET"]),
        Route("/antwoord", pages.answer_page, methods=["GET"]),
        Route("/antwoord", pages.send_answer, methods=["POST"]),
        Route("/stijl.css", pages.stylesheet, methods=["GET"]),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: pages.http_error})
    app.add_middleware(SecurityHeaders)
    app.state.exchange = exchange
    return app


class Pages:
    """The routes of the answer server over one exchange."""

    def __init__(self, exchange: Exchange, form_secret: bytes, phone: str | None, guard: Guard, max_body: int):
        self.exchange = exchange
        self.secret = form_secret
        self.phone = phone
        self.guard = guard
        self.max_body = max_body
        self.css = (HERE / "static" / "stijl.css").read_bytes()

    # -- reaching the page with a code ------------------------------------------------------

    async def start(self, request: Request) -> Response:
        """The page where a person types the code from the letter."""
        return _render("start.html", title=t("answer_page.start.title"))

    async def link(self, request: Request) -> Response:
        """The personal link: the code into the cookie, then to the page (303)."""
        return self._to_answer_page(request, request.path_params["code"])

    async def typed_code(self, request: Request) -> Response:
        """The typed code: as the link (into the cookie, then to the page)."""
        try:
            fields = await form.read_fields(request, self.max_body)
        except form.TooLarge:
            return _message("too_large", 413)
        except form.Tampered:
            fields = {}
        return self._to_answer_page(request, fields.get("code", ""))

    def _to_answer_page(self, request: Request, raw_code: str) -> Response:
        response = RedirectResponse("/antwoord", status_code=303)
        cookie = cookies.header_value(
            _cookie_name(request), form.normalise_code(raw_code), _secure(request), COOKIE_SECONDS, same_site="Lax"
        )
        response.headers.append("set-cookie", cookie)
        return response

    # -- the answer page ----------------------------------------------------------------------

    async def answer_page(self, request: Request) -> Response:
        """The form for a live code, the neutral page for any other (reads only)."""
        code = _code_of(request)
        if code is None:
            return RedirectResponse("/", status_code=303)
        return await run_in_threadpool(self._answer_page, _client(request), form.code_hash(code))

    def _answer_page(self, address: str, hashed: str) -> Response:
        found = self._check(address, hashed)
        if isinstance(found, Response):
            return found
        return self._form(found)

    def _check(self, address: str, hashed: str):
        """The live CodeView, or the page to show instead (throttled, or gone: the same
        page and the same work for an unknown and a dead code)."""
        wait = self.guard.wait("miss", address)
        if wait:
            return _throttled(wait)
        view = self.exchange.lookup(hashed)
        if view is None:
            self.guard.count("miss", address)
            return self._gone()
        return view

    def _form(self, view, error: str | None = None, status: int = 200, chosen: dict | None = None) -> Response:
        """The ceremony and the form; after a missing choice, `error` and what was `chosen`."""
        languages = [(code, t(f"answer_page.language.{code}")) for code in INTERPRETER_LANGUAGES]
        return _render(
            "form.html", status=status, title=t("answer_page.form.title"), view=view, error=error,
            token=form.form_token(self.secret, view.code_hash), languages=languages,
            until=clock.be_datetime(view.answer_by),
            answered=clock.be_datetime(view.answered_at) if view.answered_at else None,
            full=view.places_left is not None and view.places_left < 1, chosen=chosen or {},
        )

    def _gone(self) -> Response:
        phone = self.phone or self.exchange.contact_phone()
        return _render("gone.html", title=t("answer_page.gone.title"), phone=phone)

    # -- sending an answer ----------------------------------------------------------------------

    async def send_answer(self, request: Request) -> Response:
        """The form sent: read the body (bounded), then check and record in a thread."""
        code = _code_of(request)
        try:
            fields = await form.read_fields(request, self.max_body)
        except form.TooLarge:
            return _message("too_large", 413)
        except form.Tampered:
            return _message("expired", 400)
        if code is None:
            return _message("expired", 400)
        return await run_in_threadpool(self._send_answer, _client(request), form.code_hash(code), fields)

    def _send_answer(self, address: str, hashed: str, fields: dict[str, str]) -> Response:
        """Check the post, seal and write the answer, and say what was recorded."""
        checked = self._checked(address, hashed, fields)
        if isinstance(checked, Response):
            return checked
        view, answer = checked
        recipient = self.exchange.recipient()
        if recipient is None:  # the staff side has not published its key yet: nothing can be sealed
            return self._gone()
        self.guard.count("post", address)
        status = self._post(view, answer, recipient)
        if status is None:
            return self._gone()  # the code died between the look-up and the write
        return _render(
            "result.html", title=t("answer_page.result.title"), outcome=status, answer=answer,
            language=t(f"answer_page.language.{answer.interpreter}") if answer.interpreter else None,
            until=clock.be_datetime(view.answer_by),
        )

    def _checked(self, address: str, hashed: str, fields: dict[str, str]):
        """(CodeView, AnswerForm) of a post with a valid token, within the limits, for a live
        code, with every field one of its choices; else the page to show instead."""
        if not form.token_valid(self.secret, hashed, fields.get("token", "")):
            return _message("expired", 400)
        wait = self.guard.wait("post", address)
        if wait:
            return _throttled(wait)
        found = self._check(address, hashed)
        if isinstance(found, Response):
            return found
        try:
            answer = form.parse_answer(fields, found.max_companions)
        except form.Tampered:
            return _message("expired", 400)
        if isinstance(answer, str):
            return self._form(found, error=t(answer), status=400, chosen=fields)
        return found, answer

    def _post(self, view, answer: form.AnswerForm, recipient: tuple[str, bytes]) -> str | None:
        """Seal the answer (with the status decided in the write) and post it; None when the code died."""
        key_id, public = recipient

        def sealed(status: str) -> bytes:
            plain = {
                "invitation_id": view.invitation_id, "coming": answer.coming, "companions": answer.companions,
                "wheelchair": answer.wheelchair, "interpreter": answer.interpreter, "call_me": answer.call_me,
                "status": status, "at": clock.utc_iso(),
            }
            return sealing.seal(public, json.dumps(plain).encode(), b"answer:" + view.code_hash.encode())

        try:
            return self.exchange.post_answer(view.code_hash, sealed, key_id, answer.coming, answer.people)
        except NotFound:
            return None

    # -- the rest -----------------------------------------------------------------------------

    async def stylesheet(self, request: Request) -> Response:
        """The one CSS file of the pages."""
        return Response(self.css, media_type="text/css")

    async def http_error(self, request: Request, exc: HTTPException) -> Response:
        """Unknown addresses and methods: the Dutch "not found" page."""
        return _message("not_found", 404 if exc.status_code in (404, 405) else exc.status_code)


class SecurityHeaders:
    """Adds HEADERS to every response (pages, redirects, errors, the stylesheet); an
    unexpected error becomes the Dutch failure page (500), never a traceback."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                own = {name.encode() for name in HEADERS}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in own]
                message["headers"] = kept + [(k.encode(), v.encode()) for k, v in HEADERS.items()]
            await send(message)

        try:
            await self.app(scope, receive, with_headers)
        except Exception as exc:
            if started:
                raise
            # for the operator: the kind of error only (a message could quote a request)
            _log.error("answer page failed: %s", type(exc).__name__)
            await _message("failure", 500)(scope, receive, with_headers)


def _render(template: str, status: int = 200, **values) -> HTMLResponse:
    return HTMLResponse(_env.get_template(template).render(**values), status_code=status)


def _message(kind: str, status: int) -> HTMLResponse:
    """A page with a title and one sentence: expired, too_large, not_found, failure."""
    keys = {
        "expired": ("answer_page.expired.title", "answer_page.expired.text"),
        "too_large": ("answer_page.too_large.title", "answer_page.too_large.text"),
        "not_found": ("answer_page.not_found.title", "answer_page.not_found.text"),
        "failure": ("answer_page.failure.title", "answer_page.failure.text"),
    }[kind]
    return _render("message.html", status=status, title=t(keys[0]), text=t(keys[1]))


def _throttled(wait: float) -> HTMLResponse:
    minutes = max(1, round(wait / 60))
    response = _render("message.html", status=429, title=t("answer_page.throttled.title"),
                       text=t("answer_page.throttled.text", n=minutes))
    response.headers["retry-after"] = str(int(wait) + 1)
    return response


def _secure(request: Request) -> bool:
    return cookies.is_https(request.url.scheme, dict(request.headers))


def _cookie_name(request: Request) -> str:
    """Over HTTPS `__Host-antwoordcode` (this host only, Secure, path /: a sibling subdomain
    cannot plant it); a plain-named cookie then counts for nothing."""
    return "__Host-" + COOKIE if _secure(request) else COOKIE


def _code_of(request: Request) -> str | None:
    """The normalised code in the cookie, None without one."""
    raw = request.cookies.get(_cookie_name(request))
    return form.normalise_code(raw) if raw else None


def _client(request: Request) -> str:
    return request.client.host if request.client else "?"
