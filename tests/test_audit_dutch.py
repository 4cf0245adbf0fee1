"""The audit trail reads in Dutch for the DPO: every action and detail the code base can
write has a Dutch text, and the Auditlog page shows no raw code (the stored rows keep
their codes)."""

from __future__ import annotations

import ast
import json
import re

import pytest

from ceremony import (
    audit,
    auditlog,
    invitations,
    permissions,
    rights,
    signing_in,
    target_group,
    transport,
)
from ceremony.exports import emails
from ceremony.intake import formats
from ceremony.phone_round import assignment, claims, numbers, outcomes
from ceremony.texts import CATALOGUE, t
from tests.apptest_helpers import login, open_page
from tests.audit_vocabulary import vocabulary
from tests.ceremony_factory import add_people, ceremony_row
from tests.conftest import ROOT, add_user

# a code as the trail stores it: lower-case words joined by dots or underscores
CODE = re.compile(r"\b[a-z][a-z0-9]*(?:[._][a-z0-9]+)+\b")


def test_every_action_the_code_base_writes_has_a_dutch_label():
    found = vocabulary()
    assert found.unresolved == []  # every action expression was read
    assert found.templates == {"cli.{}"}  # worded as "Opdrachtregel: <command>"
    assert len(found.actions) > 60
    missing = sorted(a for a in found.actions if auditlog.ACTION + a not in CATALOGUE)
    assert missing == []


def test_every_detail_name_and_literal_value_has_a_dutch_text():
    found = vocabulary()
    assert sorted(d for d in found.details if auditlog.DETAIL + d not in CATALOGUE) == []
    assert sorted(v for v in found.values if auditlog.value_text(*v) is None) == []


@pytest.mark.parametrize(("key", "codes"), [
    ("role", permissions.ROLES),
    ("channel", invitations.CHANNELS),
    ("answer", (*invitations.ANSWERS, "none")),
    ("outcome", outcomes.OUTCOMES),
    ("method", signing_in.SIGN_IN_METHODS),
    ("item", transport.ITEMS),
    ("format", ("csv", "xlsx", "zip-aes", "zip-zipcrypto", *formats.ENCRYPTED_FORMATS, "json", "docx", "pdf")),
    ("by", ("name", "national_number")),
    ("reason", ("unknown_user", "password", "no_password", "disabled", "locked", "totp", "totp_replayed",
                "recovery_code", "totp_not_enrolled", "sso_no_account", "sso_email_unverified", "sso_tenant",
                "sso_sub_mismatch", "sso_disabled", "sso_locked")),
])
def test_detail_values_from_the_code_lists_have_dutch_texts(key, codes):
    assert [code for code in codes if auditlog.value_text(key, code) is None] == []


def test_every_system_actor_has_a_dutch_name():
    written = {
        node.value for path in ROOT.joinpath("ceremony").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("system:")
    }
    assert len(written) >= 3
    assert [a for a in sorted(written) if auditlog.ACTOR + a.replace(":", ".") not in CATALOGUE] == []


def test_a_revoked_session_names_why_in_its_own_words():
    shown = auditlog.details_text(json.dumps({"reason": "password", "sessions": 2}), "session.revoked")
    assert t("views.audit.value.revoked_reason.password") in shown
    assert t("views.audit.value.reason.password") not in shown  # not "wrong password"


def _work_of_a_day(store) -> None:
    """Real actions by a coordinator and a caller, as the issue listed them, and one entry
    as an older version wrote it (with `selection`)."""
    carla = add_user(store, "carla", "coordinator")
    bert = add_user(store, "bert", "beller")
    ceremony = ceremony_row(store, "Welkom", "2026-12-12", "14:30", "Stadhuis")
    ids = add_people(store, [{}, {}, {"phone": ""}])
    invitations.invite(store, carla, ceremony, ids, channel="telefoon")
    target_group.search_eligible(store, carla, ceremony, "Voornaam")
    rights.search(store, carla, "Voornaam1")
    emails.export(store, carla, ceremony, outlook=True)
    numbers.sort_out_numbers(store, carla, ceremony)
    assignment.no_number_list(store, carla, ceremony)
    invitation = claims.claim_next(store, bert, ceremony)
    uid = outcomes.record_outcome(store, bert, invitation, "geen_antwoord")
    outcomes.undo_outcome(store, bert, uid)
    audit.record(store, carla.actor, "export.emails", f"ceremony:{ceremony}", count=2, columns=["e_mail"],
                 ceremony=ceremony, selection="channel", layout="lines")


def test_the_auditlog_page_shows_no_raw_code(store):
    _work_of_a_day(store)
    add_user(store, "dora", "dpo")

    at = open_page(login("dora"), "audit.py")

    assert not at.exception
    stored = {row["id"]: row for row in store.rows("SELECT * FROM audit")}
    frame = at.dataframe[0].value
    col = {k: t(f"ui.audit.col.{k}") for k in ("id", "action", "target", "details")}
    assert len(frame) >= 12
    for _, shown in frame.iterrows():
        entry = stored[int(shown[col["id"]])]
        text = " ".join(str(shown[col[k]]) for k in ("action", "target", "details"))
        assert shown[col["action"]] != entry["action"]
        assert CODE.findall(text) == [], (entry["action"], text)
        for key, value in json.loads(entry["details"]).items():
            assert f"{key}:" not in shown[col["details"]], (entry["action"], key)
            if key == "person_ids":  # a count, not the ids
                assert f"{auditlog.detail_label(key)}: {t('views.audit.people', n=len(value))}" in text
    actions = set(frame[col["action"]])
    for code in ("calls.undo", "calls.no_number_view", "ceremony.eligible_search", "calls.check_numbers"):
        assert t(auditlog.ACTION + code) in actions
    details = " ".join(frame[col["details"]])
    for key, value in (("by", "name"), ("layout", "outlook"), ("selection", "channel")):
        assert f"{auditlog.detail_label(key)}: {auditlog.value_text(key, value)}" in details
