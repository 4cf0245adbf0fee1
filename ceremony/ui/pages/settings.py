"""Instellingen: the municipality's settings (administrator)."""

import streamlit as st

from ceremony import admin
from ceremony.config import SETTINGS
from ceremony.errors import CeremonyError
from ceremony.texts import t
from ceremony.ui import mail_panel, session

store, user = session.guard("settings.manage")
st.title(t("ui.settings.title"), anchor=False)
values = store.settings()
if not values["postcodes"]:
    st.warning(t("ui.settings.no_postcodes"))

with st.form("settings"):
    entered = {}
    for key, setting in SETTINGS.items():
        current = values[key]
        if isinstance(setting.default, int):
            entered[key] = st.text_input(setting.label, value=str(current), key=f"set_{key}")
        elif key in ("privacy_notice", "mail_body"):
            entered[key] = st.text_area(setting.label, value=current, key=f"set_{key}", height=200)
        elif isinstance(current, list):
            entered[key] = st.text_input(setting.label, value=", ".join(current), key=f"set_{key}")
        else:
            entered[key] = st.text_input(setting.label, value=current, key=f"set_{key}")
    submitted = st.form_submit_button(t("ui.settings.save"), type="primary")

if submitted:
    try:
        with store.write():  # all or nothing: one wrong value saves none of the form
            for key, raw in entered.items():
                shown = ", ".join(values[key]) if isinstance(values[key], list) else str(values[key])
                if raw != shown:
                    admin.set_setting(store, user, key, raw)
        st.success(t("ui.settings.saved"))
    except CeremonyError as exc:
        session.show_error(exc)

mail_panel.letter_template(store, user)
