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


TOKEN_KEY = "_apptest_session_cookie"


def sign_in_token(username: str, password: str = PASSWORD) -> str:
    """What the sign-in pages do for a password (second factor passed): a session token."""
    from ceremony import sessions, signing_in
    from ceremony.ui.server import runtime

    store = runtime.open_store(None)
    user = signing_in.authenticate(store, username, password)
    signing_in.complete_sign_in(store, user, "password")
    return sessions.create(store, user)


def with_cookie(at: AppTest, token: str | None) -> AppTest:
    """AppTest cannot send cookies: the `apptest_cookie` fixture (conftest, autouse) makes
    the page read this one instead of st.context.cookies."""
    at.session_state[TOKEN_KEY] = token
    return at


def login(username: str, password: str = PASSWORD) -> AppTest:
    """A fresh browser session, signed in as `username` (as the sign-in pages would)."""
    at = AppTest.from_file(APP, default_timeout=60)
    with_cookie(at, sign_in_token(username, password))
    return at.run()


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
