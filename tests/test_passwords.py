"""The password policy: length, common passwords, the user name, repeats; a Dutch reason."""

import pytest

from ceremony import passwords
from ceremony.errors import InvalidInput
from tests.conftest import PASSWORD


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("", "alleen spaties"),
        (" " * 14, "alleen spaties"),
        ("\t\n  \t", "alleen spaties"),
        ("Kort-12", "minstens 12 tekens"),
        ("a1b2c3d4e5", "minstens 12 tekens"),  # the old minimum of 10 is no longer enough
        ("aaaaaaaaaaaa", "herhaalt"),
        ("############", "herhaalt"),
        ("abcabcabcabcabc", "herhaalt"),
        ("123456789012", "veelgebruikt"),
        ("password1234", "veelgebruikte wachtwoorden"),
        ("iloveyou1234", "veelgebruikt"),
        ("1qaz2wsx3edc", "veelgebruikte wachtwoorden"),
        ("qwertyuiopas", "veelgebruikt"),
        ("Jan-Peeters-is-hier", "gebruikersnaam"),
        ("x" * 300, "hoogstens"),
    ],
)
def test_refused_with_the_reason(password, reason):
    with pytest.raises(InvalidInput, match=reason):
        passwords.check(password, "jan-peeters")


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
