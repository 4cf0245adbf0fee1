"""Instellingen: the municipality's settings (administrator).

Each setting gets the field its validator expects: a switch for yes/no, a number field
with the allowed range, a choice for the certificate window, text for the rest.
"""

import streamlit as st

from ceremony import admin
from ceremony.config import SETTINGS, Setting
from ceremony.errors import CeremonyError
from ceremony.texts import t
from ceremony.ui import mail_panel, session
from ceremony.ui.ceremony_widgets import show_flash

store, user = session.guard("settings.manage")
st.title(t("ui.settings.title"), anchor=False)
values = store.settings()  # read after the last save: a warning below never outlives its cause
if not values["postcodes"]:
    st.warning(t("ui.settings.no_postcodes"))


def _typed(setting: Setting, current):
    """The current value as its validator reads it (a value stored as text included)."""
    try:
        return setting.parse(current)
    except ValueError:
        return setting.default


def field(setting: Setting, current):
    """One form field for a setting; returns what was entered (typed, or text)."""
    key, label, parse = setting.key, setting.label, setting.parse
    if isinstance(setting.default, bool):
        return st.toggle(label, value=bool(_typed(setting, current)), key=f"set_{key}")
    if getattr(parse, "choices", None):
        choices = list(parse.choices)
        value = _typed(setting, current)
        return st.selectbox(label, choices, index=choices.index(value) if value in choices else 0,
                            format_func=lambda n: t("forms.settings.window_option", n=n), key=f"set_{key}")
    if getattr(parse, "bounds", None):
        lo, hi = parse.bounds
        value = min(max(int(_typed(setting, current)), lo), hi)
        return st.number_input(label, min_value=lo, max_value=hi, value=value, step=1, key=f"set_{key}")
    if key in ("privacy_notice", "mail_body"):
        return st.text_area(label, value=current, key=f"set_{key}", height=200)
    if isinstance(current, list):
        return st.text_input(label, value=", ".join(current), key=f"set_{key}")
    return st.text_input(label, value=current, key=f"set_{key}")


def changed(current, entered) -> bool:
    if isinstance(current, list):
        return entered != ", ".join(current)
    if isinstance(entered, (bool, int)):
        return entered != current
    return entered != str(current)


with st.form("settings"):
    entered = {key: field(setting, values[key]) for key, setting in SETTINGS.items()}
    submitted = st.form_submit_button(t("ui.settings.save"), type="primary")
show_flash("settings_flash", "settings_flash_error")  # under the button that was pressed


def save(entered: dict) -> None:
    """Save every changed field whose value is valid. Each invalid one is named with what is
    wrong and keeps what was typed, so only that field needs correcting; the messages
    show after a rerun, over the saved state."""
    saved, problems = [], []
    for key, raw in entered.items():
        if not changed(values[key], raw):
            continue
        try:
            admin.set_setting(store, user, key, raw)
            saved.append(SETTINGS[key].label)
        except CeremonyError as exc:
            problems.append(str(exc))
    if problems:
        kept = t("ui.settings.saved_others", fields=", ".join(saved)) if saved else t("ui.settings.saved_none")
        st.session_state["settings_flash_error"] = " ".join(
            [t("ui.settings.not_saved", n=len(problems)), *problems, kept])
    else:
        st.session_state["settings_flash"] = t("ui.settings.saved")
    st.rerun()


if submitted:
    save(entered)

mail_panel.letter_template(store, user)
