"""Commands of the retention area."""


def register(subparsers) -> None:
    """No commands yet."""
