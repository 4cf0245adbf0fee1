"""Who is signed in, and the page guard.

The user comes from the server-side session behind the HttpOnly cookie that the sign-in
pages (ceremony.ui.server.signin) set; `st.context.cookies` is read on every run, never
`st.session_state` alone, so a Streamlit session reattached without the cookie sees
nothing. Idle expiry, the absolute lifetime and revocation (disabled account, new role,
new password, Afmelden) are decided by ceremony.sessions on every run.
"""

from __future__ import annotations

import functools
import logging
import os
import sqlite3
from urllib.parse import urlsplit

import streamlit as st

from ceremony import permissions, sessions
from ceremony.errors import CeremonyError
from ceremony.plain import plain
from ceremony.store import Store
from ceremony.texts import t
from ceremony.ui import busy, drafts, nav
from ceremony.ui.server import cookies, runtime

_log = logging.getLogger("ceremony")


@st.cache_resource(show_spinner=False)
def _open_store(data_dir: str) -> Store:
    return runtime.open_store(data_dir)


def get_store() -> Store:
    """The process-wide store; a key problem stops the page with one sentence."""
    try:
        return _open_store(runtime.data_dir_or_default(None))
    except CeremonyError as exc:
        st.error(plain(str(exc)))
        st.stop()


def session_token() -> str | None:
    """The session cookie of the browser behind this run (HttpOnly: the server set it)."""
    try:
        return st.context.cookies.get(cookies.SESSION)
    except Exception:  # no browser connection (a bare script run)
        return None


def logout(store: Store) -> None:
    """Afmelden: the session ends on the server; the page then offers to sign in again."""
    sessions.end(store, session_token())
    for key in list(st.session_state.keys()):
        del st.session_state[key]


def current_user(store: Store) -> permissions.User | None:
    """The signed-in user, or None (no cookie, expired, revoked, disabled).

    A session that ended by itself leaves what its user typed on this page in
    `drafts`; the same user signing in again on this page gets it back."""
    token = session_token()
    session = sessions.lookup(store, token)
    if session is None:
        kept = drafts.keep(sessions.timed_out_user(store, token), here())
        for key in list(st.session_state.keys()):
            del st.session_state[key]
        if kept:
            st.session_state[drafts.KEPT] = True
        return None
    drafts.restore(session.user.id, here())
    return session.user


def here() -> str:
    """The path of the page the browser shows ("/" when unknown), safe to return to."""
    try:
        return nav.safe_next(urlsplit(st.context.url or "").path)
    except Exception:  # no browser connection (a bare script run)
        return "/"


def signin_link() -> None:
    """The way back in: a link to the sign-in page that returns to this page."""
    target = "/aanmelden" + (f"?next={here()}" if here() != "/" else "")
    st.markdown(f'<a href="{target}" target="_self">{t("ui.session.signin_again")}</a>', unsafe_allow_html=True)


def signed_out() -> None:
    """What a run without a valid session shows: one sentence and the way back in."""
    st.title(t("ui.session.ended_title"), anchor=False)
    kept = st.session_state.pop(drafts.KEPT, False)
    st.info(t("ui.expiry.ended") if kept else t("ui.session.ended"))
    signin_link()


def guard(permission: str) -> tuple[Store, permissions.User]:
    """Every page starts here: the server refuses a role that lacks `permission`."""
    store = get_store()
    user = current_user(store)
    if user is None or not permissions.can(user.role, permission):
        st.error(t("auth.denied"))
        st.stop()
    return store, user


def show_error(exc: CeremonyError) -> None:
    """Show a domain error as its one Dutch sentence (it may name a value: shown as text)."""
    st.error(plain(str(exc)))


def run_safely(page) -> None:
    """Run a page under a busy sign (shown if it is slow); whatever escapes it reaches
    the user as one Dutch sentence."""
    _safely(lambda: busy.page(page.run), page.title)


def safe_callback(func):
    """Wrap a widget callback (on_click/on_change): it runs outside the page's run_safely."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        _safely(lambda: func(*args, **kwargs), func.__name__)

    return wrapper


def _safely(run, where: str) -> None:
    """Nothing of an unexpected exception is shown or logged but its type: a message could
    hold data. Tests set CEREMONY_RAISE_ERRORS=1 to see the real exception instead."""
    try:
        run()
    except CeremonyError as exc:
        show_error(exc)
    except Exception as exc:
        if os.environ.get("CEREMONY_RAISE_ERRORS"):
            raise
        _log.error("unexpected error in %r: %s", where, type(exc).__name__)
        busy = isinstance(exc, sqlite3.OperationalError)
        st.error(t("store.busy") if busy else t("store.unexpected"))


def guard_any() -> tuple[Store, permissions.User]:
    """For pages every logged-in user may open."""
    store = get_store()
    user = current_user(store)
    if user is None:
        st.error(t("auth.denied"))
        st.stop()
    return store, user
