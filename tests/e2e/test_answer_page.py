"""The answer page in Chromium: the link followed from a page on another site, keyboard-only
answering, and axe-core on every page of the answer server at phone and desktop widths.

Screenshots of the pages land in test-output/answer_page/ to be looked at."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ceremony.answers.sealing import new_key_pair, open_sealed
from ceremony.texts import t
from tests.answer_helpers import (
    code_hash,
    later,
    new_code,
    public_details,
    publish,
    running_answer_server,
)
from tests.e2e.server import CHROMIUM, OUTPUT, browser_page, free_port
from tests.e2e.test_a11y import axe_violations

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")

SHOTS = OUTPUT / "answer_page"
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}


@pytest.fixture
def answer_site(tmp_path):
    """A running answer server: ceremony 1 with places, ceremony 2 full; a recipient key."""
    private, public = new_key_pair()
    exchange, codes = publish(tmp_path, codes=4, places_left=10)
    exchange.set_recipient("k1", public)
    exchange.put_ceremony(2, public_details(name="Verwelkoming voorjaar"), later(7), later(14), 3, 0)
    full = new_code()
    exchange.put_codes([(code_hash(full), 200, 2)])
    with running_answer_server(exchange.path) as url:
        yield exchange, private, codes, full, url


@contextmanager
def page_on_another_site(target: str) -> Iterator[str]:
    """A tiny page at http://localhost:<port>/ (another site than 127.0.0.1) linking to `target`."""
    body = f'<!DOCTYPE html><html lang="nl"><title>Brief</title><a id="link" href="{target}">Antwoorden</a>'.encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://localhost:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def tab_to(page: Page, element_id: str, limit: int = 20) -> None:
    """Press Tab until the element with `element_id` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def test_the_link_from_another_site_keeps_the_cookie_and_shows_the_form(request, answer_site):
    exchange, _private, codes, _full, url = answer_site
    with page_on_another_site(f"{url}/a/{codes[0]}") as letter, browser_page(request) as page:
        page.goto(letter)
        page.click("#link")
        expect(page.get_by_role("button", name=t("answer_page.form.submit"))).to_be_visible()
        assert page.url == f"{url}/antwoord" and codes[0] not in page.url
        [cookie] = page.context.cookies()
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["value"] == codes[0]
    assert exchange.take_answers() == []


def test_answering_with_the_keyboard_only(request, answer_site):
    exchange, private, codes, _full, url = answer_site
    with browser_page(request, viewport=WIDTHS["phone"]) as page:
        page.goto(f"{url}/a/{codes[1]}")
        tab_to(page, "komt-ja")
        page.keyboard.press("Space")
        tab_to(page, "mee")
        page.keyboard.press("ArrowDown")
        tab_to(page, "rolstoel")
        page.keyboard.press("Space")
        tab_to(page, "bel")
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        expect(page.get_by_text(t("answer_page.result.coming"))).to_be_visible()
    [sealed] = exchange.take_answers()
    content = json.loads(open_sealed(private, sealed.sealed, b"answer:" + sealed.code_hash.encode()))
    assert (content["coming"], content["companions"], content["wheelchair"], content["call_me"]) == (True, 1, True, True)


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_every_answer_page_passes_axe(request, answer_site, width):
    exchange, _private, codes, full, url = answer_site
    found = {}
    with browser_page(request, viewport=WIDTHS[width]) as page:
        page.goto(f"{url}/")
        found["start"] = axe_violations(page)
        shoot(page, f"start-{width}")
        page.fill("#code", codes[2])
        page.click("button[type=submit]")
        found["form"] = axe_violations(page)
        shoot(page, f"form-{width}")
        page.click("button[type=submit]")  # nothing chosen: the browser asks (required); send past it
        page.evaluate("document.querySelector('form[action=\"/antwoord\"]').noValidate = true")
        page.click("button[type=submit]")
        expect(page.get_by_role("alert")).to_have_text(t("answer_page.form.missing"))
        found["form with error"] = axe_violations(page)
        shoot(page, f"form-error-{width}")
        page.check("#komt-ja")
        page.select_option("#mee", "2")
        page.select_option("#tolk", "uk")
        page.click("button[type=submit]")
        expect(page.get_by_text(t("answer_page.result.coming"))).to_be_visible()
        found["result"] = axe_violations(page)
        shoot(page, f"result-{width}")
        page.goto(f"{url}/a/{full}")
        page.check("#komt-ja")
        page.click("button[type=submit]")
        expect(page.get_by_text(t("answer_page.result.waiting"))).to_be_visible()
        found["waiting list"] = axe_violations(page)
        shoot(page, f"waiting-{width}")
        exchange.remove_codes_for([200])  # withdrawn
        page.goto(f"{url}/antwoord")
        expect(page.get_by_role("heading", name=t("answer_page.gone.title"))).to_be_visible()
        found["dead link"] = axe_violations(page)
        shoot(page, f"gone-{width}")
    assert {name: v for name, v in found.items() if v} == {}
