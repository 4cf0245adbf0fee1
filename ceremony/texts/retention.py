"""Dutch texts for the retention area."""

TEXTS: dict[str, str] = {}
