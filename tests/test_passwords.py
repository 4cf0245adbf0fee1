"""The password policy: length, common passwords, the user name, repeats; a Dutch reason."""

import pytest

from ceremony import passwords
from ceremony.errors import InvalidInput
from tests.conftest import PASSWORD


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("", "signin.password.blank"),
        (" " * 14, "signin.password.blank"),
        ("\t\n  \t", "signin.password.blank"),
        ("Kort-12", "signin.password.short"),
        ("a1b2c3d4e5", "signin.password.short"),  # the old minimum of 10 is no longer enough
        ("aaaaaaaaaaaa", "signin.password.repeated"),
        ("############", "signin.password.repeated"),
        ("abcabcabcabcabc", "signin.password.repeated"),
        ("123456789012", "signin.password.common_part"),
        ("password1234", "signin.password.common"),
        ("iloveyou1234", "signin.password.common_part"),
        ("1qaz2wsx3edc", "signin.password.common"),
        ("qwertyuiopas", "signin.password.common_part"),
        ("Jan-Peeters-is-hier", "signin.password.username"),
        ("x" * 300, "signin.password.long"),
    ],
)
def test_refused_with_the_reason(password, code):
    with pytest.raises(InvalidInput) as refused:
        passwords.check(password, "jan-peeters")
    assert refused.value.code == code


@pytest.mark.parametrize(
    "password",
    [PASSWORD, "Zomerdag-in-Gent-42", "fiets tram bus 7 trein", "Geheim-Wachtwoord-42", "k7#Vq9!mZ2&p"],
)
def test_strong_passwords_accepted(password):
    assert passwords.problem(password, "jan-peeters") is None


def test_username_is_case_insensitive_and_only_counts_when_given():
    assert passwords.problem("Mijn-ANNA-wachtwoord-2031", "anna") is not None
    assert passwords.problem("Mijn-ANNA-wachtwoord-2031") is None


def test_every_reason_is_one_dutch_sentence_without_the_password():
    secret = "password1234"
    reason = passwords.problem(secret, "anna")
    assert reason.endswith(".") and secret not in reason


# --- Dutch words --------------------------------------------------------------------------

COMMON_DUTCH = ["Wachtwoord123!", "Welkom2024!!", "Ceremonie2026!", "Voorjaar2026!!", "Inburgering2026"]


@pytest.mark.parametrize("password", COMMON_DUTCH)
def test_common_dutch_passwords_are_refused(password):
    with pytest.raises(InvalidInput):
        passwords.check(password, "jan-peeters")


@pytest.mark.parametrize(
    "password",
    ["Zottegem2026!", "!!Sint-Niklaas-2025", "Dinsdag2026!!", "Oktober-2026!", "Gemeente2026!", "W3lkom2026!!"],
)
def test_municipalities_days_months_and_app_words_with_years_and_symbols_are_refused(password):
    assert passwords.problem(password, "jan-peeters") is not None


def test_a_good_passphrase_is_still_accepted():
    assert passwords.problem("Blauwe olifant danst op zolder", "jan-peeters") is None


def test_the_municipality_setting_counts_as_a_word(store):
    from ceremony import admin, auth
    from tests.conftest import ADMIN

    town = "Oosterbroekhoven"  # made up: not on the word list
    assert passwords.problem(f"{town}2026!!", "anna") is None
    admin.set_setting(store, ADMIN, "municipality", town)
    with pytest.raises(InvalidInput):
        auth.create_user(store, ADMIN, "anna", "coordinator", f"{town}2026!!")
    with pytest.raises(InvalidInput):
        auth.create_first_admin(store, "anna", f"{town.upper()}-2026!")
