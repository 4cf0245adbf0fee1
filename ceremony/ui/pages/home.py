"""Start page: who you are and where to go."""

import streamlit as st
from streamlit.errors import StreamlitAPIException

from ceremony.texts import t
from ceremony.ui import nav, session

store, user = session.guard_any()
st.title(t("ui.home.title", name=user.username))
st.write(t("ui.home.role", role=t("role." + user.role)))
for spec in nav.pages_for(user.role):
    if spec.file == "home.py":
        continue
    try:
        st.page_link(spec.path, label=spec.title, icon=spec.icon)
    except StreamlitAPIException:  # run outside the app's navigation (tests): plain text
        st.write(spec.title)
