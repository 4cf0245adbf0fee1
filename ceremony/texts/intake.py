"""Dutch texts for the intake area."""

TEXTS: dict[str, str] = {}
