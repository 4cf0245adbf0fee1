"""Helpers for page tests with streamlit.testing.v1.AppTest."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from tests.conftest import PASSWORD, ROOT

APP = str(ROOT / "app.py")
PAGES = ROOT / "ceremony" / "ui" / "pages"


def new_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    return at.run()


def login(username: str, password: str = PASSWORD) -> AppTest:
    """A fresh browser session that logs in through the login form."""
    at = new_app()
    at.text_input(key="login_name").input(username)
    at.text_input(key="login_pw").input(password)
    at.button[0].click().run()
    return at


def open_page(at: AppTest, page_file: str) -> AppTest:
    """Go to a page directly (as typing its address would)."""
    at.switch_page(str(PAGES / page_file))
    return at.run()


def readable(markdown: str) -> str:
    """Markdown source as read on screen: backslash escapes and word joiners (`ceremony.plain`) gone."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")


def texts(at: AppTest) -> str:
    """Everything readable on the page, as one string."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "error", "warning", "info", "success"):
        parts.extend(readable(str(el.value)) for el in getattr(at, kind))
    parts.extend(str(el.value) for el in at.text)
    for df in at.dataframe:
        parts.append(df.value.to_csv())
    for table in at.table:
        parts.append(table.value.to_csv())
    return "\n".join(parts)
