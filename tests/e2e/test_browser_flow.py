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
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ceremony.demo import demo_settings, synthetic_rows
from ceremony.intake import sealed
from ceremony.intake.writers import csv_bytes
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
    see(page, "Aanmelden")
    fill(page, "Gebruikersnaam", name)
    fill(page, "Wachtwoord", PASSWORD)
    click(page, "Aanmelden")
    see(page, f"Welkom, {name}")


def logout(page: Page) -> None:
    click(page, "Afmelden")
    see(page, "Aanmelden")


def add_user(page: Page, name: str, role_label: str) -> None:
    form = page.get_by_test_id("stForm").first
    form.get_by_label("Gebruikersnaam", exact=True).fill(name)
    form.get_by_label("Rol", exact=True).click()
    page.get_by_role("option", name=role_label, exact=True).click()
    form.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    click(page, "Toevoegen")
    see(page, f"Gebruiker '{name}' toegevoegd.")


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
    see(page, "Eerste gebruik")
    fill(page, "Gebruikersnaam", "beheer")
    fill(page, "Wachtwoord", PASSWORD)
    fill(page, "Wachtwoord (nogmaals)", PASSWORD)
    click(page, "Beheerder aanmaken")
    see(page, "Welkom, beheer")

    # 2. accounts for a coordinator and a caller; the municipality's postcodes
    go(page, "Gebruikers")
    add_user(page, "carla", "Coördinator")
    add_user(page, "bert", "Beller")
    go(page, "Instellingen")
    fill(page, "Postcodes van de gemeente", ", ".join(demo_settings()["postcodes"]))
    click(page, "Opslaan")
    see(page, "Instellingen opgeslagen.")
    logout(page)

    # 3. the coordinator receives the sealed delivery and confirms the transport deletion
    login(page, url, "carla")
    go(page, "Ontvangen")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "levering.sealed", "mimeType": "application/octet-stream", "buffer": sealed_file}]
    )
    wait_ready(page)
    fill(page, "Wachtwoord (uit de sms)", passphrase, enter=True)
    see(page, "Voorbeeld van de eerste rijen")
    click(page, "Importeren")
    see(page, "Levering #1 ingelezen.")
    stored = int(json.loads(cli("--data-dir", data_dir, "status", "--json").out)["people"])
    assert stored > 0
    see(page, "Levering #1: bevestig nog")  # the reminder stays until the checklist is done
    for label in (
        "Het e-mail- of Zivverbericht met de bijlage is verwijderd, ook uit 'Verwijderde items'.",
        "Het gedownloade bestand is verwijderd, ook uit de prullenbak.",
        "De sms met het wachtwoord is verwijderd.",
    ):
        page.get_by_text(label, exact=True).click()
        wait_ready(page)
    see(page, "Alle onderdelen van levering #1 zijn bevestigd.")

    # 4. a ceremony, and everyone invited
    go(page, "Ceremonies")
    fill(page, "Naam", "Welkomstceremonie")
    page.get_by_test_id("stForm").first.get_by_test_id("stDateInputField").click()
    page.keyboard.type(f"{dt.date.today() + dt.timedelta(days=30):%d/%m/%Y}")  # typed, as staff do
    page.keyboard.press("Escape")
    fill(page, "Uur (UU:MM)", "14:00")
    fill(page, "Locatie", "Stadhuis")
    click(page, "Ceremonie aanmaken")
    see(page, "Ceremonie aangemaakt.")
    page.get_by_role("button", name=re.compile(r"Iedereen uitnodigen")).click()
    wait_ready(page)
    click(page, f"Ja, {stored} uitnodigen")  # the second step names the number
    see(page, f"{stored} personen uitgenodigd.")
    logout(page)

    # 5. the caller works the phone round: sees names and numbers, records outcomes
    login(page, url, "bert")
    go(page, "Belronde")
    click(page, "Volgende persoon bellen")
    first_name = page.get_by_test_id("stHeading").filter(has_not_text="Belronde").first.inner_text()
    expect(page.locator("a[href^='tel:']").first).to_be_visible()
    click(page, "Bereikt – komt")
    click(page, "Geen antwoord")
    assert "rijksregisternummer" not in page.content().lower()
    logout(page)

    # 6. check-in on the day
    login(page, url, "carla")
    go(page, "Onthaal")
    fill(page, "Zoek op voor- of achternaam", first_name.split()[0], enter=True)
    page.get_by_role("button", name="Aanwezig").first.click()
    wait_ready(page)
    see(page, "is aangemeld.")

    # 7. the mail-merge CSV
    go(page, "Export")
    click(page, "Bestand maken")
    with page.expect_download() as info:
        page.get_by_role("button", name="Downloaden").first.click()
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
    go(page, "Bewaring")
    fill(page, "Typ het nummer van de levering (1) om te bevestigen", "1", enter=True)
    click(page, "Levering definitief verwijderen")
    see(page, "Levering 1 is verwijderd")  # not the history's "Er is nog niets verwijderd."
    assert int(json.loads(cli("--data-dir", data_dir, "status", "--json").out)["people"]) == 0
    logout(page)
    login(page, url, "carla")
    go(page, "Export")
    see(page, "Er is niemand om een bestand voor te maken.")
    go(page, "Personen")
    fill(page, "Naam of rijksregisternummer", first_name.split()[0])
    click(page, "Zoeken")
    assert first_name.split()[0] not in page.get_by_test_id("stMain").inner_text()
