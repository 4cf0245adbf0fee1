"""Catalogue texts for assertions: tests compare with `t(key)` rather than copied Dutch, so
a wording change lands in the catalogue only, and a missing text still fails."""

from __future__ import annotations

import re
import string

from ceremony.texts import CATALOGUE


def _parsed(text_key: str, values: dict) -> list[tuple]:
    """The text as (literal, field, spec, conversion) parts, as `t()` would fill it in."""
    if text_key not in CATALOGUE and "n" in values:
        text_key += ".one" if values["n"] == 1 else ".other"
    text = CATALOGUE[text_key]
    parts = list(string.Formatter().parse(text))
    if all(field is None for _literal, field, *_ in parts):
        return [(text, None, None, None)]  # no placeholder: t() returns it as written, braces too
    return parts


def leading(text_key: str, /, **values: object) -> str:
    """The text of `text_key` up to its first placeholder not given in `values`: the part a
    test can know when the rest depends on the day or on generated data."""
    out = []
    for literal, field, spec, conversion in _parsed(text_key, values):
        out.append(literal)
        if field is None:
            continue
        if field not in values:
            break
        value = values[field]
        out.append(format(repr(value) if conversion == "r" else value, spec or ""))
    return "".join(out)


def pieces(text_key: str, /, **values: object) -> list[str]:
    """The fixed parts of `text_key` between its placeholders (stripped, empty ones left out)."""
    return [literal.strip() for literal, *_ in _parsed(text_key, values) if literal.strip()]


def matching(text_key: str, /, **values: object) -> str:
    """A regular expression for the whole text of `text_key` (for `pytest.raises(match=...)`):
    the values given are filled in, any other placeholder matches anything."""
    out = []
    for literal, field, spec, conversion in _parsed(text_key, values):
        out.append(re.escape(literal))
        if field is None:
            continue
        if field in values:
            value = values[field]
            out.append(re.escape(format(repr(value) if conversion == "r" else value, spec or "")))
        else:
            out.append(".*")
    return "".join(out)
