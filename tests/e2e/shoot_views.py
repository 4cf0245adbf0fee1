"""Screenshots of the read-mostly pages (Start, Ontvangen, Personen, Bewaring, Overzicht,
Verantwoording, Auditlog) at 1366x900 and 390x844, with synthetic data, into
test-output/views/. Run: .venv/bin/python -m tests.e2e.shoot_views
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import sys
import tempfile
from pathlib import Path

from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, OUTPUT, running_app

ROOT = Path(__file__).resolve().parents[2]

SIZES = {"desktop": (1366, 900), "phone": (390, 844), "tall": (1366, 2600)}
PAGES = {
    "anna": ["", "ontvangen", "bewaring", "overzicht", "verantwoording", "auditlog"],
    "carla": ["", "personen"],
}


def seed(data_dir: Path) -> None:
    """Users, one imported delivery with out-of-scope rows, a ceremony with calls on 3 days."""
    os.environ["CEREMONY_DATA_DIR"] = str(data_dir)
    from ceremony import admin, auth, people, permissions
    from ceremony.clock import utc_iso
    from ceremony.intake import importer
    from ceremony.startup import open_installation
    from tests.ceremony_factory import ceremony_row
    from tests.conftest import ADMIN, PASSWORD
    from tests.test_import import delivery, person_row

    store = open_installation(data_dir, for_="cli", create=True)
    for name, role in (("anna", "beheerder"), ("carla", "coordinator"), ("dora", "dpo")):
        auth.create_user(store, ADMIN, name, role, PASSWORD)
    admin.set_setting(store, ADMIN, "municipality", "Gent")
    admin.set_setting(store, ADMIN, "postcodes", "9000")
    carla = permissions.User(2, "carla", "coordinator")
    rows = [person_row(i) for i in range(40)]
    rows += [person_row(100 + i, Postcode="2000", Gemeente="Antwerpen") for i in range(6)]
    rows += [person_row(200 + i, **{"Datum inburgeringsattest": dt.date(2020, 1, 1)}) for i in range(3)]
    rows[0][9] = "0498 48 25 04"
    importer.import_delivery(store, carla, delivery(rows, "csv"), None)
    cid = ceremony_row(store, "Verwelkoming december", "2026-12-12", "10:00", "Stadhuis")
    ids = [p.id for p in people.iter_people(store)]
    today = dt.date.fromisoformat(utc_iso()[:10])
    with store.write() as db:
        for n, pid in enumerate(ids[:30]):
            reached, present = int(n % 3 != 0), int(n % 2 == 0)
            inv = db.execute(
                "INSERT INTO invitations(ceremony_id, person_id, channel, invited_at, answer, reached, present, "
                "attempts, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                [cid, pid, "brief", today.isoformat(), "komt" if reached else None, reached, present, 1, utc_iso()],
            ).lastrowid
            day = today - dt.timedelta(days=n % 3)
            db.execute(
                "INSERT INTO call_attempts(uid, invitation_id, person_id, caller, at, outcome) VALUES (?,?,?,?,?,?)",
                [secrets.token_hex(16), inv, pid, "carla", f"{day.isoformat()}T09:{n:02d}:00Z",
                 "komt" if reached else "geen_antwoord"],
            )
    store.close()


def import_delivery(page, stem: Path) -> None:
    """Upload a synthetic delivery, import it: the progress while it runs, then the report."""
    import datetime as dt

    from tests.test_import import delivery, person_row

    rows = [person_row(1000 + i) for i in range(6000)]
    rows += [person_row(9000 + i, Postcode="2000", Gemeente="Antwerpen") for i in range(60)]
    rows += [person_row(9500 + i, **{"Datum inburgeringsattest": dt.date(2020, 1, 1)}) for i in range(36)]
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": "levering.csv", "mimeType": "text/csv", "buffer": delivery(rows, "csv")}]
    )
    settle(page)
    page.screenshot(path=f"{stem}-preview.png", full_page=True)
    page.get_by_role("button", name="Importeren").click()
    page.get_by_text("Levering wordt ingelezen").wait_for(timeout=30_000)
    page.wait_for_timeout(400)
    page.screenshot(path=f"{stem}-running.png", full_page=True)
    settle(page)
    page.screenshot(path=f"{stem}-report.png", full_page=True)


def settle(page) -> None:
    """Wait until Streamlit has finished running the page (its status widget is gone)."""
    page.wait_for_timeout(1200)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=30_000)
    page.wait_for_timeout(800)


def main(only: set[str] | None = None) -> None:
    from playwright.sync_api import sync_playwright

    from tests.conftest import PASSWORD

    out = OUTPUT / "views"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        seed(data_dir)
        with running_app(data_dir) as url, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for size, (width, height) in SIZES.items():
                for name, paths in PAGES.items():
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(url)
                    page.get_by_label("Gebruikersnaam").fill(name)
                    page.get_by_label("Wachtwoord").fill(PASSWORD)
                    page.get_by_role("button", name="Aanmelden").click()
                    page.get_by_text(f"Welkom, {name}").wait_for()
                    for path in paths:
                        if only and (path or "start") not in only:
                            continue
                        page.goto(f"{url}/{path}")
                        settle(page)
                        if path == "personen":
                            page.get_by_label("Naam of rijksregisternummer", exact=True).first.fill("Familienaam0")
                            page.get_by_role("button", name="Zoeken").click()
                            settle(page)
                        page.screenshot(path=str(out / f"{size}-{name}-{path or 'start'}.png"), full_page=True)
                        if path == "ontvangen" and size != "phone":
                            import_delivery(page, out / f"{size}-{name}-intake")
                    page.close()
            browser.close()
    print(out)


if __name__ == "__main__":
    main(set(sys.argv[1:]) or None)
