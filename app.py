"""Entry point: store, who is signed in (server-side session), navigation. Nothing else.

Served by `python -m ceremony serve` (ceremony.ui.server), whose sign-in pages set the
session cookie; without a valid session this script shows only the way back in.
"""

import streamlit as st

from ceremony.texts import t
from ceremony.ui import expiry, nav, session, widgets

# an emoji icon: the browser draws it from a data: URL (a :material/...: icon would be
# fetched from Google's font host, and nothing we serve may point outside the app)
st.set_page_config(page_title=t("nav.app_title"), page_icon="🎉", layout="wide")

store = session.get_store()
user = session.current_user(store)

if user is None:
    page = st.navigation([st.Page(session.signed_out, title=t("nav.signed_out"), url_path="afgemeld")], position="hidden")
else:
    sections: dict[str, list] = {}
    for spec in nav.pages_for(user.role):
        sections.setdefault(spec.section, []).append(st.Page(spec.path, title=spec.title, icon=spec.icon, url_path=spec.slug))
    # the other pages stay known but out of the menu: their address shows the page's own
    # "no access" (its guard refuses the role), not Streamlit's "page does not exist"
    first = next(iter(sections.values()))
    first += [st.Page(spec.path, title=spec.title, icon=spec.icon, visibility="hidden",
                      url_path=spec.slug)
              for spec in nav.PAGES if spec not in nav.pages_for(user.role)]
    page = st.navigation(sections)
    session.safe_callback(widgets.sidebar)(store, user)
    if not nav.is_desk(page.url_path):  # Belronde and Onthaal keep their first action above the fold
        session.safe_callback(widgets.reminders)(store, user)
    session.safe_callback(expiry.watch)()
session.run_safely(page)
