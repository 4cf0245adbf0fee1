"""The answer form's pieces: the code as typed, the form token, the fields."""

from __future__ import annotations

import pytest

from ceremony.answers import form

SECRET = b"s" * 32


@pytest.mark.parametrize("typed", ["abcd-efgh-jkmn-pqrs", " ABCD EFGH JKMN PQRS ", "Abcd–Efgh-JKMN\tPQRS"])
def test_the_code_as_typed_or_linked_becomes_one_form(typed):
    assert form.normalise_code(typed) == "ABCDEFGHJKMNPQRS"


def test_whatever_arrives_is_bounded_letters_and_digits():
    assert form.normalise_code("<script>" * 50) == ("SCRIPT" * 50)[: form.MAX_CODE]
    assert form.normalise_code("é;=\r\n") == ""


def test_a_form_token_expires_and_fits_only_its_code():
    token = form.form_token(SECRET, "aa", now=1000)
    assert form.token_valid(SECRET, "aa", token, now=1000 + form.TOKEN_SECONDS - 1)
    assert not form.token_valid(SECRET, "aa", token, now=1000 + form.TOKEN_SECONDS + 1)
    assert not form.token_valid(SECRET, "bb", token, now=1000)
    assert not form.token_valid(b"t" * 32, "aa", token, now=1000)
    expires, mac = token.split(".")
    for forged in ("", ".", mac, f"{int(expires) + 1}.{mac}", f"{expires}.{mac[:-1]}", f"9{'9' * 20}.{mac}"):
        assert not form.token_valid(SECRET, "aa", forged, now=1000)


def test_not_coming_keeps_only_call_me():
    answer = form.parse_answer({"komt": "nee", "mee": "2", "rolstoel": "ja", "tolk": "ar", "bel": "ja"}, 3)
    assert answer == form.AnswerForm(coming=False, call_me=True) and answer.people == 0


def test_coming_with_companions_and_help():
    answer = form.parse_answer({"komt": "ja", "mee": "3", "rolstoel": "ja", "tolk": "prs"}, 3)
    assert answer == form.AnswerForm(True, 3, True, "prs", False) and answer.people == 4


@pytest.mark.parametrize("fields", [{"komt": "ja", "mee": "4"}, {"komt": "ja", "mee": " 1"}, {"komt": "JA"},
                                    {"komt": "ja", "tolk": "AR"}, {"komt": "ja", "bel": "1"}])
def test_anything_outside_the_choices_is_tampered(fields):
    with pytest.raises(form.Tampered):
        form.parse_answer(fields, 3)


def test_no_choice_gives_the_message_to_show():
    assert form.parse_answer({"mee": "1"}, 3) == "answer_page.form.missing"
