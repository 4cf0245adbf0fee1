"""Overzicht: turnout figures as charts and as a table. Counts only, never a name."""

import pandas as pd
import streamlit as st

from ceremony import ceremonies, stats
from ceremony.clock import be_date
from ceremony.texts import t
from ceremony.ui import answers_panel, charts, session, widgets

store, user = session.guard("dashboard.view")
st.title(t("dashboard.ui.title"), anchor=False)
st.caption(t("dashboard.ui.intro"))

rows = ceremonies.list_ceremonies(store)
if not rows:
    st.info(t("dashboard.ui.none"))
    st.stop()
labels = {None: t("dashboard.ui.all")}
labels.update({r["id"]: t("ceremonies.ui.option", name=r["name"], date=be_date(r["date"])) for r in rows})
ceremony_id = st.selectbox(t("dashboard.ui.pick"), list(labels), format_func=labels.get, key="dash_pick")
figures = stats.figures(store, user, ceremony_id)

STAGE, COUNT = t("dashboard.ui.col.stage"), t("dashboard.ui.col.count")
GROUP, PEOPLE, PRESENT, RATE = (t(f"dashboard.ui.col.{c}") for c in ("group", "people", "present", "rate"))
DAY, CALLS = t("dashboard.ui.col.day"), t("dashboard.ui.col.calls")

funnel = pd.DataFrame([{STAGE: t(f"stats.stage.{s}"), COUNT: figures.funnel[s]} for s in stats.STAGES])
phone = pd.DataFrame(
    [
        {
            GROUP: t(f"stats.group.{g}"),
            PEOPLE: figures.groups[g]["people"],
            PRESENT: figures.groups[g]["present"],
            RATE: figures.rate(g) if figures.rate(g) is not None else 0.0,
        }
        for g in stats.GROUPS
    ]
)
per_day = pd.DataFrame(
    [(be_date(day), n) for day, n in figures.calls_per_day], columns=[DAY, CALLS]
)  # days as dd/mm/jjjj, in order (the domain sorts them)

left, right = st.columns(2)
with left:
    st.header(t("dashboard.ui.funnel"), anchor=False)
    charts.draw(funnel, charts.horizontal(funnel, STAGE, COUNT))
with right:
    st.header(t("dashboard.ui.phone"), anchor=False)
    st.caption(t("dashboard.ui.phone_caption"))
    charts.draw(phone, charts.horizontal(phone, GROUP, RATE, domain=[0, 100], fmt=".0f"))

answers_panel.by_channel(store, ceremony_id)

st.header(t("dashboard.ui.calls"), anchor=False)
if per_day.empty:
    st.caption(t("dashboard.ui.calls_none"))
else:
    charts.draw(per_day, charts.per_day(per_day, DAY, CALLS))

st.header(t("dashboard.ui.table"), anchor=False)
for frame in (funnel, phone, per_day):
    if not frame.empty:
        widgets.table(frame.to_dict("records"), width="content")
