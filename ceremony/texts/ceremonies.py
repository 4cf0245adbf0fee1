"""Dutch texts for the ceremonies area."""

TEXTS: dict[str, str] = {}
