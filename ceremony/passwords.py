"""The password policy: every place that sets a password calls `check(password, username)`.

A password is refused, with one Dutch sentence saying why, when it is shorter than
MIN_LENGTH, only whitespace, one character repeated, contains the user name, is on the
list of common passwords, or is otherwise easy to guess. "Common" and "easy to guess"
come from zxcvbn (Dropbox's estimator, maintained Python port): its bundled list of the
30,000 most used passwords and its guess-count score (0-4; we ask for MIN_SCORE).
"""

from __future__ import annotations

from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from ceremony.errors import InvalidInput
from ceremony.texts import t

MIN_LENGTH = 12
MAX_LENGTH = 256
# 3 = "safely unguessable" in zxcvbn's terms: about 10^8 guesses or more. With argon2id
# and the lockout, that is far beyond an online attack and slows an offline one.
MIN_SCORE = 3
_SCORED_PREFIX = 100  # zxcvbn's cost grows with length; the first 100 characters decide
_COMMON = frozenset(FREQUENCY_LISTS["passwords"])


def check(password: str, username: str = "") -> None:
    """Raise InvalidInput naming the first reason `password` is not acceptable."""
    reason = problem(password, username)
    if reason:
        raise InvalidInput(reason)


def problem(password: str, username: str = "") -> str | None:
    """The Dutch reason `password` is refused, or None when it is acceptable."""
    if not password.strip():
        return t("signin.password.blank")
    if len(password) < MIN_LENGTH:
        return t("signin.password.short", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return t("signin.password.long", n=MAX_LENGTH)
    if len(set(password)) == 1:
        return t("signin.password.repeated")
    lowered = password.lower()
    name = username.strip().lower()
    if name and name in lowered:
        return t("signin.password.username")
    if lowered in _COMMON or lowered.strip() in _COMMON:
        return t("signin.password.common")
    result = zxcvbn(password[:_SCORED_PREFIX], user_inputs=[name] if name else [])
    if result["score"] >= MIN_SCORE:
        return None
    return _weakness(result["sequence"])


def _weakness(sequence: list[dict]) -> str:
    """Say which guessable pattern made the score low (the first one that applies)."""
    patterns = {match["pattern"] for match in sequence}
    dictionaries = {
        match.get("dictionary_name") for match in sequence if match["pattern"] == "dictionary"
    }
    if "passwords" in dictionaries:
        return t("signin.password.common_part")
    if "repeat" in patterns:
        return t("signin.password.repeated")
    if "date" in patterns:
        return t("signin.password.date")
    if "sequence" in patterns:
        return t("signin.password.sequence")
    if "spatial" in patterns:
        return t("signin.password.keyboard")
    if dictionaries:
        return t("signin.password.words")
    return t("signin.password.guessable")
