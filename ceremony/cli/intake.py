"""Commands of the intake area."""


def register(subparsers) -> None:
    """No commands yet."""
