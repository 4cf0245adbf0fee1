"""Start page: who you are, what needs doing, and where to go (counts only, no personal data)."""

import streamlit as st
from streamlit.errors import StreamlitAPIException

from ceremony import admin, ceremonies, invitations, permissions
from ceremony.clock import be_date
from ceremony.compliance.register import unfilled
from ceremony.config import SETTINGS
from ceremony.phone_round import queue
from ceremony.plain import plain
from ceremony.texts import number, t
from ceremony.ui import nav, session

store, user = session.guard_any()
st.title(plain(t("ui.home.title", name=user.username)), anchor=False)
st.write(t("ui.home.role", role=t("role." + user.role)))


def link(file: str) -> None:
    spec = next(p for p in nav.PAGES if p.file == file)
    try:
        st.page_link(spec.path, label=spec.title, icon=spec.icon)
    except StreamlitAPIException:  # run outside the app's navigation (tests): plain text
        st.write(spec.title)


# list_ceremonies puts the next upcoming ceremony first, then past ones
rows = ceremonies.list_ceremonies(store)
next_ceremony = rows[0] if rows else None


def next_step() -> None:
    """On an empty installation: the one thing to do next, with a link to it."""
    status = admin.status(store)
    if not status["deliveries_total"] and permissions.can(user.role, "intake.import"):
        st.info(t("views.home.step.intake"), icon=":material/arrow_forward:")
        link("intake.py")
    elif not rows and permissions.can(user.role, "ceremonies.manage"):
        st.info(t("views.home.step.ceremony"), icon=":material/arrow_forward:")
        link("ceremonies.py")
    elif not rows:
        st.info(t("views.home.step.wait"), icon=":material/event:")


next_step()

if next_ceremony and permissions.can(user.role, "calls.make"):
    waiting = queue.queue_size(store, user, next_ceremony["id"])
    st.info(plain(t("ui.home.calls", n=waiting, name=next_ceremony["name"])))
    link("calls.py")

if next_ceremony and (permissions.can(user.role, "ceremonies.manage") or permissions.can(user.role, "dashboard.view")):
    counts = invitations.live_counts(store, next_ceremony["id"])
    st.header(plain(t("ui.home.ceremony", name=next_ceremony["name"], date=be_date(next_ceremony["date"]),
                         time=next_ceremony["time"] or "")), anchor=False)
    cols = st.columns(4)
    for col, key in zip(cols, ("invited", "reached", "confirmed", "present"), strict=True):
        col.metric(t(f"ui.home.count.{key}"), number(counts[key]))

if permissions.can(user.role, "retention.view") or permissions.can(user.role, "compliance.view"):
    status = admin.status(store)
    when = be_date(status["next_purge"]) if status["next_purge"] else t("ui.home.no_purge")
    st.caption(t("ui.home.stored", people=t("views.n.people", n=status["people"]),
                         deliveries=t("views.n.deliveries", n=status["deliveries"]), next=when))

if permissions.can(user.role, "settings.manage"):
    missing = unfilled(store.settings())
    if missing:
        st.warning(t("ui.home.settings_missing", keys=", ".join(SETTINGS[key].label for key in missing)))
        link("settings.py")

st.divider()
for spec in nav.pages_for(user.role):
    if spec.file != "home.py":
        link(spec.file)
