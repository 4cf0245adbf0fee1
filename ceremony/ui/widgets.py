"""Pieces shared by pages: sidebar, reminders, tables."""

from __future__ import annotations

import streamlit as st

from ceremony import auth, transport
from ceremony.plain import plain
from ceremony.texts import t
from ceremony.ui import session


def sidebar(store, user: auth.User) -> None:
    """Who is logged in, and the logout button."""
    with st.sidebar:
        municipality = store.setting("municipality")
        if municipality:
            st.caption(plain(municipality))
        st.write(f"**{plain(user.username)}** · {t('role.' + user.role)}")
        if st.button(t("ui.logout"), key="logout", icon=":material/logout:"):
            session.logout(store)
            st.rerun()


def reminders(store, user: auth.User) -> None:
    """Until a delivery's transport copy is confirmed deleted, remind on every page."""
    if auth.can(user.role, "transport.confirm"):
        waiting = transport.pending(store)
        if waiting:
            ids = ", ".join(f"#{i}" for i in waiting)
            st.warning(t("transport.reminder", n=len(waiting), ids=ids), icon=":material/delete:")
