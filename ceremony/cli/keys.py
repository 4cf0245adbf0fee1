"""Commands for the master key."""


def register(subparsers) -> None:
    """No commands yet."""
