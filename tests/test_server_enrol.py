"""Setting up the second factor over HTTP (`/aanmelden/koppelen`), in-process.

A typo keeps the QR code the phone has scanned, says what to do, and never locks the
account; "Een nieuwe code aanmaken" makes a new one on purpose. The QR code itself is
decoded in a real browser: tests/e2e/test_browser_enrol_qr.py.
"""

from __future__ import annotations

import html
import re
import time

import pyotp

from ceremony import signing_in, totp
from ceremony.texts import t
from tests import test_server_signin
from tests.conftest import add_user
from tests.test_server_signin import csrf_of, sign_in

client = test_server_signin.client  # the sign-in routes behind the session gate


def shown_secret(page) -> str:
    """The secret as the page shows it (tags and spacing between its groups removed)."""
    shown = re.search(r'class="secret"[^>]*>(.*?)</p>', page.text, re.S).group(1)
    return re.sub(r"<[^>]+>|\s", "", shown)


def wrong_code(secret: str) -> str:
    """Six digits that are not the code of `secret` now, nor a minute either side."""
    now = time.time()
    near = {pyotp.TOTP(secret).at(now + s) for s in (-60, -30, 0, 30, 60)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in near)


def says(page, text: str) -> bool:
    return text in html.unescape(page.text)


def enrol_page(client, name="carla"):
    """Sign in with the password; the enrolment page it leads to."""
    step = sign_in(client, name)
    assert step.headers["location"].startswith("/aanmelden/koppelen")
    return client.get(step.headers["location"])


def post(client, page, **values):
    return client.post("/aanmelden/koppelen", data={"csrf": csrf_of(page), "next": "/", **values})


def test_a_typo_keeps_the_qr_code_and_says_what_to_do(client, store):
    add_user(store, "carla", "coordinator")
    page = enrol_page(client)
    secret = shown_secret(page)
    typo = post(client, page, code=wrong_code(secret))
    assert typo.status_code == 401
    assert shown_secret(typo) == secret  # the phone's entry still fits
    assert says(typo, t("signin.totp.enrol_wrong_code", n=totp.MAX_ENROL_TRIES - 1))
    done = post(client, typo, code=pyotp.TOTP(secret).now())
    assert done.status_code == 200 and says(done, t("server.recovery.title"))
    assert client.get("/").status_code == 200  # signed in


def test_enrolment_typos_never_lock_the_password(client, store):
    carla = add_user(store, "carla", "coordinator")
    page = enrol_page(client)
    for _ in range(2 * totp.MAX_ENROL_TRIES):  # past the sign-in lockout (5), two QR codes' worth
        page = post(client, page, code=wrong_code(shown_secret(page)))
        assert page.status_code == 401
    assert store.scalar("SELECT failed_logins FROM users WHERE id = ?", [carla.id]) == 0
    client.cookies.clear()
    again = sign_in(client, "carla")  # the right password is not refused
    assert again.status_code == 303 and again.headers["location"].startswith("/aanmelden/koppelen")
    page = client.get(again.headers["location"])
    assert post(client, page, code=pyotp.TOTP(shown_secret(page)).now()).status_code == 200
    assert signing_in.MAX_FAILED <= 2 * totp.MAX_ENROL_TRIES


def test_after_the_tries_of_one_qr_code_a_new_one_is_shown(client, store):
    add_user(store, "carla", "coordinator")
    page = enrol_page(client)
    first = shown_secret(page)
    for _ in range(totp.MAX_ENROL_TRIES):
        page = post(client, page, code=wrong_code(first))
    assert shown_secret(page) != first
    assert says(page, t("signin.totp.enrol_spent", n=totp.MAX_ENROL_TRIES))


def test_a_new_code_on_request(client, store):
    add_user(store, "carla", "coordinator")
    page = enrol_page(client)
    first = shown_secret(page)
    assert shown_secret(client.get("/aanmelden/koppelen?next=/")) == first  # a reload keeps it
    renewed = post(client, page, renew="1")
    assert renewed.status_code == 200 and says(renewed, t("server.enrol.renewed"))
    second = shown_secret(renewed)
    assert second != first
    assert post(client, renewed, code=pyotp.TOTP(first).now()).status_code == 401
    page = client.get("/aanmelden/koppelen?next=/")
    assert post(client, page, code=pyotp.TOTP(second).now()).status_code == 200
