"""The real app server (`python -m ceremony serve`) under floods: slow sockets
that never finish their request head are closed, proxy headers count only from a trusted proxy, and 120 sign-ins at once get 429s beyond the
limits while a signed-in user is still answered. No browser: plain sockets and httpx."""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
import socket
import threading
import time
from urllib.parse import urlsplit

import httpx

from ceremony import auth, throttle
from ceremony.startup import open_installation
from ceremony.texts import t
from tests.conftest import ADMIN, PASSWORD
from tests.e2e.server import running_app

GUARD_SECONDS = 60  # a hang guard only: the server's own deadline is 1 second here


def _installation(tmp_path):
    data_dir = tmp_path / "data"
    store = open_installation(data_dir, for_="cli", create=True)
    auth.create_user(store, ADMIN, "carla", "coordinator", PASSWORD)
    store.close()
    return data_dir


def _csrf(client) -> str:
    page = client.get("/aanmelden")
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def _closed(sock: socket.socket) -> bool:
    """Whether the server closed the socket (before the hang guard)."""
    sock.settimeout(GUARD_SECONDS)
    try:
        return sock.recv(1024) == b""
    except (ConnectionResetError, BrokenPipeError):
        return True
    except TimeoutError:
        return False


def _trickle(address, result: list) -> None:
    """A client that sends one more byte of its head every 0.2 s, never finishing it."""
    head = b"GET /aanmelden HTTP/1.1\r\nHost: x\r\n" + b"X-Slow: " + b"a" * 2000
    with socket.create_connection(address) as sock:
        started = time.monotonic()
        try:
            for byte in head:
                sock.sendall(bytes([byte]))
                time.sleep(0.2)
                if time.monotonic() - started > GUARD_SECONDS:
                    result.append(False)
                    return
        except OSError:
            result.append(True)
            return
        result.append(_closed(sock))


def test_slow_sockets_with_half_a_header_are_closed(tmp_path):
    data_dir = _installation(tmp_path)
    with running_app(data_dir, extra_env={"CEREMONY_HEADER_TIMEOUT": "1"}) as url:
        parts = urlsplit(url)
        address = (parts.hostname, parts.port)
        trickled: list = []
        trickler = threading.Thread(target=_trickle, args=(address, trickled))
        trickler.start()
        slow = [socket.create_connection(address) for _ in range(50)]
        for sock in slow:
            sock.sendall(b"GET /aanmelden HTTP/1.1\r\nHost: x\r\nUser-Agent: half")
        try:
            assert all(_closed(sock) for sock in slow)
        finally:
            for sock in slow:
                sock.close()
        trickler.join()
        assert trickled == [True]
        # a client that sends its request in time is served as before
        assert httpx.get(url + "/_stcore/health").status_code == 200
        with httpx.Client(base_url=url) as client:
            assert client.get("/aanmelden").status_code == 200


def test_proxy_headers_count_only_from_a_trusted_proxy(tmp_path):
    data_dir = _installation(tmp_path)
    limit = throttle.RULES["password"]["address"].limit
    forwarded = {"x-forwarded-proto": "https"}
    with running_app(data_dir) as url, httpx.Client(base_url=url) as client:
        # not trusted: the header does not make the cookie Secure, X-Forwarded-For does
        # not give each attempt an address of its own
        assert "Secure" not in client.get("/aanmelden", headers=forwarded).headers["set-cookie"]
        csrf = _csrf(client)
        statuses = [
            client.post("/aanmelden", headers={"x-forwarded-for": f"198.51.100.{i}"},
                        data={"csrf": csrf, "next": "/", "username": f"onbekend{i}", "password": "x"}).status_code
            for i in range(limit + 1)
        ]
        assert statuses == [401] * limit + [429]
    trusted = {"CEREMONY_TRUST_PROXY": "1"}
    with running_app(data_dir, extra_env=trusted) as url, httpx.Client(base_url=url) as client:
        assert "Secure" in client.get("/aanmelden", headers=forwarded).headers["set-cookie"]
        client.cookies.clear()
        csrf = _csrf(client)
        statuses = {
            client.post("/aanmelden", headers={"x-forwarded-for": f"198.51.100.{i}"},
                        data={"csrf": csrf, "next": "/", "username": f"onbekend{i}", "password": "x"}).status_code
            for i in range(limit + 1)
        }
        assert statuses == {401}  # each address has its own window


def test_120_sign_ins_at_once_get_429_and_a_signed_in_user_is_answered(tmp_path):
    data_dir = _installation(tmp_path)
    with running_app(data_dir) as url:

        async def flood():
            async with httpx.AsyncClient(base_url=url, timeout=GUARD_SECONDS,
                                         limits=httpx.Limits(max_connections=200)) as staff, \
                    httpx.AsyncClient(base_url=url, timeout=GUARD_SECONDS,
                                      limits=httpx.Limits(max_connections=200)) as attacker:
                form = await staff.get("/aanmelden")
                csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
                signed_in = await staff.post("/aanmelden", data={"csrf": csrf, "next": "/", "username": "carla",
                                                                 "password": PASSWORD})
                assert signed_in.status_code == 303
                form = await attacker.get("/aanmelden")
                csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
                attempts = [
                    asyncio.ensure_future(attacker.post("/aanmelden", data={
                        "csrf": csrf, "next": "/", "username": f"onbekend{i}", "password": "x"}))
                    for i in range(120)
                ]
                await asyncio.sleep(0)
                page = await staff.get("/")
                return page, await asyncio.gather(*attempts)

        # a thread of its own: a browser test before this one in the worker leaves
        # Playwright's event loop running in this thread
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            page, answers = pool.submit(asyncio.run, flood()).result()
    assert page.status_code == 200 and "<html" in page.text
    statuses = [r.status_code for r in answers]
    assert set(statuses) <= {401, 429} and statuses.count(401) <= throttle.RULES["password"]["address"].limit
    assert statuses.count(429) >= 120 - throttle.RULES["password"]["address"].limit
    refused = next(r for r in answers if r.status_code == 429)
    assert int(refused.headers["retry-after"]) >= 1 and t("server.throttled.title") in refused.text
