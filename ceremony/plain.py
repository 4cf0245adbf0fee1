r"""Data is text: one function that makes a value show literally where Streamlit reads Markdown.

Streamlit reads Markdown (CommonMark, GitHub tables, strikethrough and bare-URL links, math
between `$`, `:colour[...]` directives, `:emoji:` and `:material/icon:` codes) in
`st.markdown`, `st.write`, `st.caption`, titles and headers, alerts, and in the labels of
buttons, expanders, tabs, radio options and metrics; `st.table` reads it in every cell and
header. A value that came from a file or a person (name, address, note, column header,
ceremony name, user name) therefore reaches those places only through `plain()`, or is shown
with `st.text`, `st.dataframe` or as a select-box option, which show text as it is. Our
catalogue texts hold no Markdown, so a whole message with values in it may go through
`plain()` too.

`plain()` keeps every visible character: it puts the value on one line and escapes with a
backslash (which Markdown removes again) the punctuation that opens a construct: `\ ` * _ [ ]
< ~ $ & | #`, a colon that starts an emoji, icon or colour code (`:smile:`, `:red[`, `:red`;
not the colon of "10:00", "Tijd: 10" or "http://"), and a leading quote or list marker. Bare
links (`www.x`, `x@y.z`, `http://x`) and icons (`:material/call:`) are made even of escaped
text, so an invisible word joiner goes into them (into links only without `links=True`, for
a document where a URL must stay usable).
"""

from __future__ import annotations

import re

# characters that open or close a Markdown, GFM, math, HTML, directive or emoji construct
INLINE_SPECIALS = re.compile(r"[\\`*_\[\]<~$&|#:]")
CODE_SO_FAR = re.compile(r":[\w+/-]+$")  # ":smile" before a closing colon
# at the start of a line: a blockquote, a list item, a thematic break
LEADING_MARKER = re.compile(r"^(>|[-+](?=\s|[-+]|$)|\d+(?=[.)]))")
WORD_JOINER = "\u2060"  # invisible, no line break, not a word character
BARE_LINK = re.compile(r"(?i)(?<=www)(?=\.)|(?=@)|(?<=:)(?=//)")
ICON_CODE = re.compile(r"(?<=:)(?=material/|streamlit:)")  # Streamlit swaps these in after escapes


def plain(value: object, links: bool = False) -> str:
    """`value` as Markdown source that renders exactly its characters, on one line."""
    text = " ".join(str(value if value is not None else "").split())
    text = ICON_CODE.sub(WORD_JOINER, text)
    if not links:
        text = BARE_LINK.sub(WORD_JOINER, text)
    text = INLINE_SPECIALS.sub(_escape, text)
    return LEADING_MARKER.sub(_escape_marker, text, count=1)


def _escape(match: re.Match) -> str:
    char, at, text = match.group(0), match.start(), match.string
    return char if char == ":" and _harmless_colon(text[:at], text[at + 1 : at + 2]) else "\\" + char


def _harmless_colon(before: str, after: str) -> bool:
    """The colon of "10:00", of "Tijd: 10" and of "https://" opens and closes nothing."""
    if before[-1:].isdigit() and after.isdigit():
        return True
    return (after in ("", "/") or after.isspace()) and not CODE_SO_FAR.search(before)


def _escape_marker(match: re.Match) -> str:
    """`> `, `- `, `+ `, `1. `: escaped so that a value never starts a quote or a list."""
    marker = match.group(0)
    return marker + "\\" if marker.isdigit() else "\\" + marker
