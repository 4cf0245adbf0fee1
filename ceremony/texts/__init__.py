"""The nl-BE text catalogue: every word a user reads comes from here.

Each area keeps its texts in its own module so that changes land in one place, and a key
tells where: its first segment names the module (`calls.ui.note` is in `calls.py`, checked
by tests/test_catalogue.py). `t()` looks them all up as one catalogue. Every module of this
package with a `TEXTS` dict is part of it.
"""

from __future__ import annotations

import importlib
import pkgutil

CATALOGUE: dict[str, str] = {}
for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    _module = importlib.import_module(f"{__name__}.{_info.name}")
    _texts = getattr(_module, "TEXTS", None)
    if _texts is None:
        continue
    _clash = CATALOGUE.keys() & _texts.keys()
    if _clash:
        raise RuntimeError(f"duplicate text keys: {sorted(_clash)}")
    CATALOGUE.update(_texts)


# placeholders whose whole numbers are names, not amounts: never written with a separator
IDENTIFIERS = frozenset({"id", "delivery_id", "row", "port", "year", "hour", "minute", "seed"})


def number(n: int) -> str:
    """A whole number as written in Flanders: 20.954 (a dot between thousands)."""
    return f"{n:,}".replace(",", ".")


def decimal(x: float, digits: int = 1) -> str:
    """A fraction as written in Flanders: 1,7 and 12.345,6."""
    return f"{x:,.{digits}f}".translate(str.maketrans(",.", ".,"))


class Text(str):
    """A catalogue text: the Dutch string itself, which also remembers the key it was asked
    for (`key`) and its values, so that an error raised with it can name its text."""

    key: str
    values: dict[str, object]

    @classmethod
    def of(cls, text: str, text_key: str, values: dict[str, object]) -> Text:
        made = cls(text)
        made.key, made.values = text_key, values
        return made


def t(text_key: str, /, **values: object) -> Text:
    """The Dutch text for `text_key`, with `{placeholders}` filled in.

    A text that depends on a count has two keys, `<key>.one` and `<key>.other`; call it
    as `t("<key>", n=count)` and the right form is chosen ("1 levering", "2 leveringen").
    Whole numbers are written in the Flemish form (`number`: "20.954 personen"), except
    for the placeholders in `IDENTIFIERS` (a delivery number, a row, a port). The result is
    a `Text`: a `str` that keeps `text_key` (as asked, without `.one`/`.other`).
    """
    asked = text_key
    if text_key not in CATALOGUE and "n" in values:
        text_key += ".one" if values["n"] == 1 else ".other"
    text = CATALOGUE[text_key]
    if values:
        shown = {
            name: number(value) if type(value) is int and name not in IDENTIFIERS else value
            for name, value in values.items()
        }
        text = text.format(**shown)
    return Text.of(text, asked, values)
