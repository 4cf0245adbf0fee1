"""The password policy: every place that sets a password calls `check(password, username)`.

A password is refused, with one Dutch sentence saying why, when it is shorter than
MIN_LENGTH, only whitespace, one character repeated, contains the user name, is on the
list of common passwords, is one Dutch word with only digits and symbols around it, or
is otherwise easy to guess. "Common" and "easy to guess" come from zxcvbn (Dropbox's
estimator, maintained Python port): its bundled list of the 30,000 most used passwords
and its guess-count score (0-4; we ask for MIN_SCORE). zxcvbn's lists are English, so
the Dutch words of `ceremony.password_words` (municipalities, months, days, seasons,
common password words, the app's own words) and the caller's own words (the
municipality setting) are added as a dictionary it scores against; "Welkom2024!!" still
scores 3 there, hence the explicit rule for one word with a year and symbols around it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS
from zxcvbn.matching import add_frequency_lists

from ceremony.errors import InvalidInput
from ceremony.password_words import WORDS
from ceremony.texts import t

MIN_LENGTH = 12
MAX_LENGTH = 256
# 3 = "safely unguessable" in zxcvbn's terms: about 10^8 guesses or more. With argon2id
# and the lockout, that is far beyond an online attack and slows an offline one.
MIN_SCORE = 3
_SCORED_PREFIX = 100  # zxcvbn's cost grows with length; the first 100 characters decide
_COMMON = frozenset(FREQUENCY_LISTS["passwords"])
# digits and symbols that stand for letters ("W3lk0m"); "1" is tried as i and as l
_LEET = [str.maketrans("013457@$!|+", "oieastasiit"), str.maketrans("013457@$!|+", "oleastasilt")]


def _fold(text: str) -> str:
    """Lower case, accents dropped, letters only: "Sint-Niklaas" -> "sintniklaas"."""
    plain = unicodedata.normalize("NFKD", text.lower())
    return re.sub(r"[^a-z]", "", plain)


_DUTCH = frozenset(_fold(word) for word in WORDS)
# ranked as listed (the app's words first); the hyphenated names as typed, too
add_frequency_lists({"dutch": list(dict.fromkeys([*WORDS, *(_fold(word) for word in WORDS)]))})


def check(password: str, username: str = "", words: Iterable[str] = ()) -> None:
    """Raise InvalidInput naming the first reason `password` is not acceptable.

    `words` are the installation's own words (the municipality setting), refused and
    scored like the Dutch word list."""
    reason = problem(password, username, words)
    if reason:
        raise InvalidInput(reason)


def problem(password: str, username: str = "", words: Iterable[str] = ()) -> str | None:
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
    own = _own_words(words)
    if _one_dutch_word(lowered, own):
        return t("signin.password.dutch")
    inputs = [name, *own] if name else own
    result = zxcvbn(password[:_SCORED_PREFIX], user_inputs=inputs)
    if result["score"] >= MIN_SCORE:
        return None
    return _weakness(result["sequence"])


def _own_words(words: Iterable[str]) -> list[str]:
    """The installation's words, whole and in their parts ("Sint-Niklaas": also "niklaas")."""
    out = []
    for word in words:
        if word and word.strip():
            out.append(_fold(word))
            out += [_fold(part) for part in re.split(r"[\s\-_.'/]+", word) if len(_fold(part)) >= 4]
    return [w for w in dict.fromkeys(out) if w]


def _one_dutch_word(lowered: str, own: list[str]) -> bool:
    """Is the password one listed word with only digits and symbols around it ("Welkom2024!!")?"""
    core = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", lowered)
    candidates = {_fold(lowered), *(_fold(core.translate(table)) for table in _LEET)}
    return any(word in _DUTCH or word in own for word in candidates if word)


def _weakness(sequence: list[dict]) -> str:
    """Say which guessable pattern made the score low (the first one that applies)."""
    patterns = {match["pattern"] for match in sequence}
    dictionaries = {
        match.get("dictionary_name") for match in sequence if match["pattern"] == "dictionary"
    }
    if "passwords" in dictionaries:
        return t("signin.password.common_part")
    if dictionaries & {"dutch", "user_inputs"}:
        return t("signin.password.dutch")
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
