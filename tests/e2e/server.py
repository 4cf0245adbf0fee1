"""Start the real app server (`python -m ceremony serve`) on a free port for browser tests."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager, redirect_stdout
from pathlib import Path
from unittest import mock

from ceremony.cli.entry import main

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
OUTPUT = ROOT / "test-output"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_app(data_dir: Path, extra_env: dict | None = None, second_factor: bool = False, port: int | None = None,
                launcher: list[str] | None = None):
    """Yield the base URL of a freshly started app over `data_dir`; stop it afterwards.

    Browser flows that are not about the second factor switch it off (`require_totp`
    false), as a municipality with single sign-on would; the TOTP tests keep it on.
    """
    port = port or free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CEREMONY_")}
    env.update({"CEREMONY_DATA_DIR": str(data_dir), **(extra_env or {})})
    # as `make run` does: initialise (idempotent), then serve; the set-up commands run in
    # this process (ceremony.cli.entry.main) with the server's environment
    commands = [["init"]] + ([] if second_factor else [["settings", "set", "require_totp", "false"]])
    with mock.patch.dict(os.environ, env, clear=True), redirect_stdout(io.StringIO()):
        for command in commands:
            if main(command) != 0:
                raise RuntimeError(f"`python -m ceremony {' '.join(command)}` failed")
    proc = subprocess.Popen(
        [sys.executable, *(launcher or ["-m", "ceremony"]), "serve", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as resp:  # noqa: S310 - loopback only
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("the app did not start")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


_playwright = None
_browser = None


def shared_browser():
    """One Chromium per test process, started on first use: each test gets its own
    browser context (cookies, storage and cache of its own), so tests stay apart while
    the suite pays Chromium's and Playwright's start-up once per worker, not per test."""
    global _playwright, _browser
    if _browser is None or not _browser.is_connected():  # a crashed browser is started again
        from playwright.sync_api import sync_playwright

        if _playwright is None:
            _playwright = sync_playwright().start()
        _browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    return _browser


def stop_browser() -> None:
    """Close the shared Chromium and its Playwright driver (end of the test session)."""
    global _playwright, _browser
    if _browser is not None:
        _browser.close()
    if _playwright is not None:
        _playwright.stop()
    _playwright = _browser = None


@contextmanager
def browser_page(request, **page_options):
    """A Chromium page in a fresh context; on failure a full-page screenshot lands in
    test-output/<test>.png."""
    context = shared_browser().new_context(**{"viewport": {"width": 1280, "height": 900}, "reduced_motion": "reduce", **page_options})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        yield page
    except Exception:
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / f"{request.node.name}.png"), full_page=True)
        raise
    finally:
        context.close()
