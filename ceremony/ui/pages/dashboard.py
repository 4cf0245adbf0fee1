"""Overzicht: turnout figures as charts and as a table. Counts only, never a name."""

import altair as alt
import pandas as pd
import streamlit as st

from ceremony import ceremonies, stats
from ceremony.clock import be_date
from ceremony.texts import t
from ceremony.ui import session

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
per_day = pd.DataFrame(figures.calls_per_day, columns=[DAY, CALLS])


def tips(*fields: str) -> list:
    """Tooltips by field name (names hold spaces and brackets, so no shorthand)."""
    return [alt.Tooltip(field=name) for name in fields]


left, right = st.columns(2)
with left:
    st.subheader(t("dashboard.ui.funnel"), anchor=False)
    st.altair_chart(
        alt.Chart(funnel).mark_bar().encode(
            x=alt.X(field=COUNT, type="quantitative"),
            y=alt.Y(field=STAGE, type="nominal", sort=list(funnel[STAGE])),
            tooltip=tips(STAGE, COUNT),
        ),
        width="stretch",
    )
with right:
    st.subheader(t("dashboard.ui.phone"), anchor=False)
    st.caption(t("dashboard.ui.phone_caption"))
    st.altair_chart(
        alt.Chart(phone).mark_bar().encode(
            x=alt.X(field=GROUP, type="nominal", sort=list(phone[GROUP])),
            y=alt.Y(field=RATE, type="quantitative", scale=alt.Scale(domain=[0, 100])),
            tooltip=tips(GROUP, PEOPLE, PRESENT, RATE),
        ),
        width="stretch",
    )

st.subheader(t("dashboard.ui.calls"), anchor=False)
if per_day.empty:
    st.caption(t("dashboard.ui.calls_none"))
else:
    st.altair_chart(
        alt.Chart(per_day).mark_bar().encode(
            x=alt.X(field=DAY, type="ordinal"), y=alt.Y(field=CALLS, type="quantitative"), tooltip=tips(DAY, CALLS)
        ),
        width="stretch",
    )

st.subheader(t("dashboard.ui.table"), anchor=False)
a, b, c = st.columns(3)
a.dataframe(funnel, hide_index=True)
b.dataframe(phone, hide_index=True)
c.dataframe(
    per_day.assign(**{DAY: per_day[DAY].map(be_date)}) if not per_day.empty else per_day, hide_index=True
)
