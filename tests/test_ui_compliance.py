"""The "Verantwoording" page: administrator and DPO only, and no personal data on it."""

import pytest

from ceremony import admin
from ceremony.texts import t
from tests.apptest_helpers import login, open_page, texts
from tests.ceremony_factory import make_person
from tests.conftest import ADMIN, add_user
from tests.test_compliance import SECRETS
from tests.test_rights import CANARY, NOTE, ceremony, invite_and_call


@pytest.mark.parametrize("role", ["beheerder", "dpo"])
def test_page_shows_every_obligation_and_no_canary(store, role):
    admin.set_setting(store, ADMIN, "municipality", "Testgem Zwalmbeek")
    pid = make_person(store, **CANARY)
    invite_and_call(store, pid, ceremony(store), NOTE)
    add_user(store, "someone", role)
    at = open_page(login("someone"), "compliance.py")
    assert not at.exception
    shown = texts(at) + "\n".join(e.label for e in at.expander)
    assert t("compliance.ui.title") in shown
    for n in range(1, 11):
        assert f"O{n} – " in shown
    audit_entries = store.scalar("SELECT count(*) FROM audit")
    assert "Testgem Zwalmbeek" in shown and t("audit.ok", n=audit_entries) in shown
    assert t("compliance.not_filled") in shown  # e.g. the publication link of the deliberation
    for secret in SECRETS:
        assert secret not in shown, secret
    labels = [b.label for b in at.get("download_button")]
    assert labels == [t(f"views.compliance.as.{fmt}") for fmt in ("docx", "pdf", "md", "docx", "md")]


@pytest.mark.parametrize("role", ["coordinator", "beller"])
def test_page_is_refused_for_other_roles(store, role):
    add_user(store, "someone", role)
    assert t("auth.denied") in texts(open_page(login("someone"), "compliance.py"))  # known, refused
