"""ASGI middleware: the session gate and the security headers.

`SessionGate` decides per request, before Streamlit sees it:
- uploads (`/_stcore/upload_file/...`), media downloads (`/media/...`), the app's
  WebSocket (`/_stcore/stream`) and Streamlit's other endpoints need a valid session
  cookie, else 403 (so a Streamlit session id alone, as in an upload URL in a proxy log,
  gives nothing);
- a page request without a valid session goes to the sign-in page, which returns to
  the page after sign-in;
- a page's old English address (`/intake`, `/calls`, ...: `nav.MOVED`) is redirected
  (308) to its Dutch one, so bookmarks keep working;
- the sign-in routes, the health check and the static assets (code, fonts) are open;
- Streamlit's metrics (`/_stcore/metrics`) are not served to anyone (404);
- what it lets through carries the owner header of the signed-in session
  (`owners.with_owner`), so Streamlit binds its sessions to it; an upload goes only into
  a Streamlit session of the same signed-in session, a download (`/media/...`) only to
  the signed-in session that made it, and each download is audited (`download.fetch`).

`SecurityHeaders` adds a strict Content-Security-Policy (with `frame-ancestors 'none'`),
nosniff, no referrer, a Permissions-Policy, `Cache-Control: no-store` on pages and
downloads, and turns Streamlit's `<html lang="en">` into `lang="nl"`.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from urllib.parse import quote

from ceremony import audit, sessions
from ceremony.texts import t
from ceremony.ui.nav import MOVED
from ceremony.ui.server import cookies, owners, runtime

SIGNIN_PATHS = ("/aanmelden", "/afmelden", "/eerste-gebruik", "/auth/")
OPEN_STCORE = ("/_stcore/health", "/_stcore/script-health-check", "/_stcore/host-config")
NOT_SERVED = ("/_stcore/metrics",)
UPLOAD = re.compile(r"^/_stcore/upload_file/([^/]+)(/|$)")
MEDIA = re.compile(r"^/media/([A-Za-z0-9]+)(\.[A-Za-z0-9]+)?$")
STATIC_PREFIXES = ("/static/", "/component/")
ASSET = re.compile(r"^/[A-Za-z0-9_.-]+\.(png|ico|json|txt|svg|js|css|woff2?|ttf)$")


def classify(path: str) -> str:
    """'open', 'protected' (needs a session, else 403), 'page' (else sign-in) or
    'not_served' (404 for everyone)."""
    if path.rstrip("/").endswith(NOT_SERVED):
        return "not_served"
    if ".." in path or "//" in path or "\\" in path:
        return "protected"
    if path.startswith(SIGNIN_PATHS) or path in {p.rstrip("/") for p in SIGNIN_PATHS}:
        return "open"
    if path in OPEN_STCORE:
        return "open"
    if path.startswith(("/_stcore/", "/media/")) or "/_stcore/" in path or "/media/" in path:
        return "protected"
    if path.startswith(STATIC_PREFIXES) or ASSET.match(path):
        return "open"
    return "page"


def _moved(scope) -> str:
    """The Dutch address of a page asked for by its old English one, with its query."""
    target = MOVED[scope["path"].rstrip("/")]
    query = scope.get("query_string", b"").decode("latin-1")
    return target + ("?" + query if query else "")


def _headers(scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


# The session check of signed-in users runs in threads of its own (one pool per process):
# it never waits behind password checks (ceremony.throttle.CheckPool) or anything else in
# the shared thread pool.
GATE_THREADS = 4
_GATE_EXECUTOR = ThreadPoolExecutor(GATE_THREADS, thread_name_prefix="session-gate")


async def _in_gate_threads(function, *args):
    return await asyncio.get_running_loop().run_in_executor(_GATE_EXECUTOR, function, *args)


class SessionGate:
    def __init__(self, app, data_dir: str | None = None):
        self.app = app
        self.data_dir = data_dir

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        scope = owners.with_owner(scope, None)  # never the browser's own value
        kind = classify(scope["path"])
        if kind == "not_served":
            return await _refuse(scope, send, 404, "server.not_found")
        if kind == "open":
            return await self.app(scope, receive, send)
        if kind == "page" and scope["type"] == "http" and scope["path"].rstrip("/") in MOVED:
            return await _respond(send, 308, b"", [(b"location", _moved(scope).encode())])
        token = cookies.parse(_headers(scope).get("cookie", "")).get(cookies.SESSION)
        session = await _in_gate_threads(self._session, token)
        if session is not None:
            owner = owners.owner_of(session.id)
            refusal = await _in_gate_threads(self._refusal, scope, session, owner)
            if refusal:
                return await _refuse(scope, send, *refusal)
            return await self.app(owners.with_owner(scope, owner), receive, send)
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return None
        if kind == "page" and scope.get("method") in ("GET", "HEAD"):
            target = "/aanmelden"
            if scope["path"] not in ("", "/"):
                target += "?next=" + quote(scope["path"], safe="/")
            return await _respond(send, 303, b"", [(b"location", target.encode())])
        return await _refuse(scope, send, 403, "server.denied")

    def _session(self, token: str | None) -> sessions.Session | None:
        if not token:
            return None
        store = runtime.open_store(self.data_dir)
        return sessions.lookup(store, token, touch=False)

    def _refusal(self, scope, session: sessions.Session, owner: str) -> tuple[int, str] | None:
        """Why a signed-in request is refused (status, text key), or None. An upload goes
        only into the signed-in session's own Streamlit session; a download only to the
        signed-in session that made it, and each one served is audited."""
        path = scope["path"]
        upload = UPLOAD.match(path)
        if upload and not owners.owns_session(upload.group(1), owner):
            return 403, "server.not_yours"
        if path.startswith("/media/"):
            media = MEDIA.match(path)
            kind = media and owners.file_kind(media.group(1), owner)
            if not kind:
                return 404, "server.not_found"
            store = runtime.open_store(self.data_dir)
            audit.record(store, session.user.actor, "download.fetch", f"session:{session.id}",
                         kind=kind, format=(media.group(2) or "").lstrip(".").lower())
        return None


async def _refuse(scope, send, status: int, key: str):
    """One Dutch sentence (HTTP), or a closed WebSocket."""
    if scope["type"] == "websocket":
        return await send({"type": "websocket.close", "code": 1008})
    return await _respond(send, status, t(key).encode(), [(b"content-type", b"text/plain; charset=utf-8")])


async def _respond(send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]):
    await send({"type": "http.response.start", "status": status,
                "headers": [*headers, (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


@cache
def _inline_script_hashes() -> tuple[str, ...]:
    """CSP hashes of the inline scripts in Streamlit's index.html (it has one)."""
    import streamlit

    html = (Path(streamlit.__file__).parent / "static" / "index.html").read_text()
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    return tuple(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in scripts
    )


