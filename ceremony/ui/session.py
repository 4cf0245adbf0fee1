"""Login state, idle expiry and the page guard.

`st.session_state` holds only UI state: the logged-in user's id and the time of the
last action. The user is re-read from the store on every run, so a disabled account or
a changed role takes effect at once.
"""

from __future__ import annotations

import functools
import logging
import os
import sqlite3
import time

import streamlit as st

from ceremony import auth
from ceremony.errors import CeremonyError
from ceremony.startup import run_startup
from ceremony.store import Store
from ceremony.texts import t

_log = logging.getLogger("ceremony")


@st.cache_resource(show_spinner=False)
def _open_store(data_dir: str) -> Store:
    # Never create an installation here: a mistyped data directory must not give the
    # first visitor a fresh, empty app to become administrator of. `init` creates it.
    store = Store.open(data_dir)
    run_startup(store)  # once per process and data directory, not on every rerun
    return store


def get_store() -> Store:
    """The process-wide store; a key problem stops the page with one sentence."""
    data_dir = os.environ.get("CEREMONY_DATA_DIR") or "data"
    try:
        return _open_store(data_dir)
    except CeremonyError as exc:
        st.error(str(exc))
        st.stop()


def login(user: auth.User) -> None:
    st.session_state["user_id"] = user.id
    st.session_state["last_seen"] = time.monotonic()


def logout() -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]


def current_user(store: Store) -> auth.User | None:
    """The logged-in user, or None; an idle session expires and says so."""
    user_id = st.session_state.get("user_id")
    if user_id is None:
        return None
    timeout = store.setting("session_timeout_minutes") * 60
    now = time.monotonic()
    if now - st.session_state.get("last_seen", now) > timeout:
        logout()
        st.session_state["flash"] = t("auth.expired")
        return None
    user = auth.current(store, user_id)
    if user is None:
        logout()
        return None
    st.session_state["last_seen"] = now
    return user


def guard(permission: str) -> tuple[Store, auth.User]:
    """Every page starts here: the server refuses a role that lacks `permission`."""
    store = get_store()
    user = current_user(store)
    if user is None or not auth.can(user.role, permission):
        st.error(t("auth.denied"))
        st.stop()
    return store, user


def show_error(exc: CeremonyError) -> None:
    """Show a domain error as its one Dutch sentence."""
    st.error(str(exc))


def run_safely(page) -> None:
    """Run a page; whatever escapes it reaches the user as one Dutch sentence."""
    _safely(page.run, page.title)


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
        st.error(t("store.busy") if busy else t("generic.unexpected"))


def guard_any() -> tuple[Store, auth.User]:
    """For pages every logged-in user may open."""
    store = get_store()
    user = current_user(store)
    if user is None:
        st.error(t("auth.denied"))
        st.stop()
    return store, user
