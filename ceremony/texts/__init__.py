"""The nl-BE text catalogue: every word a user reads comes from here.

Each area keeps its texts in its own module (core, intake, retention, ceremonies,
rights) so that changes land in one place; `t()` looks them all up as one catalogue.
"""

from __future__ import annotations

from ceremony.texts import ceremonies, compliance, core, exports, intake, limits, retention, rights

CATALOGUE: dict[str, str] = {}
for _module in (core, intake, limits, retention, ceremonies, rights, exports, compliance):
    _clash = CATALOGUE.keys() & _module.TEXTS.keys()
    if _clash:
        raise RuntimeError(f"duplicate text keys: {sorted(_clash)}")
    CATALOGUE.update(_module.TEXTS)


def t(text_key: str, /, **values: object) -> str:
    """The Dutch text for `text_key`, with `{placeholders}` filled in."""
    text = CATALOGUE[text_key]
    return text.format(**values) if values else text
