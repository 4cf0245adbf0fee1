"""The read-mostly pages (issue 13 item 10 and item 5): Start, Overzicht, Auditlog,
Personen, Verantwoording, Bewaring and the import on Ontvangen read as a municipal user
expects: counts with the right plural, Dutch labels, Belgian dates and times."""

from __future__ import annotations

from ceremony.texts import t
from tests.apptest_helpers import login, open_page, texts
from tests.conftest import add_user, make_person


def test_plural_helper_picks_one_or_other():
    assert t("views.n.deliveries", n=1) == "1 levering"
    assert t("views.n.deliveries", n=0) == "0 leveringen"
    assert t("ui.intake.rows", n=1) == "1 gegevensrij in het bestand."
    assert t("ui.intake.rows", n=2) == "2 gegevensrijen in het bestand."


def test_start_counts_one_person_from_one_delivery(store):
    add_user(store, "anna", "beheerder")
    make_person(store)
    shown = texts(login("anna"))
    assert "Bewaard: 1 persoon uit 1 levering." in shown
    assert "1 leveringen" not in shown and "1 personen" not in shown


def test_retention_page_names_one_person_in_singular(store):
    add_user(store, "anna", "beheerder")
    make_person(store)
    at = open_page(login("anna"), "retention.py")
    assert not at.exception
    assert "(1 persoon)" in at.selectbox(key="retention_pick").options[0]
    assert "1 personen" not in texts(at)
