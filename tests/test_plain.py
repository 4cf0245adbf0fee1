"""plain(): any value, through a CommonMark + GFM renderer, comes out as exactly its text."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from ceremony.plain import WORD_JOINER, plain

# the hostile corpus of the review plus every construct Streamlit's renderer knows
HOSTILE = [
    "![b](http://127.0.0.1:9/beacon.png)",
    "[Klik hier om te verifiëren](http://evil.example)",
    "Jan\n# KOP",
    "Jan\n===",
    "Jan\n---",
    "- lijst",
    "+ lijst",
    "1. lijst",
    "3) lijst",
    "> citaat",
    "    code",
    "```\ncode\n```",
    "`code`",
    "<img src=x onerror=alert(1)>",
    "<http://evil.example/auto>",
    "http://evil.example/x",
    "www.evil.example",
    "iemand@evil.example",
    "**vet** __vet__ *schuin* _schuin_",
    "~~weg~~ ~weg~",
    "$x^2$ $$y$$",
    ":red[rood] :smile: :+1: :100: :material/call:",
    "a | b\n--|--\n1 | 2",
    "[x]: http://evil.example",
    "&amp; &#60; &lt;",
    "regel  \nbreuk\\",
    "***",
    "\u202eNaamOmgekeerd 🎉 عربي",
]

# CommonMark with GFM tables and strikethrough, raw HTML on, bare links on: stricter than Streamlit
RENDERER = MarkdownIt("commonmark", {"html": True, "linkify": True}).enable(["table", "strikethrough", "linkify"])
RENDERER.linkify.set({"fuzzy_link": False})  # as GitHub: "www.", "http://" and e-mail, not "a.al"


def rendered_text(source: str) -> str | None:
    """The HTML of `source` if it is one paragraph of text without any markup, else None."""
    out = RENDERER.render(source)
    if out == "":
        return ""
    match = re.fullmatch(r"<p>([^<]*)</p>\n", out)
    return html.unescape(match.group(1)) if match else None


def expected(value: str) -> str:
    return " ".join(value.split())


def test_every_hostile_value_renders_as_its_own_text():
    for value in HOSTILE:
        shown = rendered_text(plain(value))
        assert shown is not None, (value, RENDERER.render(plain(value)))
        assert shown.replace(WORD_JOINER, "") == expected(value), value


def test_no_construct_survives_in_streamlit_specific_syntax():
    """What CommonMark does not know but Streamlit does: math, directives, emoji codes, bare links."""
    for value in HOSTILE:
        source = plain(value)
        assert not re.search(r"(?<!\\)\$", source), source  # remark-math
        # emoji, icons, colour directives: every colon that could open one is escaped
        assert not re.search(r"(?<!\\):(?=[^\s\d/])|(?<![\\\d]):(?=\d)|:material/", source), source
        assert not re.search(r"(?i)www\.|https?://|\w@\w", source), source  # GFM bare links


def test_ordinary_values_stay_readable_in_the_source():
    """Names, times and messages are unchanged, so what tests and people read is the text."""
    for value in ("Jean-Pierre D'Hondt", "Zoë Ölçer", "O'Brien (2)", "10:00", "Opgeslagen: Geen antwoord.",
                  "0470 12 34 56", "+32 470 12 34 56", "Kerkstraat 12 bus 3"):
        assert plain(value) == value


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)
       | st.text(alphabet="\\`*_[]()<>!#~$&:|-+.=0123456789 \n\tabcwh/@", max_size=40))
def test_any_text_renders_literally(value):
    shown = rendered_text(plain(value))
    assert shown is not None, (value, RENDERER.render(plain(value)))
    # plain() may add word joiners (invisible); a value's own word joiner is invisible too
    assert shown.replace(WORD_JOINER, "") == expected(value).replace("\x00", "\ufffd").replace(WORD_JOINER, "")


def test_a_document_keeps_its_urls_usable_but_never_a_disguised_link_or_image():
    """`links=True` (the compliance report): a URL stays a URL; no other text links anywhere."""
    assert plain("https://www.gemeente.example/privacy", links=True) == "https://www.gemeente.example/privacy"
    for value in HOSTILE:
        out = RENDERER.render(plain(value, links=True))
        assert "<img" not in out and "<h" not in out and "<li" not in out, (value, out)
        for text, href in re.findall(r'<a href="([^"]*)">([^<]*)</a>', out):
            assert text == href or "mailto:" + text == href, (value, out)  # a link shows its own address
