"""Gebruikers: accounts and roles (administrator)."""

import pandas as pd
import streamlit as st

from ceremony import auth
from ceremony.clock import be_datetime
from ceremony.errors import CeremonyError
from ceremony.plain import plain
from ceremony.texts import t
from ceremony.ui import session

store, user = session.guard("users.manage")
st.title(t("ui.users.title"), anchor=False)

rows = auth.list_users(store)
table = pd.DataFrame(
    [
        {
            t("ui.users.col.username"): r["username"],
            t("ui.users.col.role"): t("role." + r["role"]),
            t("ui.users.col.active"): bool(r["active"]),
            t("ui.users.col.locked_until"): be_datetime(r["locked_until"]),
            t("ui.users.col.last_login_at"): be_datetime(r["last_login_at"]),
        }
        for r in rows
    ]
)
st.dataframe(table, hide_index=True, width="stretch")

role_labels = {role: t("role." + role) for role in auth.ROLES}

with st.form("add_user", clear_on_submit=True):
    st.subheader(t("ui.users.add"), anchor=False)
    name = st.text_input(t("ui.username"), key="new_username")
    role = st.selectbox(t("ui.users.role"), auth.ROLES, format_func=role_labels.get, key="new_role")
    pw = st.text_input(t("ui.password"), type="password", key="new_password")
    if st.form_submit_button(t("ui.users.submit_add"), type="primary"):
        try:
            session.guard("users.manage")
            auth.create_user(store, user, name, role, pw)
            st.success(plain(t("ui.users.added", name=name.strip().lower())))
        except CeremonyError as exc:
            session.show_error(exc)

def act(change, *args) -> None:
    """Run one account change for the chosen user and say how it went."""
    try:
        change(store, user, *args)
        st.success(t("ui.users.done"))
    except CeremonyError as exc:
        session.show_error(exc)


if rows:
    st.subheader(t("ui.users.manage"), anchor=False)
    target = st.selectbox(t("ui.users.pick"), [r["username"] for r in rows], key="manage_user")
    col1, col2, col3 = st.columns(3)
    with col1:
        new_role = st.selectbox(t("ui.users.new_role"), auth.ROLES, format_func=role_labels.get, key="manage_role")
        if st.button(t("ui.users.set_role"), key="btn_role"):
            act(auth.set_role, target, new_role)
    with col2:
        if st.button(t("ui.users.disable"), key="btn_disable"):
            act(auth.set_active, target, False)
        if st.button(t("ui.users.enable"), key="btn_enable"):
            act(auth.set_active, target, True)
    with col3:
        new_pw = st.text_input(t("ui.users.new_password"), type="password", key="manage_pw")
        if st.button(t("ui.users.reset"), key="btn_reset"):
            act(auth.reset_password, target, new_pw)
