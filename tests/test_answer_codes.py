"""Answer codes: 80 unambiguous bits per invitation, sealed in the store, only the hash leaves it."""

from __future__ import annotations

import hashlib
import math

import pytest

from ceremony import admin, keys
from ceremony.answers import codes
from ceremony.errors import InvalidInput
from ceremony.texts import t
from tests.ceremony_factory import add_people, ceremony_row, invite_directly
from tests.conftest import ADMIN, files_under


def _invitations(store, n: int = 3) -> list[int]:
    ceremony_id = ceremony_row(store, date="2027-03-10")
    invite_directly(store, ceremony_id, add_people(store, [{} for _ in range(n)]))
    return [r["id"] for r in store.rows("SELECT id FROM invitations ORDER BY id")]


def test_alphabet_has_32_unambiguous_symbols_and_a_code_carries_80_bits():
    assert len(set(codes.ALPHABET)) == 32 == len(codes.ALPHABET)
    assert not set("0O1Il") & set(codes.ALPHABET)
    assert codes.CODE_LENGTH <= 16
    assert math.log2(len(codes.ALPHABET)) * codes.CODE_LENGTH >= 80


def test_codes_are_16_symbols_of_the_alphabet_unique_and_use_every_symbol():
    made = [codes.new_code() for _ in range(3000)]
    assert all(len(code) == 16 and set(code) <= set(codes.ALPHABET) for code in made)
    assert len(set(made)) == len(made)
    assert set("".join(made)) == set(codes.ALPHABET)  # 48,000 draws: every symbol turns up


def test_typed_code_is_case_insensitive_with_or_without_dashes_and_spaces():
    code = "ABCD" "EFGH" "JKLM" "NPQR"
    assert codes.grouped(code) == "ABCD-EFGH-JKLM-NPQR"
    expected = hashlib.sha256(code.encode()).hexdigest()
    for typed in (code, "abcd-efgh-jklm-npqr", " abcd efgh  JKLM-npqr ", codes.grouped(code)):
        assert codes.code_hash(typed) == expected


def test_every_invitation_gets_its_own_code_and_only_the_hash_is_stored_in_clear(store, data_dir):
    invitations = _invitations(store)
    assert codes.issue(store, invitations) == 3
    assert codes.issue(store, invitations) == 0  # a second issue keeps the codes
    plain = {inv: codes.code_of(store, inv) for inv in invitations}
    assert len(set(plain.values())) == 3
    assert codes.hashes(store, invitations) == {inv: codes.code_hash(c) for inv, c in plain.items()}
    store.compact()
    for code in plain.values():  # the code itself is sealed: not in any file of the installation
        files_with = [p for p in files_under(data_dir) if code.encode() in p.read_bytes()]
        assert files_with == []


def test_codes_survive_a_key_rotation_and_the_old_key_no_longer_opens_them(store):
    invitations = _invitations(store, 2)
    before = {inv: codes.code_of(store, inv) for inv in invitations}
    old_ring = store.keys
    keys.rotate(store, ADMIN)
    assert {inv: codes.code_of(store, inv) for inv in invitations} == before
    sealed = store.scalar("SELECT sealed_code FROM answer_codes WHERE invitation_id = ?", [invitations[0]])
    with pytest.raises(Exception):  # noqa: B017 - IntegrityError from the old key
        codes.crypto.open_sealed(codes._key(old_ring), sealed, codes._aad(invitations[0]))


def test_without_a_base_url_there_is_no_link_and_staff_are_told_why(store):
    invitation = _invitations(store, 1)[0]
    assert codes.link_for(store, invitation) is None
    assert codes.no_link_reason(store) == t("answer_links.no_base_url")


def test_link_holds_the_code_the_short_address_and_a_qr_code(store):
    invitation = _invitations(store, 1)[0]
    admin.set_setting(store, ADMIN, "answer_base_url", "https://antwoord.gemeente.be/")
    link = codes.link_for(store, invitation)
    assert codes.no_link_reason(store) is None
    plain = codes.code_of(store, invitation)
    assert link.code == codes.grouped(plain)
    assert link.url == f"https://antwoord.gemeente.be/a/{plain}"
    assert link.short_address == "https://antwoord.gemeente.be"
    assert link.qr_png.startswith(b"\x89PNG") and b"<svg" in link.qr_svg
    assert codes.link_for(store, 999_999) is None  # no invitation, no link


@pytest.mark.parametrize("value", ["http://antwoord.gemeente.be", "https://a.be/?x=1", "antwoord.be", "https://a b"])
def test_answer_base_url_must_be_a_plain_https_address(store, value):
    with pytest.raises(InvalidInput):
        admin.set_setting(store, ADMIN, "answer_base_url", value)


def test_max_companions_is_0_to_10_default_3(store):
    assert store.setting("max_companions") == 3
    admin.set_setting(store, ADMIN, "max_companions", "10")
    with pytest.raises(InvalidInput):
        admin.set_setting(store, ADMIN, "max_companions", "11")
