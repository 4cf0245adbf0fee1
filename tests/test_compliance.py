"""The compliance evidence, report and commitment letter: live values, never a personal one."""

import datetime as dt
import json
import re

import pytest

from ceremony import admin, audit, compliance, rights, transport
from ceremony.clock import utc_iso
from ceremony.compliance import measures
from ceremony.errors import AccessDenied
from ceremony.texts import t
from tests.apptest_helpers import readable
from tests.ceremony_factory import make_person
from tests.conftest import ADMIN, add_user
from tests.test_rights import CANARY, NOTE, ceremony, invite_and_call, national_number

# the stored person's values that are distinctive enough to search a report for
SECRETS = [value for value in CANARY.values() if len(value) >= 6] + [NOTE]

SETTINGS = {
    "municipality": "Testgem Zwalmbeek",
    "controller": "College van burgemeester en schepenen van Zwalmbeek",
    "contact_email": "privacy@zwalmbeek.example",
    "dpo_contact": "DPO Zwalmbeek, dpo@zwalmbeek.example",
    "deliberation_url": "https://www.zwalmbeek.example/privacy/vcmp-05-2024",
    "retention_days_after_receipt": "211",
    "retention_days_after_ceremony": "17",
    "postcodes": "9630",
}


def configure(store, **overrides):
    for key, value in {**SETTINGS, **overrides}.items():
        admin.set_setting(store, ADMIN, key, value)


@pytest.fixture
def admin_user(store):
    return add_user(store, "anna", "beheerder")


def status(evidence, code):
    return next(o for o in evidence.obligations if o.code == code)


def test_report_lists_every_obligation_with_live_values_and_no_personal_value(store, admin_user):
    configure(store)
    carla = add_user(store, "carla", "coordinator")
    pid = make_person(store, **CANARY)
    invite_and_call(store, pid, ceremony(store), NOTE)
    rights.access_export(store, carla, pid, "json")
    erased = make_person(store, national_number=national_number(77), first_name="Wisbaar", last_name="Qxerased")
    rights.erase(store, carla, erased)
    delivery = store.scalar("SELECT delivery_id FROM people WHERE id = ?", [pid])
    transport.confirm(store, carla, delivery, "message")

    text = readable(compliance.report_markdown(store, admin_user).decode("utf-8"))  # as a Markdown viewer shows it

    for n in range(1, 11):
        assert f"## O{n} – " in text
        assert f"| O{n} |" in text
    for live in (
        "Testgem Zwalmbeek", "211 dagen na ontvangst", "17 dagen na de ceremonie", "keten ongeschonden",
        "https://www.zwalmbeek.example/privacy/vcmp-05-2024", "DPO Zwalmbeek", "9630",
        "carla", "Coördinator", "op verzoek van de betrokkene", "nog niet bevestigd",
        "Inzage gegeven | 1", "Op verzoek verwijderd | 1",
    ):
        assert live in text, live
    assert "user:" not in text and "system:" not in text  # who confirmed or purged, by name
    number = CANARY["national_number"]
    formatted = f"{number[:2]}.{number[2:4]}.{number[4:6]}-{number[6:9]}.{number[9:]}"
    for secret in [*SECRETS, formatted, "Wisbaar", "Qxerased", "0470 99 88 77"]:
        assert secret not in text, secret
    [entry] = audit.entries(store, action="compliance.report")
    assert entry["actor"] == "user:anna"


def test_settings_decide_o1_o4_o5_o6_o10(store, admin_user):
    evidence = compliance.gather(store, admin_user)
    for code in ("O1", "O4", "O5", "O10"):
        assert not status(evidence, code).ok, code
    assert "webadres" in status(evidence, "O5").reason
    assert status(evidence, "O6").ok  # no processor: the municipality processes itself

    configure(store, processor="IT-Leverancier NV")
    evidence = compliance.gather(store, admin_user)
    for code in ("O1", "O4", "O5", "O10"):
        assert status(evidence, code).ok, code
    assert not status(evidence, "O6").ok
    admin.set_setting(store, ADMIN, "processor_agreement", "VO-2026-14 van 03/02/2026")
    assert status(compliance.gather(store, admin_user), "O6").ok


def test_broken_audit_chain_needs_attention(store, admin_user):
    configure(store)
    assert status(compliance.gather(store, admin_user), "O7").ok
    store.db.execute("UPDATE audit SET details = '{\"x\": 1}' WHERE id = 2")
    o7 = status(compliance.gather(store, admin_user), "O7")
    assert not o7.ok and "auditlog" in o7.reason


def test_unsafe_streamlit_configuration_is_reported(tmp_path):
    assert all(check.ok for check in measures.streamlit_config())  # the shipped configuration
    unsafe = tmp_path / "config.toml"
    unsafe.write_text('[server]\naddress = "0.0.0.0"\n[browser]\ngatherUsageStats = true\n')
    checks = dict(zip(measures.STREAMLIT_RULES, (c.ok for c in measures.streamlit_config(unsafe)), strict=True))
    assert checks == {
        "browser.gatherUsageStats": False,
        "server.enableXsrfProtection": True,  # absent: Streamlit's default is on
        "server.address": False,
        "client.showErrorDetails": False,  # absent: Streamlit's default shows tracebacks
    }
    assert not measures.streamlit_config(tmp_path / "missing.toml")[0].ok


