"""Gebruikers: accounts, roles, e-mail for single sign-on, second factor (administrator)."""

import streamlit as st

from ceremony import auth, permissions, sessions, totp
from ceremony.clock import be_datetime, utc_iso
from ceremony.errors import CeremonyError
from ceremony.plain import plain
from ceremony.texts import t
from ceremony.ui import session, widgets
from ceremony.ui.ceremony_widgets import show_flash

store, user = session.guard("users.manage")
st.title(t("ui.users.title"), anchor=False)
show_flash("users_flash")

rows = auth.list_users(store)
enrolled = totp.enrolled_ids(store)


def status(row: dict) -> str:
    """actief, uitgeschakeld, or vergrendeld tot <moment> while a lock lasts."""
    if not row["active"]:
        return t("ui.users.status.disabled")
    if row["locked_until"] and row["locked_until"] > utc_iso():
        return t("ui.users.status.locked", until=be_datetime(row["locked_until"]))
    return t("ui.users.status.active")


widgets.table(
    [
        {
            t("ui.users.col.username"): r["username"],
            t("ui.users.col.role"): t("role." + r["role"]),
            t("signin.ui.col.email"): r["email"] or "",
            t("signin.ui.col.password"): bool(r["has_password"]),
            t("signin.ui.col.totp"): r["id"] in enrolled,
            t("ui.users.col.status"): status(r),
            t("ui.users.col.last_login_at"): be_datetime(r["last_login_at"]),
        }
        for r in rows
    ],
    tips={t("signin.ui.col.totp"): t("signin.ui.tip.totp")},
    widths={t("signin.ui.col.email"): "medium"},
)

role_labels = {role: t("role." + role) for role in permissions.ROLES}

with st.form("add_user", clear_on_submit=True):
    st.header(t("ui.users.add"), anchor=False)
    name = st.text_input(t("ui.username"), key="new_username")
    # the least privileged role by default: adding an account never makes an administrator by accident
    role = st.selectbox(t("ui.users.role"), permissions.ROLES, index=permissions.ROLES.index("beller"), format_func=role_labels.get,
                        key="new_role", help=t("forms.users.role_help"))
    email = st.text_input(t("signin.ui.email"), key="new_email")
    pw = st.text_input(t("ui.password"), type="password", key="new_password")
    if st.form_submit_button(t("ui.users.submit_add"), type="primary"):
        try:
            session.guard("users.manage")
            auth.create_user(store, user, name, role, pw, email=email)
            st.session_state["users_flash"] = t("ui.users.added", name=name.strip().lower())
            st.rerun()  # the table above shows the new account
        except CeremonyError as exc:
            session.show_error(exc)


def act(change, *args) -> None:
    """Run one account change for the chosen user and say how it went."""
    try:
        change(store, user, *args)
    except CeremonyError as exc:
        session.show_error(exc)
        return
    st.session_state["users_flash"] = t("ui.users.done")
    st.rerun()  # the table and the current role show the change


if rows:
    st.header(t("ui.users.manage"), anchor=False)
    target = st.selectbox(t("ui.users.pick"), [r["username"] for r in rows], key="manage_user")
    col1, col2, col3 = st.columns(3)
    with col1:
        # keyed per user: the field starts at the picked user's current role, so one click changes nothing
        current = next(r["role"] for r in rows if r["username"] == target)
        new_role = st.selectbox(t("forms.users.current_role", role=role_labels[current]), permissions.ROLES,
                                index=permissions.ROLES.index(current), format_func=role_labels.get,
                                key=f"manage_role_{target}_{current}")
        same = new_role == current
        if st.button(t("ui.users.set_role"), key="btn_role", disabled=same,
                     help=t("forms.users.same_role") if same else None):
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
    col4, col5 = st.columns(2)
    with col4:
        new_email = st.text_input(t("signin.ui.new_email"), key="manage_email")
        if st.button(t("signin.ui.set_email"), key="btn_email"):
            act(auth.set_email, target, new_email)
    with col5:
        if st.button(t("signin.ui.totp_reset"), key="btn_totp_reset"):
            st.session_state["totp_reset_pending"] = target
        pending = st.session_state.get("totp_reset_pending")
        if pending:
            box = st.empty()
            with box.container():
                st.warning(plain(t("signin.ui.totp_reset_confirm", name=pending)))
                yes, no = st.columns(2)
                confirmed = yes.button(t("signin.ui.totp_reset_yes"), key="btn_totp_reset_yes", type="primary")
                cancelled = no.button(t("signin.ui.totp_reset_no"), key="btn_totp_reset_no")
            if confirmed or cancelled:
                st.session_state.pop("totp_reset_pending", None)
                box.empty()
            if confirmed:
                try:
                    session.guard("users.manage")
                    totp.reset(store, user, pending)
                    st.success(plain(t("signin.ui.totp_reset_done", name=pending)))
                except CeremonyError as exc:
                    session.show_error(exc)

st.header(t("ui.sessions.title"), anchor=False)
active = sessions.list_active(store)
if not active:
    st.info(t("ui.sessions.none"))
else:
    widgets.table(
        [
            {
                t("ui.sessions.col.username"): s["username"],
                t("ui.sessions.col.method"): t("ui.sessions.method." + ("sso" if s["method"] == "sso" else "password")),
                t("ui.sessions.col.created_at"): be_datetime(s["created_at"]),
                t("ui.sessions.col.last_seen_at"): be_datetime(s["last_seen_at"]),
            }
            for s in active
        ]
    )
    labels = {
        s["id"]: f"{s['username']} · {t('ui.sessions.col.created_at').lower()} {be_datetime(s['created_at'])}"
        for s in active
    }
    chosen = st.selectbox(t("ui.sessions.pick"), list(labels), format_func=labels.get, key="end_session_pick")
    if st.button(t("ui.sessions.end"), key="btn_end_session"):
        try:
            session.guard("users.manage")
            sessions.end_by_admin(store, user, chosen)
            st.success(t("ui.sessions.ended"))
        except CeremonyError as exc:
            session.show_error(exc)
