"""The nl-BE text catalogue: every word a user reads comes from here.

Each area keeps its texts in its own module (core, intake, retention, ceremonies,
rights, ...) so that changes land in one place; `t()` looks them all up as one
catalogue. Every module of this package with a `TEXTS` dict is part of it.
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


def t(text_key: str, /, **values: object) -> str:
    """The Dutch text for `text_key`, with `{placeholders}` filled in.

    A text that depends on a count has two keys, `<key>.one` and `<key>.other`; call it
    as `t("<key>", n=count)` and the right form is chosen ("1 levering", "2 leveringen").
    """
    if text_key not in CATALOGUE and "n" in values:
        text_key += ".one" if values["n"] == 1 else ".other"
    text = CATALOGUE[text_key]
    return text.format(**values) if values else text