def content_security_policy(host: str) -> str:
    hashes = " ".join(_inline_script_hashes())
    sockets = f"ws://{host} wss://{host}" if re.fullmatch(r"[A-Za-z0-9.:\[\]-]+", host or "") else ""
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {hashes}".strip(),
            # Streamlit's components set inline styles; no data ever reaches a style.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            f"connect-src 'self' {sockets}".strip(),
            "media-src 'self' blob:",
            "worker-src 'self' blob:",
            "frame-src 'self' blob: data:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeaders:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope["path"]
        headers = _headers(scope)
        csp = content_security_policy(headers.get("host", ""))
        is_page = classify(path) == "page"
        if is_page:
            # an uncompressed page, so that its lang attribute can be set
            scope = dict(scope)
            scope["headers"] = [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]
        state: dict = {}

        async def send_wrapper(message):
            if message["type"] == "http.response.start":
                raw = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _OURS]
                content_type = dict((k.lower(), v) for k, v in raw).get(b"content-type", b"")
                raw += [
                    (b"content-security-policy", csp.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"permissions-policy", PERMISSIONS_POLICY.encode()),
                    (b"x-frame-options", b"DENY"),
                ]
                html = content_type.startswith(b"text/html")
                private = path.startswith(("/media/", "/aanmelden", "/eerste-gebruik", "/auth/"))
                if html or private:
                    raw = [(k, v) for k, v in raw if k.lower() != b"cache-control"]
                    raw.append((b"cache-control", b"no-store"))
                if html and is_page:
                    state["start"] = {**message, "headers": raw}
                    state["body"] = b""
                    return None
                message = {**message, "headers": raw}
                return await send(message)
            if message["type"] == "http.response.body" and "start" in state:
                state["body"] += message.get("body", b"")
                if message.get("more_body"):
                    return None
                body = _localise(state["body"])
                start = state.pop("start")
                start["headers"] = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
                start["headers"].append((b"content-length", str(len(body)).encode()))
                await send(start)
                return await send({"type": "http.response.body", "body": body})
            return await send(message)

        return await self.app(scope, receive, send_wrapper)


_OURS = {
    b"content-security-policy", b"x-content-type-options", b"referrer-policy",
    b"permissions-policy", b"x-frame-options",
}


def _localise(body: bytes) -> bytes:
    """Streamlit's page shell in Dutch: the document language, the tab title and the
    nl-BE layer for Streamlit's own interface texts (ceremony/ui/server/localisation.py)."""
    body = body.replace(b'<html lang="en">', b'<html lang="nl">', 1)
    body = body.replace(b"<title>Streamlit</title>", b"<title>Ceremonie</title>", 1)
    # first in <head>: deferred scripts run in document order, so it runs before Streamlit's
    return body.replace(b"<head>", b'<head>\n    <script src="/auth/nl-BE.js" defer></script>', 1)
