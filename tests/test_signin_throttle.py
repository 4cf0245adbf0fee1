"""Sign-in floods: limits per client address and per account, a
bounded pool for password checks, a signed-in user who never waits behind them, and one
audit entry per minute for the refused attempts.

The sign-in routes and the session gate run in-process (httpx over ASGI, many requests
at once on one event loop); the Streamlit app behind the gate is a stand-in route.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import anyio.to_thread
import httpx
import pyotp
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from ceremony import audit, sessions, throttle, totp
from ceremony.texts import t
from ceremony.ui.server import cookies, middleware, runtime, signin
from tests.conftest import PASSWORD, add_user

CLIENT = "192.0.2.7"
WRONG = "not-the-right-one-123"


def run(coroutine):
    """`asyncio.run` on a thread of its own: a test process that drove a browser before
    (Playwright's synchronous API) still has an event loop running on its main thread."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


async def _app_stand_in(request):
    return PlainTextResponse("app:" + request.url.path)


def _app(data_dir, guard):
    runtime.forget()
    return Starlette(
        routes=[*signin.routes(str(data_dir), guard), Route("/{path:path}", _app_stand_in)],
        middleware=[Middleware(middleware.SecurityHeaders), Middleware(middleware.SessionGate, data_dir=str(data_dir))],
    )


def _client(app, address=CLIENT):
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver", follow_redirects=False)


async def _form(client, path="/aanmelden") -> str:
    page = await client.get(path)
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


async def _sign_in(client, csrf, username, password=WRONG):
    return await client.post("/aanmelden", data={"csrf": csrf, "next": "/", "username": username,
                                                 "password": password})


def _flow(app) -> signin._Flow:
    return next(r.endpoint.__self__ for r in app.routes if getattr(r, "path", "") == "/aanmelden")


def _assert_throttled(response):
    assert response.status_code == 429
    assert int(response.headers["retry-after"]) >= 1
    assert '<html lang="nl">' in response.text and t("server.throttled.title") in response.text


def test_120_concurrent_sign_ins_get_429_beyond_the_limits_and_one_audit_entry(store, data_dir):
    add_user(store, "carla", "coordinator")
    app = _app(data_dir, throttle.Guard())

    async def flood():
        async with _client(app) as client:
            csrf = await _form(client)
            return await asyncio.gather(*(_sign_in(client, csrf, f"onbekend{i}") for i in range(120)))

    answers = run(flood())
    statuses = [r.status_code for r in answers]
    limit = throttle.RULES["password"]["address"].limit
    assert set(statuses) == {401, 429}
    assert 1 <= statuses.count(401) <= limit  # beyond the limit, or with every slot busy: 429
    for response in answers:
        if response.status_code == 429:
            _assert_throttled(response)
    # one row per checked attempt; the refused ones in one entry for this minute and address
    assert len(audit.entries(store, "login.failure")) == statuses.count(401)
    assert _flow(app).audit_floods(everything=True) == 1
    [entry] = audit.entries(store, "login.throttled")
    details = json.loads(entry["details"])
    assert details["client"] == CLIENT and details["count"] == statuses.count(429)
    assert details["kind"] == "password"


def test_one_account_name_is_limited_across_addresses(store, data_dir):
    add_user(store, "carla", "coordinator")
    app = _app(data_dir, throttle.Guard())
    limit = throttle.RULES["password"]["account"].limit

    async def from_many_addresses():
        answers = []
        for i in range(limit + 2):
            async with _client(app, f"198.51.100.{i}") as client:
                answers.append(await _sign_in(client, await _form(client), "Carla "))
        return answers

    statuses = [r.status_code for r in run(from_many_addresses())]
    assert statuses == [401] * limit + [429, 429]
    # the lockout stopped the account after five; the name limit stops the checks themselves
    assert len(audit.entries(store, "login.failure")) == limit


def test_a_signed_in_user_is_answered_while_every_password_slot_is_busy(store, data_dir):
    store.put_setting("require_totp", False)
    carla = add_user(store, "carla", "coordinator")
    token = sessions.create(store, carla, method="password")
    guard = throttle.Guard(pool=throttle.CheckPool(workers=2, queued=2))
    app = _app(data_dir, guard)
    release = threading.Event()

    async def during_a_flood():
        # every password slot and its queue hold a check that has not finished, and the
        # shared thread pool is full too (as 40 checks in flight filled it before)
        holders = [asyncio.ensure_future(guard.pool.run(release.wait)) for _ in range(guard.pool.capacity)]
        limiter = anyio.to_thread.current_default_thread_limiter()
        shared = [asyncio.ensure_future(anyio.to_thread.run_sync(release.wait)) for _ in range(int(limiter.total_tokens))]
        await asyncio.sleep(0)
        try:
            async with _client(app) as client:
                client.cookies.set(cookies.SESSION, token)
                page = await client.get("/belronde")
            async with _client(app, "203.0.113.9") as other:
                refused = await _sign_in(other, await _form(other), "carla", PASSWORD)
        finally:
            release.set()
            await asyncio.gather(*holders, *shared)
        return page, refused

    page, refused = run(asyncio.wait_for(during_a_flood(), timeout=60))
    assert page.status_code == 200 and page.text == "app:/belronde"
    _assert_throttled(refused)  # a free slot is not waited for: the answer comes at once


def test_totp_and_recovery_codes_are_limited_too(store, data_dir):
    carla = add_user(store, "carla", "coordinator")
    enrolment = totp.start_enrolment(store, carla.id)
    totp.confirm_enrolment(store, carla.id, pyotp.TOTP(enrolment.secret).now())
    rules = {**throttle.RULES, "code": {"address": throttle.Rule(3, 300), "account": throttle.Rule(3, 900)}}
    app = _app(data_dir, throttle.Guard(limits=throttle.Limits(rules)))

    async def codes():
        async with _client(app) as client:
            await _sign_in(client, await _form(client), "carla", PASSWORD)
            answers = []
            for code in ("000000", "aaaa-bbbb-cccc-dddd", "111111", "222222"):
                csrf = await _form(client, "/aanmelden/code")
                answers.append(await client.post("/aanmelden/code", data={"csrf": csrf, "next": "/", "code": code}))
            return answers

    answers = run(codes())
    assert [r.status_code for r in answers] == [401, 401, 401, 429]
    _assert_throttled(answers[-1])
    assert len(audit.entries(store, "login.failure")) == 3  # the fourth code was never checked


def test_sliding_window_and_bounds():
    window = throttle.SlidingWindow(throttle.Rule(2, 60), max_keys=3)
    window.add("a", 0)
    window.add("a", 10)
    assert window.retry_after("a", 20) == 40
    assert window.retry_after("a", 60.5) == 0  # the first attempt left the window
    for key in "bcd":
        window.add(key, 1)
    assert window.retry_after("a", 20) == 0  # the oldest key went first
    log = throttle.FloodLog(max_keys=2)
    assert log.note("x", "password", now=0) and not log.note("x", "password", now=1)
    assert not log.note("y", "password", now=2)  # one drain per minute, whatever the address
    log.note("z", "password", now=3)  # too many addresses: counted together
    assert log.drain(now=30) == []
    assert log.drain(now=61) == [(0, "*", "password", 1), (0, "x", "password", 2), (0, "y", "password", 1)]
    assert log.note("x", "password", now=62)  # a new minute
