"""Hostile names reach the browser as text: never HTML, script, Markdown or a formula."""

from __future__ import annotations

import datetime as dt

import pytest

from ceremony import auth, ceremonies
from ceremony.cli import operator
from ceremony.intake import importer
from ceremony.intake.writers import csv_bytes
from ceremony.store import Store
from tests.ceremony_factory import national_number
from tests.conftest import ADMIN
from tests.e2e.server import CHROMIUM, browser_page, running_app
from tests.e2e.test_browser_flow import PASSWORD, fill, go, login

HOSTILE = [
    ("<b>Vet</b>", "Html"),
    ("<script>window.pwned=1</script>", "Script"),
    ("**Ster** [klik](javascript:alert(1))", "Markdown"),
    ("Robert'); DROP TABLE people;--", "Sql"),
    ('=HYPERLINK("http://x")', "Formule"),
    ("\u202eNaamOmgekeerd", "Rtl"),
    ("🎉Feest", "Emoji"),
]
NUMBERS = [national_number(i) for i in range(len(HOSTILE))]


@pytest.mark.skipif(not __import__("pathlib").Path(CHROMIUM).exists(), reason="no chromium")
def test_hostile_names_are_shown_as_text(tmp_path, request):
    data_dir = tmp_path / "data"
    store = Store.open(data_dir, create=True)
    auth.create_user(store, ADMIN, "carla", "coordinator", PASSWORD)
    headers = ["Rijksregisternummer", "Voornaam", "Naam", "Straat", "Huisnummer", "Postcode", "Gemeente",
               "Datum inburgeringsattest"]
    today = dt.date.today()
    rows = [[nn, first, last, "Teststraat", "1", "9000", "Gent", today.strftime("%d/%m/%Y")]
            for nn, (first, last) in zip(NUMBERS, HOSTILE, strict=True)]
    report = importer.import_delivery(store, operator("beheerder"), csv_bytes(headers, rows), None)
    assert report.stored == len(HOSTILE), report.to_json()
    coordinator = auth.authenticate(store, "carla", PASSWORD)
    cid = ceremonies.create_ceremony(store, coordinator, name="Ceremonie", date=today + dt.timedelta(days=30))
    ceremonies.invite(store, coordinator, cid)
    store.close()

    with running_app(data_dir) as url, browser_page(request, viewport={"width": 1280, "height": 1400}) as page:
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        login(page, url, "carla")
        go(page, "Onthaal")
        for first, last in HOSTILE:
            fill(page, "Zoek op voor- of achternaam", last, enter=True)
            shown = page.get_by_test_id("stMain").inner_text()
            assert first in shown, (first, shown[-400:])
        main = page.get_by_test_id("stMain")
        assert main.locator("b", has_text="Vet").count() == 0
        assert main.locator("script").count() == 0
        assert main.locator("a[href^='javascript']").count() == 0
        assert page.evaluate("window.pwned === undefined")
        assert not dialogs
