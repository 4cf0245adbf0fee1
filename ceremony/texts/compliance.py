"""Dutch texts for the compliance area."""

TEXTS: dict[str, str] = {}
