"""Dutch texts for the rights area."""

TEXTS: dict[str, str] = {}
