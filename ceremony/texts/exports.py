"""Dutch texts for the exports area."""

TEXTS: dict[str, str] = {}
