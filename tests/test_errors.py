"""A typed error tells where its Dutch sentence comes from: `exc.code` is the text key.

Tests and callers ask `exc.code == "auth.denied"` instead of matching copied Dutch, so a
wording change lands in the catalogue only; the sentence the user reads stays the same.
"""

import pytest

from ceremony import auth, permissions
from ceremony.errors import AccessDenied, CeremonyError, InvalidInput
from ceremony.texts import t


def test_a_refused_action_carries_the_key_of_its_sentence(store):
    caller = permissions.User(7, "error-caller", "beller")
    with pytest.raises(AccessDenied) as refused:
        auth.create_user(store, caller, "someone", "beller", "long-enough-pass")
    assert refused.value.code == "auth.denied"
    assert str(refused.value) == t("auth.denied")


def test_an_error_with_values_keeps_its_key_and_its_whole_sentence(store):
    admin = permissions.User(1, "error-admin", "beheerder")
    with pytest.raises(InvalidInput) as refused:
        auth.create_user(store, admin, "someone", "koning", "long-enough-pass")
    assert refused.value.code == "auth.role_unknown"
    assert str(refused.value) == t("auth.role_unknown", roles=", ".join(permissions.ROLES))


def test_a_text_remembers_its_key_and_values_and_is_still_plain_text():
    text = t("intake.row_reason", row=3, reason="x")
    assert (text.key, text.values) == ("intake.row_reason", {"row": 3, "reason": "x"})
    assert text == "rij 3: x" and isinstance(text, str)
    assert t("views.n.people", n=2).key == "views.n.people"  # the key asked for, not its .other form


def test_the_cli_prints_the_sentence_not_the_code(cli, data_dir):
    cli("init")
    result = cli("users", "add", "Bad Name", "--role", "beller", "--password-stdin", stdin="long-enough-pass")
    assert result.code == 2
    assert result.err.strip() == t("auth.username_invalid")
    assert "auth.username_invalid" not in result.err + result.out


def test_an_error_made_without_the_catalogue_has_no_code():
    assert CeremonyError("plain").code is None
