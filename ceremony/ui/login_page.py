"""Login, and the first-run form that creates the first administrator."""

from __future__ import annotations

import streamlit as st

from ceremony import auth
from ceremony.errors import CeremonyError
from ceremony.texts import t
from ceremony.ui import session


def render() -> None:
    store = session.get_store()
    flash = st.session_state.pop("flash", None)
    if flash:
        st.warning(flash)
    if auth.user_count(store) == 0:
        _first_run(store)
    else:
        _login(store)


def _first_run(store) -> None:
    st.title(t("ui.first_run.title"))
    st.write(t("ui.first_run.intro"))
    with st.form("first_run"):
        name = st.text_input(t("ui.username"), key="first_name")
        pw = st.text_input(t("ui.password"), type="password", key="first_pw")
        pw2 = st.text_input(t("ui.password_again"), type="password", key="first_pw2")
        submitted = st.form_submit_button(t("ui.first_run.submit"), type="primary")
    if submitted:
        if pw != pw2:
            st.error(t("ui.password_mismatch"))
            return
        try:
            user = auth.create_first_admin(store, name, pw)
        except CeremonyError as exc:
            session.show_error(exc)
            return
        session.login(user)
        st.rerun()


def _login(store) -> None:
    st.title(t("ui.login.title"))
    with st.form("login"):
        name = st.text_input(t("ui.username"), key="login_name")
        pw = st.text_input(t("ui.password"), type="password", key="login_pw")
        submitted = st.form_submit_button(t("ui.login.submit"), type="primary")
    if submitted:
        try:
            user = auth.authenticate(store, name, pw)
        except CeremonyError as exc:
            session.show_error(exc)
            return
        session.login(user)
        st.rerun()
