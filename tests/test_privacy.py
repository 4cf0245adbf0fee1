"""The privacy notice for invitations (deliberation par. 51)."""

from __future__ import annotations

import pytest

from ceremony import admin, privacy
from ceremony.texts import t
from tests.conftest import ADMIN
from tests.text_helpers import leading


@pytest.fixture
def configured(store):
    for key, value in {
        "municipality": "Gemeente Teststad",
        "contact_email": "ceremonie@teststad.be",
        "dpo_contact": "dpo@teststad.be",
        "deliberation_url": "https://www.teststad.be/vcmp-05-2024",
        "retention_days_after_receipt": "200",
        "retention_days_after_ceremony": "14",
    }.items():
        admin.set_setting(store, ADMIN, key, value)
    return store


def test_standard_text_tells_origin_purpose_term_rights_and_dpo(configured):
    text = privacy.privacy_notice(configured)
    for expected in [
        "Agentschap Integratie en Inburgering (AgII)",
        "05/2024",
        "Vlaams Comité voor de mededeling van persoonsgegevens (VCMP)",
        "https://www.teststad.be/vcmp-05-2024",
        "Gemeente Teststad",
        "inburgeringsceremonie",
        "14 dagen na de ceremonie",
        "200 dagen",
        "inkijken",
        "verbeteren",
        "wissen",
        "bezwaar",
        "geen contact meer",
        "ceremonie@teststad.be",
        "functionaris voor gegevensbescherming",
        "dpo@teststad.be",
        "Vlaamse Toezichtcommissie",
    ]:
        assert expected in text, expected
    assert "{" not in text and "}" not in text


def test_standard_text_without_settings_still_reads_well(store):
    text = privacy.privacy_notice(store)
    assert t("exports.privacy.fallback.gemeente") in text and "AgII" in text
    assert "30 dagen na de ceremonie" in text and "365 dagen" in text
    assert "{" not in text and "None" not in text and ": ." not in text
    assert privacy.missing_settings(store.settings()) == list(privacy.NEEDED_SETTINGS)


def test_same_day_term(store):
    admin.set_setting(store, ADMIN, "retention_days_after_ceremony", "0")
    assert leading("exports.privacy.term_same_day") in privacy.privacy_notice(store)


def test_custom_text_fills_known_placeholders_and_leaves_others(configured):
    custom = (
        "Privacy bij {gemeente}: vragen aan {dpo} of {contact}. We bewaren uw gegevens {bewaartermijn} "
        "({dagen_na_ontvangst}/{dagen_na_ceremonie}). Zie {beraadslaging}. "
        "Onbekend: {onbekend} {0} {} {a.b} {x!r} { {{ }} }"
    )
    admin.set_setting(configured, ADMIN, "privacy_notice", custom)
    text = privacy.privacy_notice(configured)
    assert text.startswith(
        "Privacy bij Gemeente Teststad: vragen aan dpo@teststad.be of ceremonie@teststad.be."
    )
    assert "tot 14 dagen na de ceremonie, en nooit langer dan 200 dagen" in text
    assert "(200/14)" in text and "Zie https://www.teststad.be/vcmp-05-2024." in text
    assert text.endswith("Onbekend: {onbekend} {0} {} {a.b} {x!r} { {{ }} }")


def test_custom_text_replaces_the_standard_one(configured):
    admin.set_setting(configured, ADMIN, "privacy_notice", "Eigen tekst van {gemeente}.")
    assert privacy.privacy_notice(configured) == "Eigen tekst van Gemeente Teststad."
    assert privacy.missing_settings(configured.settings()) == []
