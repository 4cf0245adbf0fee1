"""The whole flow in a real browser (Playwright driving Debian's Chromium), as staff work.

first-run administrator -> coordinator and caller -> sealed delivery uploaded with its
passphrase -> transport deletion confirmed -> ceremony created, everyone invited -> caller
records outcomes -> check-in -> mail-merge CSV downloaded and checked -> administrator
deletes the delivery early -> nobody is listed any more. Screenshots on failure go to
test-output/.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ceremony.demo import demo_settings, synthetic_rows
from ceremony.demo_files import csv_bytes
from ceremony.intake import sealed
from ceremony.texts import t
from tests.e2e.server import CHROMIUM, browser_page, running_app

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")

PASSWORD = "correct-horse-battery"
TIMEOUT = 30_000


def wait_ready(page: Page) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_timeout(300)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=TIMEOUT)


def go(page: Page, title: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    wait_ready(page)


def fill(page: Page, label: str, value: str, enter: bool = False) -> None:
    """Type into a field; outside a form `enter` commits it at once (Streamlit reruns)."""
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Enter" if enter else "Tab")
    if enter:
        wait_ready(page)


def choose(page: Page, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option).first.click()
    wait_ready(page)


def click(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).first.click()
    wait_ready(page)


def see(page: Page, text: str) -> None:
    expect(page.get_by_text(text).first).to_be_visible(timeout=TIMEOUT)


def login(page: Page, url: str, name: str) -> None:
    page.goto(url)
    see(page, t("server.signin.title"))
    fill(page, t("server.signin.username"), name)
    fill(page, t("server.signin.password"), PASSWORD)
    click(page, t("server.signin.submit"))
    see(page, t("ui.home.title", name=name))


def logout(page: Page) -> None:
    click(page, t("ui.logout"))
    see(page, t("server.signin.title"))


def add_user(page: Page, name: str, role_label: str) -> None:
    form = page.get_by_test_id("stForm").first
    form.get_by_label(t("ui.username"), exact=True).fill(name)
    form.get_by_label(t("ui.users.role"), exact=True).click()
    page.get_by_role("option", name=role_label, exact=True).click()
    form.get_by_label(t("ui.password"), exact=True).fill(PASSWORD)
    click(page, t("ui.users.submit_add"))
    see(page, t("ui.users.added", name=name))


@pytest.fixture
def delivery():
    headers, rows = synthetic_rows(12, seed=11, quirks=False)
    passphrase = sealed.new_passphrase()
    return headers, rows, sealed.seal_bytes(csv_bytes(headers, rows), passphrase), passphrase


def test_whole_flow_in_a_browser(cli, tmp_path, delivery, request):
    headers, rows, sealed_file, passphrase = delivery
    data_dir = tmp_path / "data"
    with running_app(data_dir) as url, browser_page(request, accept_downloads=True) as page:
        run_flow(cli, page, url, data_dir, sealed_file, passphrase, tmp_path)


def run_flow(cli, page: Page, url: str, data_dir: Path, sealed_file: bytes, passphrase: str, tmp_path: Path) -> None:
    # 1. first run: the administrator
    page.goto(url)
    see(page, t("server.first.title"))
    fill(page, t("server.signin.username"), "beheer")
    fill(page, t("server.signin.password"), PASSWORD)
    fill(page, t("server.first.password_again"), PASSWORD)
    click(page, t("server.first.submit"))
    see(page, t("ui.home.title", name="beheer"))

    # 2. accounts for a coordinator and a caller; the municipality's postcodes
    go(page, t("nav.page.users"))
    add_user(page, "carla", t("role.coordinator"))
    add_user(page, "bert", t("role.beller"))
    go(page, t("nav.page.settings"))
    fill(page, t("settings.label.postcodes"), ", ".join(demo_settings()["postcodes"]))
    click(page, t("ui.settings.save"))
    see(page, t("ui.settings.saved"))
    logout(page)

    # 3. the coordinator receives the sealed delivery and confirms the transport deletion
    login(page, url, "carla")
    go(page, t("nav.page.intake"))
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "levering.sealed", "mimeType": "application/octet-stream", "buffer": sealed_file}]
    )
    wait_ready(page)
    fill(page, t("ui.intake.password"), passphrase, enter=True)
    see(page, t("ui.intake.preview"))
    click(page, t("ui.intake.import"))
    see(page, t("ui.intake.done", id=1))
    stored = int(json.loads(cli("--data-dir", data_dir, "status", "--json").out)["people"])
    assert stored > 0
    see(page, t("transport.reminder", n=1, ids="#1"))  # the reminder stays until the checklist is done
    for item in ("message", "download", "sms"):
        page.get_by_text(t(f"transport.item.{item}"), exact=True).click()
        wait_ready(page)
    see(page, t("ui.intake.all_confirmed", id=1))

    # 4. a ceremony, and everyone invited
    go(page, t("nav.page.ceremonies"))
    fill(page, t("ceremonies.ui.name"), "Welkomstceremonie")
    page.get_by_test_id("stForm").first.get_by_test_id("stDateInputField").first.click()  # the date; the answer deadline follows
    page.keyboard.type(f"{dt.date.today() + dt.timedelta(days=30):%d/%m/%Y}")  # typed, as staff do
    page.keyboard.press("Escape")
    fill(page, t("ceremonies.ui.time"), "14:00")
    fill(page, t("ceremonies.ui.location"), "Stadhuis")
    click(page, t("ceremonies.ui.create"))
    see(page, t("ceremonies.ui.created"))
    click(page, t("forms.cer.invite_all", n=stored))
    click(page, t("forms.cer.confirm_yes", n=stored))  # the second step names the number
    see(page, t("forms.cer.invited", count=stored))
    logout(page)

    # 5. the caller works the phone round: sees names and numbers, records outcomes
    login(page, url, "bert")
    go(page, t("nav.page.calls"))
    click(page, t("calls.ui.next"))
    first_name = page.get_by_test_id("stHeading").filter(has_not_text=t("calls.ui.title")).first.inner_text()
    expect(page.locator("a[href^='tel:']").first).to_be_visible()
    click(page, t("calls.outcome.komt"))
    click(page, t("calls.outcome.geen_antwoord"))
    assert "rijksregisternummer" not in page.content().lower()
    logout(page)

    # 6. check-in on the day
    login(page, url, "carla")
    go(page, t("nav.page.checkin"))
    fill(page, t("checkin.ui.search"), first_name.split()[0], enter=True)
    page.get_by_role("button", name=t("checkin.ui.present")).first.click()
    wait_ready(page)
    see(page, t("checkin.ui.marked", name="").split(":")[0])  # "Aanwezig gemeld: <name>."

    # 7. the mail-merge CSV
    go(page, t("nav.page.exports"))
    click(page, t("exports.ui.mailmerge.make"))
    with page.expect_download() as info:
        page.get_by_role("button", name=t("exports.ui.download")).first.click()
    target = tmp_path / "brieven.csv"
    info.value.save_as(target)
    raw = target.read_bytes()
    target.unlink()  # synthetic, but the habit is the point
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert table[0][:7] == ["voornaam", "naam", "adres", "postcode", "gemeente", "e_mail", "telefoon"]
    assert len(table) - 1 == stored
    assert first_name.split()[0] in {row[0] for row in table[1:]}
    logout(page)

    # 8. the administrator deletes the delivery early; nobody is listed any more
    login(page, url, "beheer")
    go(page, t("nav.page.retention"))
    fill(page, t("retention.ui.confirm", id=1), "1", enter=True)
    click(page, t("retention.ui.delete"))
    see(page, t("retention.ui.deleted", id=1, people=t("views.n.people", n=stored)))
    assert int(json.loads(cli("--data-dir", data_dir, "status", "--json").out)["people"]) == 0
    logout(page)
    login(page, url, "carla")
    go(page, t("nav.page.exports"))
    see(page, t("exports.ui.nobody"))
    go(page, t("nav.page.people"))
    fill(page, t("rights.ui.query"), first_name.split()[0])
    click(page, t("rights.ui.search"))
    assert first_name.split()[0] not in page.get_by_test_id("stMain").inner_text()
