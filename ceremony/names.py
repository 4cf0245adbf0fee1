"""Matching and sorting people's names the way staff type them: one rule for every search.

The "Personen" search, the check-in search and the invitee filter all use `fold`:
case, accents, apostrophes and extra spaces do not matter, and letters that have no
accent to strip but are often typed plainly (Turkish ı, Scandinavian ø, Polish ł) are
read as i, o, l. A query matches a name when every word of it occurs somewhere in the
folded "first name last name", in any order ("celik zoe" finds Zoë Çelik).
"""

from __future__ import annotations

import unicodedata

_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"}
_PLAIN_LETTERS = {"ı": "i", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d"}
_TABLE = str.maketrans({**_APOSTROPHES, **_PLAIN_LETTERS})


def fold(text: str | None) -> str:
    """Case-, accent-, apostrophe- and spacing-insensitive form of a name, for matching only."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_TABLE).casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.split())


def words(query: str | None) -> list[str]:
    """The folded words of a search query (callers decide how short is too short)."""
    return fold(query).split()


def matches(query_words: list[str], first_name: str, last_name: str) -> bool:
    """Whether every query word occurs in the person's folded full name, in any order."""
    name = fold(f"{first_name} {last_name}")
    return all(word in name for word in query_words)


def sort_key(first_name: str, last_name: str) -> tuple[str, str]:
    """Sort people by last name, then first name, as a reader expects (accents ignored)."""
    return fold(last_name), fold(first_name)
