"""The QR code on "Tweede stap instellen" reads on the page, at desktop and phone size.

The code used to be drawn cut off, so no QR reader could read it and every new
user had to type the 32-character secret. Here a QR reader (zxing-cpp) decodes a
screenshot of the real page; the otpauth URI it holds must carry the secret the page
shows in groups of four, and that secret must copy as one string without spaces. After a
typo the page shows the same code.
"""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pyotp
import pytest
import zxingcpp  # the QR reader (requirements-dev.txt)
from PIL import Image
from playwright.sync_api import Page, expect

from ceremony import auth
from ceremony.startup import open_installation
from ceremony.texts import t
from tests.conftest import ADMIN
from tests.e2e.server import CHROMIUM, browser_page, running_app
from tests.e2e.test_browser_flow import PASSWORD, click, fill, see

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"
)

VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("enrol") / "data"
    store = open_installation(data_dir, for_="cli", create=True)
    for name in VIEWPORTS:
        auth.create_user(store, ADMIN, name, "coordinator", PASSWORD)
    store.close()
    with running_app(data_dir, second_factor=True) as url:
        yield url


def read_qr(page: Page) -> str:
    """The text of the one QR code a reader finds in a screenshot of the whole page."""
    shot = Image.open(io.BytesIO(page.screenshot(full_page=True)))
    found = [b for b in zxingcpp.read_barcodes(shot) if b.format == zxingcpp.BarcodeFormat.QRCode]
    assert len(found) == 1, "no readable QR code on the page"
    return found[0].text


def copied_secret(page: Page) -> str:
    """What a user gets by clicking the secret (it selects all of it) and copying."""
    page.locator(".secret code").click()
    page.keyboard.press("Control+C")
    return page.evaluate("navigator.clipboard.readText()")


@pytest.mark.parametrize("size", VIEWPORTS)
def test_the_qr_code_reads_from_the_page_and_holds_the_secret_shown(app, request, size):
    with browser_page(
        request, viewport=VIEWPORTS[size], permissions=["clipboard-read", "clipboard-write"]
    ) as page:
        page.goto(app + "/aanmelden")
        fill(page, t("server.signin.username"), size)
        fill(page, t("server.signin.password"), PASSWORD)
        click(page, t("server.signin.submit"))
        see(page, t("server.enrol.title"))

        uri = read_qr(page)
        parts = urlsplit(uri)
        assert (parts.scheme, parts.netloc, unquote(parts.path)) == (
            "otpauth",
            "totp",
            f"/Ceremonie:{size}",
        )
        secret = parse_qs(parts.query)["secret"][0]
        groups = page.locator(".secret code span").all_inner_texts()
        assert groups == [secret[i : i + 4] for i in range(0, len(secret), 4)]
        assert copied_secret(page) == secret

        box = page.locator(".qr svg").bounding_box()
        assert box["width"] >= 0.6 * min(VIEWPORTS[size]["width"], 400)  # large enough for a camera
        assert box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORTS[size]["width"]

        # a typo: the same code stays on the page (the phone has already scanned it)
        typo = next(
            c for c in ("000000", "111111") if not pyotp.TOTP(secret).verify(c, valid_window=2)
        )
        fill(page, t("server.enrol.label"), typo)
        click(page, t("server.enrol.submit"))
        expect(page.get_by_role("alert")).to_be_visible()
        assert read_qr(page) == uri
