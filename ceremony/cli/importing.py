"""Commands for importing a delivery."""


def register(subparsers) -> None:
    """No commands yet."""
