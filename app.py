"""Entry point: store and start-up purge, login gate, navigation. Nothing else."""

import streamlit as st

from ceremony.ui import login_page, nav, session, widgets

st.set_page_config(page_title="Ceremonie", page_icon=":material/celebration:", layout="wide")

store = session.get_store()
user = session.current_user(store)

if user is None:
    page = st.navigation([st.Page(login_page.render, title="Aanmelden", url_path="aanmelden")], position="hidden")
else:
    sections: dict[str, list] = {}
    for spec in nav.pages_for(user.role):
        sections.setdefault(spec.section, []).append(st.Page(spec.path, title=spec.title, icon=spec.icon))
    page = st.navigation(sections)
    session.safe_callback(widgets.sidebar)(store, user)
    session.safe_callback(widgets.reminders)(store, user)
session.run_safely(page)
