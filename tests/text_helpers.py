"""Catalogue texts for assertions: tests compare with `t(key)` rather than copied Dutch, so
a wording change lands in the catalogue only, and a missing text still fails."""

from __future__ import annotations

import string

from ceremony.texts import CATALOGUE


def _resolved(text_key: str, values: dict) -> str:
    if text_key not in CATALOGUE and "n" in values:
        text_key += ".one" if values["n"] == 1 else ".other"
    return CATALOGUE[text_key]


def leading(text_key: str, /, **values: object) -> str:
    """The text of `text_key` up to its first placeholder not given in `values`: the part a
    test can know when the rest depends on the day or on generated data."""
    out = []
    for literal, field, spec, conversion in string.Formatter().parse(_resolved(text_key, values)):
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
    parsed = string.Formatter().parse(_resolved(text_key, values))
    return [literal.strip() for literal, *_ in parsed if literal.strip()]
