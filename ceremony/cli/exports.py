"""Commands of the exports area."""


def register(subparsers) -> None:
    """No commands yet."""