def test_web_server_checks_say_in_dutch_what_they_check(tmp_path):
    """Verantwoording names each web-server setting in Dutch, never by its configuration key
    (it showed "Webserver: server.address") or an English value ("true", "none")."""
    unsafe = tmp_path / "config.toml"
    unsafe.write_text('[server]\naddress = "0.0.0.0"\n[browser]\ngatherUsageStats = true\n')
    for path in (None, unsafe):
        for check in measures.streamlit_config(path):
            shown = f"{check.label} {check.value}"
            assert not re.search(r"[a-z]+\.[a-z]+[A-Z]?[a-z]*|\b(true|false|none|full)\b", shown), shown


def test_overdue_data_and_stale_accounts_need_attention(store, admin_user, monkeypatch):
    configure(store)
    make_person(store, **CANARY)
    assert status(compliance.gather(store, admin_user), "O2").ok
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=400)
    monkeypatch.setenv("CEREMONY_FAKE_NOW", later.isoformat())
    evidence = compliance.gather(store, admin_user)
    assert not status(evidence, "O2").ok and status(evidence, "O2").reason == t("compliance.o2.overdue", n=1)
    assert not status(evidence, "O3").ok  # anna has not logged in for 400 days


def test_transport_confirmations_per_delivery(store, admin_user):
    configure(store)
    make_person(store, **CANARY)
    delivery = store.scalar("SELECT id FROM deliveries")
    assert not status(compliance.gather(store, admin_user), "O8").ok
    for item in transport.ITEMS:
        transport.confirm(store, ADMIN, delivery, item)
    evidence = compliance.gather(store, admin_user)
    assert status(evidence, "O8").ok
    assert {(r["delivery"], r["confirmed_by"]) for r in evidence.transport} == {(delivery, ADMIN.actor)}
    assert all(r["confirmed_at"] for r in evidence.transport)


def test_rights_need_an_active_coordinator(store, admin_user):
    configure(store)
    assert not status(compliance.gather(store, admin_user), "O9").ok
    add_user(store, "carla", "coordinator")
    assert status(compliance.gather(store, admin_user), "O9").ok


def test_commitment_letter_is_filled_in_from_settings(store, admin_user):
    letter = compliance.letter_markdown(store, admin_user).decode("utf-8")
    assert "[nog in te vullen: naam van het lokaal bestuur]" in letter
    assert "[nog in te vullen: webadres waar de beraadslaging gepubliceerd is]" in letter

    configure(store, processor="IT-Leverancier NV", processor_agreement="VO-2026-14")
    make_person(store, **CANARY)
    letter = compliance.letter_markdown(store, admin_user).decode("utf-8")
    for live in (
        "Testgem Zwalmbeek", "College van burgemeester en schepenen van Zwalmbeek", "DPO Zwalmbeek",
        "https://www.zwalmbeek.example/privacy/vcmp-05-2024", "IT-Leverancier NV", "VO-2026-14",
        "211 dagen na ontvangst", "VCMP nr. 05/2024", "artikel 30 AVG", "randnummer 64",
    ):
        assert live in letter, live
    assert "nog in te vullen: naam van het lokaal bestuur" not in letter
    for secret in SECRETS:
        assert secret not in letter
    assert len(audit.entries(store, action="compliance.letter")) == 2


@pytest.mark.parametrize("role", ["coordinator", "beller"])
def test_other_roles_are_refused(store, role):
    user = add_user(store, "someone", role)
    for action in (
        lambda: compliance.gather(store, user),
        lambda: compliance.report_markdown(store, user),
        lambda: compliance.letter_markdown(store, user),
    ):
        with pytest.raises(AccessDenied):
            action()


def test_dpo_may_download_the_report(store):
    dora = add_user(store, "dora", "dpo")
    assert compliance.report_markdown(store, dora).startswith(b"# Verantwoording")
    details = json.loads(audit.entries(store, action="compliance.report")[0]["details"])
    assert "O5" in details["attention"]
    assert utc_iso()  # audit times are UTC


def _docx_text(data: bytes) -> str:
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_report_and_letter_as_word_documents_without_personal_data(store, admin_user):
    configure(store, processor="IT-Leverancier NV", processor_agreement="VO-2026-14")
    pid = make_person(store, **CANARY)
    invite_and_call(store, pid, ceremony(store), NOTE)
    report = compliance.report_docx(store, admin_user)
    assert report.startswith(b"PK")  # a .docx is a zip package
    text = _docx_text(report)
    assert "Verantwoording inburgeringsceremonie: Testgem Zwalmbeek" in text
    for n in range(1, 11):
        assert f"O{n} – " in text
    assert "Status: " in text and "**" not in text and "\\" not in text  # Markdown is gone
    letter = _docx_text(compliance.letter_docx(store, admin_user))
    assert t("compliance.letter.salutation") in letter and "VO-2026-14" in letter
    assert t("compliance.letter.subject").replace("**", "") in letter
    for secret in SECRETS:
        assert secret not in text and secret not in letter
    assert len(audit.entries(store, action="compliance.report")) == 1
    assert len(audit.entries(store, action="compliance.letter")) == 1


def test_report_as_pdf_through_libreoffice(store, admin_user):
    import shutil

    from ceremony.exports import letters

    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is installed by `make setup`")
    pdf = letters.to_pdf(compliance.report_docx(store, admin_user))
    assert pdf.startswith(b"%PDF")
