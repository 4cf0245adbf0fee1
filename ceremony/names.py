"""Matching and sorting people's names the way staff type them: one rule for every search;
and what of a name or address may be shown at all (`neutral`).

The "Personen" search, the check-in search and the invitee filter all use `fold`:
case, accents, apostrophes and extra spaces do not matter, and letters that have no
accent to strip but are often typed plainly (Turkish ı, Scandinavian ø, Polish ł) are
read as i, o, l. A query matches a name when every word of it occurs somewhere in the
folded "first name last name", in any order ("celik zoe" finds Zoë Çelik).
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"}
_PLAIN_LETTERS = {"ı": "i", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d"}
_TABLE = str.maketrans({**_APOSTROPHES, **_PLAIN_LETTERS})
# Bidi embedding, override and isolate controls: in a name they reverse what follows
# ("Ali\u202egnp.exe" reads "Aliexe.png"). The zero-width non-joiner and joiner (U+200C,
# U+200D) are not among them: Persian and Arabic names need them.
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# the same characters in a UTF-8 JSON record, raw or escaped
_BIDI_IN_JSON = re.compile(rb"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])|\\u20(?:2[a-eA-E]|6[6-9])")


def neutral(text: str) -> str:
    """The text without bidi embedding, override and isolate characters (U+202A-U+202E,
    U+2066-U+2069): what a screen, a mail header or an export may show of a name or address."""
    return text.translate(_BIDI_CONTROLS)


def neutral_record(plain: bytes, fields: dict[str, str]) -> dict[str, str]:
    """A decrypted record's fields (`plain` its JSON) through `neutral`; cheap when there is nothing to do."""
    if _BIDI_IN_JSON.search(plain) is None:
        return fields
    return {name: neutral(value) if isinstance(value, str) else value for name, value in fields.items()}


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
