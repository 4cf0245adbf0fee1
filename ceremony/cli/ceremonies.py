"""Commands of the ceremonies area."""


def register(subparsers) -> None:
    """No commands yet."""
