"""Pieces shared by the ceremony pages (ceremonies, phone round, check-in, dashboard)."""

from __future__ import annotations

import streamlit as st

from ceremony import ceremonies
from ceremony.clock import be_date
from ceremony.plain import plain
from ceremony.texts import t


def pick_ceremony(store, key: str, empty_text: str) -> int:
    """A ceremony selectbox (next upcoming first); stops the page when there is none.

    A page can preselect a ceremony for the next run with `st.session_state[key + "_next"]`.
    """
    rows = ceremonies.list_ceremonies(store)
    if not rows:
        st.info(empty_text)
        st.stop()
    labels = {r["id"]: t("ceremonies.ui.option", name=r["name"], date=be_date(r["date"])) for r in rows}
    wanted = st.session_state.pop(key + "_next", None)
    if wanted is None and st.session_state.get(key + "_labels") != labels:
        # a ceremony was renamed or moved: the browser keeps showing the old label of the
        # chosen option unless the value is sent again (a stale date after a correction)
        wanted = st.session_state.get(key)
    st.session_state[key + "_labels"] = labels
    if wanted in labels:
        st.session_state[key] = wanted
    return st.selectbox(t("ceremonies.ui.pick"), list(labels), format_func=labels.get, key=key)


def show_flash(*keys: str) -> None:
    """Show (once) messages that callbacks or an earlier run left in the session (as text:
    a domain message can hold a user name)."""
    for key in keys:
        message = st.session_state.pop(key, None)
        if message:
            (st.error if key.endswith("error") else st.success)(plain(message))


def seen_views() -> set[str]:
    """This session's memo of recorded list views (short hashes only; `ceremonies.audit_view`)."""
    return st.session_state.setdefault("ceremony_views", set())
