"""What a letter template must be before it is stored or used, read from its own text.

docxtpl joins a tag left open ("{{ datum") with everything up to the next closing tag,
section breaks included, without an error; Jinja prints an unknown field as nothing.
So before any rendering, every paragraph of the body, headers and footers is read:

- each tag (`{{ }}`, `{% %}`, `{# #}`) opens and closes within one paragraph, and each
  part parses as Jinja; a refusal names the paragraph by its first words;
- the body uses only the letter's fields (and Jinja's own names such as `range`); a
  header or footer is rendered outside the letters, so a field there would print blank;
- the last section starts on a new page, so that the break the app puts between letters
  does too.

`letters.check_template` then renders the template for two made-up people and checks
the result (see there). Every refusal points to the help on Instellingen.
"""

from __future__ import annotations

import io
import re
import zipfile

from jinja2 import TemplateSyntaxError, meta
from lxml import etree

from ceremony.errors import InvalidInput
from ceremony.exports.template_sandbox import BoundedSandbox
from ceremony.texts import t

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BODY = "word/document.xml"
MARGINS = re.compile(r"word/(header|footer)\d*\.xml")
TAGS = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
DOCXTPL_PREFIX = re.compile(r"(\{[{%#])(?:p|r|tr|tc)\s")  # docxtpl's {%p ...%}: plain Jinja once read
DOCXTPL_TAGS = re.compile(r"\{%\s*(?:vm|hm|cellbg|colspan)\b.*?%\}")
BLOCKS = {"for", "if", "macro", "call", "filter", "block", "with", "autoescape"}
WORDS = 5
QUOTES = str.maketrans("\u201c\u201d\u2018\u2019", "\"\"''")  # Word's curly quotes, as docxtpl reads them
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def check_source(template: bytes, fields: tuple[str, ...]) -> None:
    """InvalidInput unless every part of `template` is well-formed and uses only `fields`."""
    parts = _parts(template)
    environment = BoundedSandbox()  # its operators are not folded while parsing (10 ** 10 ** 9)
    for name, paragraphs in parts.items():
        names = _parse(environment, paragraphs)
        unknown = sorted(names - set(environment.globals))
        if MARGINS.fullmatch(name) and unknown:
            where = next(p for p in paragraphs if any(n in p for n in unknown))
            raise InvalidInput(t("letters.check.header", words=first_words(where), names=", ".join(unknown)))
        unknown = [n for n in unknown if n not in fields]
        if unknown:
            raise InvalidInput(t("letters.check.unknown", names=", ".join(unknown), fields=", ".join(fields)))
    if not _starts_new_page(template):
        raise InvalidInput(t("letters.check.pages"))


def first_words(paragraph: str) -> str:
    """How a refusal names a paragraph: its first words."""
    return " ".join(paragraph.split()[:WORDS])


def _parts(template: bytes) -> dict[str, list[str]]:
    """The paragraphs (their text) of the body, headers and footers, per part."""
    try:
        with zipfile.ZipFile(io.BytesIO(template)) as package:
            names = [n for n in package.namelist() if n == BODY or MARGINS.fullmatch(n)]
            return {name: _paragraphs(package.read(name)) for name in sorted(names)}
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, ValueError, OSError):
        raise InvalidInput(t("letters.template_invalid")) from None


def _paragraphs(xml: bytes) -> list[str]:
    root = etree.fromstring(xml, _PARSER)
    found = []
    for paragraph in root.iter(f"{W}p"):
        # a text box holds paragraphs of its own: each text once, in its nearest paragraph
        texts = [node.text or "" for node in paragraph.iter(f"{W}t")
                 if next(node.iterancestors(f"{W}p")) is paragraph]
        found.append("".join(texts))
    return found


def _parse(environment: BoundedSandbox, paragraphs: list[str]) -> set[str]:
    """The names a part looks up; InvalidInput naming the paragraph with a broken tag."""
    for paragraph in paragraphs:
        if not _balanced(paragraph):
            raise InvalidInput(t("letters.check.syntax", words=first_words(paragraph)))
    lines = [DOCXTPL_TAGS.sub("", DOCXTPL_PREFIX.sub(r"\1 ", p.translate(QUOTES))) for p in paragraphs]
    source = "\n".join(lines)  # line n of the source is paragraph n
    try:
        return meta.find_undeclared_variables(environment.parse(source))
    except TemplateSyntaxError as exc:
        line = _open_block(environment, source) or exc.lineno or 1
        raise InvalidInput(t("letters.check.syntax", words=first_words(paragraphs[line - 1]))) from None


def _balanced(paragraph: str) -> bool:
    """Every tag that opens in the paragraph closes in it, and nothing closes unopened."""
    expected = None
    for match in TAGS.finditer(paragraph):
        tag = match.group()
        if expected is None:
            if tag not in CLOSERS:
                return False
            expected = CLOSERS[tag]
        elif tag == expected:
            expected = None
        elif tag in CLOSERS:
            return False
    return expected is None


def _open_block(environment: BoundedSandbox, source: str) -> int | None:
    """The line of the innermost block left open at the end ({% if %} without endif), if any."""
    opened: list[int] = []
    previous = None
    try:
        for line, kind, value in environment.lex(source):
            if previous == "block_begin" and kind == "name":
                if value in BLOCKS:
                    opened.append(line)
                elif value.startswith("end") and opened:
                    opened.pop()
            previous = kind
    except TemplateSyntaxError:
        return None
    return opened[-1] if opened else None


def _starts_new_page(template: bytes) -> bool:
    """Whether the template's last section starts on a new page (the break between letters copies it)."""
    with zipfile.ZipFile(io.BytesIO(template)) as package:
        root = etree.fromstring(package.read(BODY), _PARSER)
    sections = list(root.iter(f"{W}sectPr"))
    kind = sections[-1].find(f"{W}type") if sections else None
    return kind is None or kind.get(f"{W}val", "nextPage") in ("nextPage", "oddPage", "evenPage")
