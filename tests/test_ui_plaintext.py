"""Data is text on every page: hostile names, streets, notes, headers and ceremony details,
imported and opened by every role, never become a link, image, heading, list or HTML.

Streamlit reads Markdown in markdown, caption, write, title/header/subheader, alerts, the
labels and help of widgets, expander and tab labels, radio options, metric labels and every
cell and header of `st.table`. This test collects all of those from the AppTest element tree
and parses them as CommonMark + GFM (plus Streamlit's math, directive, emoji and bare-link
syntax): only paragraphs of text (and the app's own bold) may come out. No heading offers an
anchor (a name or number in the URL). It also checks that every hostile value was really
shown somewhere, as its own text.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from ceremony import admin, ceremonies, invitations
from ceremony.phone_round import claims, outcomes
from ceremony.plain import WORD_JOINER
from ceremony.ui import nav
from tests.apptest_helpers import login, open_page
from tests.conftest import ADMIN, add_user
from tests.hostile_corpus import HEADERS, VALUES, collapsed
from tests.test_import import HEADERS as DELIVERY_HEADERS
from tests.test_import import NOW, delivery, person_row

RENDERER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
# what a page may build from its own texts: paragraphs, line breaks, bold and (Verantwoording) tables
ALLOWED = {"paragraph_open", "paragraph_close", "inline", "text", "softbreak", "strong_open", "strong_close",
           *(f"{part}_{edge}" for part in ("table", "thead", "tbody", "tr", "th", "td") for edge in ("open", "close"))}
LITERAL_KINDS = {"text", "code", "dataframe", "json", "exception", "divider"}  # as they are, or fixed
STREAMLIT_SYNTAX = [
    (re.compile(r"(?<!\\)\$"), "math"),
    (re.compile(r":(?!material/)[\w+-]+:"), "emoji code"),
    (re.compile(r":\w+\["), "colour directive"),
    (re.compile(r"(?i)www\.|https?://|\w@\w"), "bare link"),
]
TEL_LINK = re.compile(r"tel:\+\d+")
RESIDENTS = len(VALUES)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("CEREMONY_FAKE_NOW", NOW)


def resident_row(i: int) -> list:
    """Person i: a hostile first name, street, box and municipality; the last name "Gast<i>"."""
    n = len(VALUES)
    row = person_row(i, Voornaam=VALUES[i], Naam=f"Gast{i}", Straat=VALUES[(i + 3) % n],
                     Bus=VALUES[(i + 5) % n], Gemeente=VALUES[(i + 7) % n])
    return [*row, VALUES[(i + 9) % n], VALUES[(i + 11) % n]]


def markdown_sources(at: AppTest):
    """(where, source) of every string on the page that Streamlit renders as Markdown."""
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        kind = node.type
        if isinstance(node, Block):  # expander, tab, popover: their label
            if "label" in proto.DESCRIPTOR.fields_by_name and proto.label:
                yield kind, proto.label
            continue
        if kind == "table":
            frame = node.value
            yield from (("table header", str(c)) for c in frame.columns)
            yield from (("table cell", str(v)) for v in frame.to_numpy().ravel())
            continue
        if kind in LITERAL_KINDS:
            continue
        fields = proto.DESCRIPTOR.fields_by_name
        for name in ("body", "label", "help"):
            if name in fields and getattr(proto, name):
                yield f"{kind}.{name}", getattr(proto, name)
        if kind == "radio":
            yield from ((f"{kind}.option", o) for o in proto.options)


def problems(source: str, links_ok: bool = False) -> list[str]:
    """What in `source` Streamlit would render as more than text (`links_ok`: bare URLs may link)."""
    found = []
    tokens = RENDERER.parse(source)
    inline = [child for token in tokens for child in (token.children or [])]
    for token in [*tokens, *inline]:
        if token.type in ("link_open", "link_close") and TEL_LINK.fullmatch(str(token.attrs.get("href", "")) or "tel:+0"):
            continue  # Belronde's call link: built from the parsed number, "+" and digits only
        if token.type not in ALLOWED:
            found.append(token.type)
    text = "".join(child.content for child in inline if child.type == "text")
    for pattern, what in STREAMLIT_SYNTAX:
        if (what != "bare link" or not links_ok) and pattern.search(source if what != "bare link" else text):
            found.append(what)
    return found


def readable(at: AppTest) -> str:
    """What a person reads on the page: literal elements and Markdown as rendered text."""
    parts = []
    for node in at._tree:
        kind = getattr(node, "type", None)
        if kind == "text":
            parts.append(node.value)
        elif kind == "dataframe":
            frame = node.value
            parts += [str(c) for c in frame.columns] + [str(v) for v in frame.to_numpy().ravel()]
        elif kind in ("selectbox", "multiselect"):
            parts += [str(o) for o in node.options]
    for _, source in markdown_sources(at):
        inline = [c for t in RENDERER.parse(source) for c in (t.children or [])]
        parts.append("".join(c.content for c in inline if c.type == "text"))
    return "\n".join(collapsed(p).replace(WORD_JOINER, "") for p in parts)


class Pages:
    """Every page visited, what it showed, and what it showed as Markdown structure."""

    def __init__(self):
        self.shown: list[str] = []
        self.visited: set[str] = set()
        self.bad: dict[str, None] = {}  # every leak once, in the order found

    def check(self, at: AppTest, where: str, links_ok: bool = False) -> AppTest:
        assert not at.exception, (where, at.exception)
        for heading in [*at.title, *at.header, *at.subheader]:  # no "#name" anchors into the URL
            if not heading.proto.hide_anchor:
                self.bad.setdefault(f"{where}: heading with an anchor: {heading.value!r}")
        for kind, source in markdown_sources(at):
            if found := problems(source, links_ok):
                self.bad.setdefault(f"{where}: {kind} {found}: {source!r}")
        self.shown.append(readable(at))
        self.visited.add(where)
        return at


@pytest.fixture
def hostile_store(store):
    admin.set_setting(store, ADMIN, "postcodes", "9000")
    admin.set_setting(store, ADMIN, "municipality", VALUES[1])
    users = {name: add_user(store, name, role)
             for name, role in (("carla", "coordinator"), ("bert", "beller"), ("anna", "beheerder"), ("dora", "dpo"))}
    return store, users


def test_hostile_values_are_text_on_every_page_for_every_role(hostile_store):
    (store, users), pages = hostile_store, Pages()

    # Ontvangen: the preview (headers, values, notices), then the import report (dropped headers)
    at = open_page(login("carla"), "intake.py")
    at.file_uploader[0].set_value(
        ("levering.csv", delivery([resident_row(i) for i in range(RESIDENTS)], "csv",
                                  headers=[*DELIVERY_HEADERS, *HEADERS]), "text/csv")
    )
    pages.check(at.run(), "intake preview")
    at.button(key="intake_import").click().run()
    pages.check(at, "intake report")
    assert store.scalar("SELECT count(*) FROM people") == RESIDENTS

    # a ceremony with a hostile name, place and script; everybody invited; a hostile call note
    carla, bert = users["carla"], users["bert"]
    cid = ceremonies.create_ceremony(
        store, carla, name=VALUES[0], date=dt.date(2026, 7, 15), location=VALUES[2], call_script="\n".join(VALUES),
    )
    assert invitations.invite(store, carla, cid) == RESIDENTS
    claimed = claims.claim_next(store, bert, cid)
    outcomes.record_outcome(store, bert, claimed, "geen_antwoord", note=VALUES[3] + " " + VALUES[6])

    for username, user in users.items():
        for spec in nav.pages_for(user.role):
            # Verantwoording: a URL in a setting (the deliberation) is a link showing its own address
            links_ok = spec.file == "compliance.py"
            pages.check(open_page(login(username), spec.file), f"{spec.file} as {user.role}", links_ok)

    # Belronde: every resident's card in turn (the outcome callback takes the next one)
    at = open_page(login("bert"), "calls.py")
    at.button(key="call_next").click().run()
    for turn in range(RESIDENTS):
        pages.check(at, f"call card {turn}")
        at.text_input(key="call_note").input(VALUES[turn])
        at.button(key="out_voicemail").click().run()

    # Onthaal: search everybody
    at = open_page(login("carla"), "checkin.py")
    at.text_input(key="ci_query").input("Gast").run()
    pages.check(at, "check-in search")
    at.button(key=next(b.key for b in at.button if str(b.key).startswith("ci_in_"))).click().run()
    pages.check(at, "check-in marked")

    # Personen: search, then open each person's dossier (details, invitations, calls)
    at = open_page(login("carla"), "people.py")
    at.text_input(key="people_query").input("Gast")
    at.button[0].click().run()  # the form's search button
    pages.check(at, "people hits")
    for person_id in at.session_state["people_hits"]:
        at.selectbox(key="people_pick").set_value(person_id).run()
        pages.check(at, f"dossier {person_id}")

    assert {f"{spec.file} as {role}" for role in ("coordinator", "beller", "beheerder", "dpo")
            for spec in nav.pages_for(role)} <= pages.visited
    assert not pages.bad, "Markdown from data:\n" + "\n".join(pages.bad)
    everything = "\n".join(pages.shown)
    missing = [value for value in [*VALUES, *HEADERS] if collapsed(value) not in everything]
    assert not missing, missing  # every hostile value was shown (as its own text) somewhere

