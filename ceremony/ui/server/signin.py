"""The sign-in pages: plain HTML forms handled by the server, never by Streamlit.

Flow: password (`/aanmelden`) -> second factor (`/aanmelden/code`, or first the
enrolment `/aanmelden/koppelen` with the recovery codes shown once) -> the page asked
for. Between the steps the browser holds a short-lived *pending* cookie; only at the
end does it get the session cookie. Single sign-on (`/auth/sso/...`) skips the
app's second factor: the municipality's identity provider does its own MFA.

Every form carries a token that is only accepted from our own origin and must equal an
HMAC (under a key derived from the installation's root secret) of the HttpOnly form
cookie's random seed and the browser's pending sign-in (the session, on the sign-out
form): a value of one's own choosing, or a token taken from another browser, is refused.
The seed is new at each step (a new pending sign-in or session, and sign-out), so earlier
tokens stop working; over HTTPS the form cookie is a `__Host-` cookie. Signing out is a
POST of such a form: a GET of `/afmelden` only shows the button. No credential or token
is ever put in a URL.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hmac
import math
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ceremony import audit, auth, crypto, permissions, sessions, signing_in, throttle
from ceremony.clock import utc_iso
from ceremony.errors import CeremonyError
from ceremony.texts import t
from ceremony.ui.nav import safe_next
from ceremony.ui.server import cookies, runtime
from ceremony.ui.server.sso_routes import SsoRoutes

TEMPLATES = Path(__file__).parent / "templates"
_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))
_env.globals["t"] = t
BUSY_RETRY_SECONDS = 5  # every password-check slot busy: try again this much later
FLOOD_AUDIT_SECONDS = 61  # refused attempts are audited per minute, just after it ends


class _Flow(SsoRoutes):
    """The routes, bound to one data directory."""

    def __init__(self, data_dir: str | None, guard: throttle.Guard | None = None):
        self.data_dir = data_dir
        self.guard = guard or throttle.Guard()
        self._flood_tasks: set[asyncio.Future] = set()  # pending flood audits (kept referenced)

    # ---- helpers -----------------------------------------------------------------
    def store(self):
        return runtime.open_store(self.data_dir)

    def secure(self, request: Request) -> bool:
        return cookies.is_https(request.url.scheme, dict(request.headers))

    def page(self, request: Request, template: str, title: str, status: int = 200, bound: str | None = None,
             **values) -> HTMLResponse:
        """A sign-in page; its form token is bound to `bound` (default: the pending sign-in)."""
        seed = self.form_seed(request)
        store = self.store()
        html = _env.get_template(template).render(
            title=title, app_name=t("server.app_name"), skip=t("server.skip"),
            municipality=store.setting("municipality"), csrf=self.form_token(request, seed, bound), **values,
        )
        response = HTMLResponse(html, status_code=status)
        if request.cookies.get(self.form_cookie(request)) != seed:
            response.headers.append("set-cookie", cookies.header_value(self.form_cookie(request), seed,
                                                                       self.secure(request)))
        return response

    def form_cookie(self, request: Request) -> str:
        return cookies.form_name(self.secure(request))

    def form_seed(self, request: Request) -> str:
        """This response's form seed: a new one after a step (`new_form_seed`), else the cookie's."""
        return getattr(request.state, "form_seed", None) or request.cookies.get(self.form_cookie(request)) \
            or self.new_form_seed(request)

    def new_form_seed(self, request: Request) -> str:
        """A step was taken: forms rendered from now on carry a token from a new seed (once per request)."""
        if not getattr(request.state, "form_seed", None):
            request.state.form_seed = secrets.token_urlsafe(32)
        return request.state.form_seed

    def form_token(self, request: Request, seed: str, bound: str | None) -> str:
        """HMAC of the seed and what the form is bound to, under a key only the server has."""
        bound = request.cookies.get(cookies.PENDING, "") if bound is None else bound
        key = crypto.derive(self.store().keys.roots[-1], "ceremony form token v1")
        return crypto.mac(key, f"form:{seed}:{bound}".encode())

    def signin_page(self, request: Request, status: int = 200, next_page: str = "/", username: str = "",
                    **values) -> HTMLResponse:
        """The password form, with an error or notice when given."""
        return self.page(request, "signin.html", t("server.signin.title"), status, next=next_page,
                         username=username[:60], sso=self.sso_config() is not None, **values)

    def redirect(self, url: str) -> RedirectResponse:
        return RedirectResponse(url, status_code=303)

    def set_cookie(self, request: Request, response: Response, name: str, value: str, max_age: int | None = None):
        response.headers.append("set-cookie", cookies.header_value(name, value, self.secure(request), max_age))
        if value and name in (cookies.SESSION, cookies.PENDING):  # a step: earlier form tokens stop working
            response.headers.append("set-cookie", cookies.header_value(
                self.form_cookie(request), self.new_form_seed(request), self.secure(request)))

    def clear_cookie(self, request: Request, response: Response, name: str):
        self.set_cookie(request, response, name, "", 0)

    async def form(self, request: Request, bound: str | None = None) -> dict[str, str] | None:
        """The posted form, or None when its token or origin is wrong (`bound` as in `page`)."""
        origin = request.headers.get("origin")
        if origin and origin != "null":
            host = request.headers.get("host", "")
            if urlsplit(origin).netloc != host:
                return None
        data = await request.form(max_files=0, max_fields=10, max_part_size=4096)
        values = {k: v for k, v in data.items() if isinstance(v, str)}
        seed = request.cookies.get(self.form_cookie(request), "")
        if not seed or not hmac.compare_digest(values.get("csrf", ""), self.form_token(request, seed, bound)):
            return None
        return values

    # ---- password ----------------------------------------------------------------
    async def signin_get(self, request: Request) -> Response:
        store = self.store()
        if auth.user_count(store) == 0:
            return self.redirect("/eerste-gebruik")
        next_page = safe_next(request.query_params.get("next"))
        notice = None
        if request.cookies.get(cookies.SESSION):
            notice = t("server.signin.ended")
        response = self.signin_page(request, next_page=next_page, notice=notice)
        if request.cookies.get(cookies.SESSION):
            self.clear_cookie(request, response, cookies.SESSION)
        return response

    async def signin_post(self, request: Request) -> Response:
        values = await self.form(request)
        if values is None:
            return self.signin_page(request, 400, error=t("server.signin.csrf"))
        next_page = safe_next(values.get("next"))
        name = values.get("username", "")
        wait = self.guard.limits.admit("password", client_address(request), name.strip().lower()[:200])
        if wait:
            return self.throttled(request, "password", wait, f"/aanmelden?next={next_page}")
        store = self.store()
        try:
            user = await self.guard.pool.run(signing_in.authenticate, store, name, values.get("password", ""))
            return await run_in_threadpool(self._after_password, request, store, user, next_page)
        except throttle.Busy:
            return self.throttled(request, "password", BUSY_RETRY_SECONDS, f"/aanmelden?next={next_page}")
        except CeremonyError as exc:
            return self.signin_page(request, 401, next_page=next_page, username=name, error=str(exc))

    def throttled(self, request: Request, kind: str, wait: float, back: str) -> HTMLResponse:
        """429 with `Retry-After`: too many attempts (or every check slot busy); counted
        for the flood entry of this minute, not audited one by one."""
        if self.guard.floods.note(client_address(request), kind):
            asyncio.get_running_loop().call_later(FLOOD_AUDIT_SECONDS, self._schedule_flood_audit)
        seconds = max(1, math.ceil(wait))
        response = self.page(request, "throttled.html", t("server.throttled.title"), 429, back=back,
                             error=t("server.throttled.text", n=max(1, math.ceil(seconds / 60))))
        response.headers["retry-after"] = str(seconds)
        return response

    def _schedule_flood_audit(self) -> None:
        task = asyncio.ensure_future(run_in_threadpool(self.audit_floods))
        self._flood_tasks.add(task)
        task.add_done_callback(self._flood_tasks.discard)

    def audit_floods(self, everything: bool = False) -> int:
        """One `login.throttled` entry per finished minute, client address and kind
        (the refused attempts' count); all minutes with `everything`. Returns the entries."""
        counts = self.guard.floods.drain(everything=everything)
        store = self.store()
        with store.write():
            for minute, address, kind, count in counts:
                audit.record(store, "anonymous", "login.throttled", "", client=address, kind=kind, count=count,
                             minute=utc_iso(dt.datetime.fromtimestamp(minute * 60, dt.UTC)))
        return len(counts)

    def _after_password(self, request: Request, store, user: permissions.User, next_page: str) -> Response:
        from ceremony import totp

        step = totp.next_step(store, user.id)
        if step is None:
            return self._signed_in(request, store, user, "password", next_page)
        stage = sessions.PENDING_TOTP if step == "code" else sessions.PENDING_ENROL
        token = sessions.create(store, user, stage=stage)
        target = "/aanmelden/code" if stage == sessions.PENDING_TOTP else "/aanmelden/koppelen"
        response = self.redirect(f"{target}?next={next_page}")
        self.set_cookie(request, response, cookies.PENDING, token, sessions.PENDING_MINUTES * 60)
        return response

    def _signed_in(self, request: Request, store, user: permissions.User, method: str, next_page: str,
                   response: Response | None = None) -> Response:
        signing_in.complete_sign_in(store, user, method)
        token = sessions.create(store, user, method=method)
        response = response or self.redirect(next_page)
        self.set_cookie(request, response, cookies.SESSION, token)
        if request.cookies.get(cookies.PENDING):
            sessions.end(store, request.cookies.get(cookies.PENDING), reason="promoted")
            self.clear_cookie(request, response, cookies.PENDING)
        return response

    # ---- second factor -----------------------------------------------------------
    def _pending(self, request: Request, stage: str):
        return sessions.lookup(self.store(), request.cookies.get(cookies.PENDING), stage=stage)

    async def code_get(self, request: Request) -> Response:
        if self._pending(request, sessions.PENDING_TOTP) is None:
            return self.signin_page(request, error=t("server.signin.pending_gone"))
        return self.page(request, "code.html", t("server.code.title"),
                         next=safe_next(request.query_params.get("next")))

    async def code_post(self, request: Request) -> Response:
        from ceremony import totp

        values = await self.form(request)
        pending = self._pending(request, sessions.PENDING_TOTP)
        if values is None or pending is None:
            return self.signin_page(request, 400, error=t("server.signin.pending_gone"))
        next_page = safe_next(values.get("next"))
        wait = self.guard.limits.admit("code", client_address(request), f"user:{pending.user.id}")
        if wait:
            return self.throttled(request, "code", wait, f"/aanmelden/code?next={next_page}")
        store = self.store()
        try:
            method = await run_in_threadpool(totp.verify, store, pending.user.id, values.get("code", ""))
            return await run_in_threadpool(self._signed_in, request, store, pending.user, method, next_page)
        except CeremonyError as exc:
            return self.page(request, "code.html", t("server.code.title"), 401, next=next_page, error=str(exc))

    async def enrol_get(self, request: Request) -> Response:
        pending = self._pending(request, sessions.PENDING_ENROL)
        if pending is None:
            return self.signin_page(request, error=t("server.signin.pending_gone"))
        next_page = safe_next(request.query_params.get("next"))
        try:
            return await run_in_threadpool(self._enrol_page, request, self.store(), pending.user, next_page)
        except CeremonyError as exc:  # locked, disabled or enrolled meanwhile
            return self.signin_page(request, 401, next_page=next_page, error=str(exc))

    def _enrol_page(self, request: Request, store, user: permissions.User, next_page: str, status: int = 200,
                    renew: bool = False, **values) -> Response:
        """The QR code to scan: the pending secret (kept after a typo), or a new one."""
        from ceremony import totp

        enrolment = totp.start_enrolment(store, user.id, renew=renew)
        return self.page(request, "enrol.html", t("server.enrol.title"), status, enrolment=enrolment,
                         next=next_page, **values)

    async def enrol_post(self, request: Request) -> Response:
        from ceremony import totp

        values = await self.form(request)
        pending = self._pending(request, sessions.PENDING_ENROL)
        if values is None or pending is None:
            return self.signin_page(request, 400, error=t("server.signin.pending_gone"))
        next_page = safe_next(values.get("next"))
        store = self.store()
        try:
            if values.get("renew"):  # "Een nieuwe code aanmaken": a new secret, on purpose
                return await run_in_threadpool(self._enrol_page, request, store, pending.user, next_page,
                                               renew=True, notice=t("server.enrol.renewed"))
            codes = await run_in_threadpool(totp.confirm_enrolment, store, pending.user.id, values.get("code", ""))
        except CeremonyError as exc:
            try:
                return await run_in_threadpool(self._enrol_page, request, store, pending.user, next_page, 401,
                                               error=str(exc))
            except CeremonyError as stopped:  # locked or disabled meanwhile
                return self.signin_page(request, 401, next_page=next_page, error=str(stopped))
        shown = self.page(request, "recovery.html", t("server.recovery.title"), codes=codes, next=next_page)
        try:
            return await run_in_threadpool(self._signed_in, request, store, pending.user, "password+totp",
                                           next_page, shown)
        except CeremonyError as exc:
            return self.signin_page(request, 401, next_page=next_page, error=str(exc))

    # ---- first administrator -----------------------------------------------------
    async def first_get(self, request: Request) -> Response:
        if auth.user_count(self.store()):
            return self.redirect("/aanmelden")
        return self.page(request, "first_run.html", t("server.first.title"), username="")

    async def first_post(self, request: Request) -> Response:
        store = self.store()
        if auth.user_count(store):
            return self.redirect("/aanmelden")
        values = await self.form(request)
        if values is None:
            return self.page(request, "first_run.html", t("server.first.title"), 400, username="",
                             error=t("server.signin.csrf"))
        name = values.get("username", "")
        if values.get("password", "") != values.get("password2", ""):
            return self.page(request, "first_run.html", t("server.first.title"), 400, username=name[:60],
                             error=t("server.first.mismatch"))
        try:
            user = await run_in_threadpool(auth.create_first_admin, store, name, values.get("password", ""))
        except CeremonyError as exc:
            return self.page(request, "first_run.html", t("server.first.title"), 400, username=name[:60],
                             error=str(exc))
        return await run_in_threadpool(self._after_password, request, store, user, "/")

    # ---- sign-out ----------------------------------------------------------------
    async def signout_get(self, request: Request) -> Response:
        """Only a button: a GET (a link from another site) signs nobody out."""
        token = request.cookies.get(cookies.SESSION)
        if await run_in_threadpool(sessions.lookup, self.store(), token, touch=False) is None:
            return self.signin_page(request)
        return self.page(request, "signout.html", t("server.signout.title"), bound=token)

    async def signout_post(self, request: Request) -> Response:
        """With the sign-out form's token only: a form posted from another site (which the
        Strict cookies do not reach) or an old form changes no cookie."""
        token = request.cookies.get(cookies.SESSION, "")
        if await self.form(request, bound=token) is None:
            if await run_in_threadpool(sessions.lookup, self.store(), token, touch=False) is None:
                return self.signin_page(request, 400, error=t("server.signin.csrf"))
            return self.page(request, "signout.html", t("server.signout.title"), 400, bound=token,
                             error=t("server.signin.csrf"))
        await run_in_threadpool(sessions.end, self.store(), token)
        self.new_form_seed(request)
        response = self.signin_page(request, notice=t("server.signin.signed_out"))
        self.clear_cookie(request, response, cookies.SESSION)
        return response

    async def stylesheet(self, request: Request) -> Response:
        return Response((TEMPLATES / "stijl.css").read_bytes(), media_type="text/css")


def client_address(request: Request) -> str:
    """The client's address for the limits: the socket peer, or, with CEREMONY_TRUST_PROXY=1,
    what the app server took from `X-Forwarded-For` of a configured proxy."""
    return request.client.host if request.client else "-"


def routes(data_dir: str | None = None, guard: throttle.Guard | None = None) -> list[Route]:
    """The sign-in routes; `guard` holds their limits (a new one by default)."""
    flow = _Flow(data_dir, guard)
    return [
        Route("/aanmelden", flow.signin_get, methods=["GET"]),
        Route("/aanmelden", flow.signin_post, methods=["POST"]),
        Route("/aanmelden/code", flow.code_get, methods=["GET"]),
        Route("/aanmelden/code", flow.code_post, methods=["POST"]),
        Route("/aanmelden/koppelen", flow.enrol_get, methods=["GET"]),
        Route("/aanmelden/koppelen", flow.enrol_post, methods=["POST"]),
        Route("/eerste-gebruik", flow.first_get, methods=["GET"]),
        Route("/eerste-gebruik", flow.first_post, methods=["POST"]),
        Route("/afmelden", flow.signout_get, methods=["GET"]),
        Route("/afmelden", flow.signout_post, methods=["POST"]),
        Route("/auth/sso/start", flow.sso_start, methods=["GET"]),
        Route("/auth/sso/callback", flow.sso_callback, methods=["GET"]),
        Route("/auth/stijl.css", flow.stylesheet, methods=["GET"]),
    ]
