"""Hostile values for names, streets, notes and headers: each is Markdown, HTML or a link if
anything renders it as more than text. Synthetic; the beacon address is a
closed local port, so a browser that fetches it reveals the leak without reaching anything."""

from __future__ import annotations

from ceremony.names import neutral

BEACON = "http://127.0.0.1:9/beacon.png"

VALUES = [
    f"![b]({BEACON})",
    "[Klik hier om te verifiëren](http://evil.example)",
    "Jan\n# KOP",
    "- lijst",
    "1. lijst",
    "<img src=x onerror=alert(1)>",
    "http://evil.example/x",
    "**vet**",
    "$x^2$",
    ":red[rood]",
    "> citaat :smile:",
    "www.evil.example",
    "\u202eNaamOmgekeerd",
    "🎉Feest",
]

# a column header that becomes a link, then an image, if rendered as Markdown
HEADERS = ["[Klik hier om te verifiëren](http://evil.example)", f"![h]({BEACON})"]


def collapsed(value: str) -> str:
    """The value as one line, as text elements and plain() show it (names and addresses
    without bidi override characters: `names.neutral`)."""
    return " ".join(neutral(value).split())
