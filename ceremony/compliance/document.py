"""The compliance report and the commitment letter as Word documents (.docx), for a DPO
or a town clerk who does not open Markdown files.

One source: the Markdown that `report` and `letter` already make is parsed with
markdown-it-py (CommonMark plus tables) and written with python-docx: headings, paragraphs
with bold, italic and line breaks, numbered lists and tables. Escaped characters come out
as the characters themselves. The document is tagged Dutch (Belgium), titled (its first
heading unless told) and authored by the municipality (`exports.common.identify_docx`).
Built in memory; nothing is written to disk.
"""

from __future__ import annotations

import io

import docx
from docx.enum.text import WD_BREAK
from docx.shared import Pt
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ceremony.exports.common import identify_docx

_PARSER = MarkdownIt("commonmark").enable("table")


def markdown_to_docx(markdown: str, author: str, title: str | None = None) -> bytes:
    """A .docx with the content of `markdown` (the subset our documents use), by `author`,
    titled `title` or else after its first heading."""
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Calibri", Pt(11)
    tokens = _PARSER.parse(markdown)
    headings = [tokens[n + 1].content for n, token in enumerate(tokens) if token.type == "heading_open"]
    identify_docx(document, title or (headings[0] if headings else ""), author)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "heading_open":
            level = int(token.tag[1])
            _inline(document.add_heading(level=min(level, 3) if level > 1 else 0), tokens[i + 1])
            i += 3
        elif token.type == "paragraph_open":
            style_name = "List Number" if _in_ordered_list(tokens, i) else None
            _inline(document.add_paragraph(style=style_name), tokens[i + 1])
            i += 3
        elif token.type == "table_open":
            i = _table(document, tokens, i)
        else:
            i += 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _in_ordered_list(tokens: list[Token], at: int) -> bool:
    depth = 0
    for token in reversed(tokens[:at]):
        if token.type == "ordered_list_close":
            depth += 1
        elif token.type == "ordered_list_open":
            if depth == 0:
                return True
            depth -= 1
    return False


def _inline(paragraph, token: Token) -> None:
    """The runs of one inline token: text, bold, italic, line breaks (links as their text)."""
    bold = italic = False
    for child in token.children or []:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type in ("softbreak", "hardbreak"):
            paragraph.add_run().add_break(WD_BREAK.LINE)
        elif child.type in ("text", "code_inline", "html_inline") and child.content:
            run = paragraph.add_run(child.content)
            run.bold, run.italic = bold or None, italic or None


def _table(document, tokens: list[Token], start: int) -> int:
    """A Markdown table as a Word table with a bold header row; returns the index after it."""
    rows: list[list[Token]] = []
    i = start
    while tokens[i].type != "table_close":
        if tokens[i].type == "tr_open":
            rows.append([])
        elif tokens[i].type == "inline":
            rows[-1].append(tokens[i])
        i += 1
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, cell_token in enumerate(row):
            paragraph = table.cell(r, c).paragraphs[0]
            _inline(paragraph, cell_token)
            if r == 0:
                for run in paragraph.runs:
                    run.bold = True
    document.add_paragraph()
    return i + 1
