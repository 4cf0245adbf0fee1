"""Overzicht: turnout figures as charts and as a table. Counts only, never a name."""

import altair as alt
import pandas as pd
import streamlit as st

from ceremony import ceremonies, stats
from ceremony.clock import be_date
from ceremony.texts import t
from ceremony.ui import answers_panel, session, widgets

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

BAR = 34  # px per bar: a few bars stay bars, never one block over the whole width
FEW_DAYS = 8  # up to this many days, each day gets a fixed width (fits a phone)
INK = "#31333f"  # Streamlit's text colour: 12:1 on white (its grey chart labels had 3.7:1, under 4.5:1)
AXIS = {"labelLimit": 0, "labelFontSize": 13, "titleFontSize": 13,  # labels never cut off
        "labelColor": INK, "titleColor": INK}


def tips(*fields: str) -> list:
    """Tooltips by field name (names hold spaces and brackets, so no shorthand)."""
    return [alt.Tooltip(field=name) for name in fields]


def horizontal(frame: pd.DataFrame, label: str, value: str, domain=None, fmt: str = "d") -> alt.Chart:
    """Horizontal bars with the whole label left of each bar and its value at its end."""
    x = alt.X(field=value, type="quantitative", axis=alt.Axis(format=fmt, tickMinStep=1, **AXIS),
              scale=alt.Scale(domain=domain) if domain else alt.Undefined)
    y = alt.Y(field=label, type="nominal", sort=list(frame[label]), title=None, axis=alt.Axis(**AXIS))
    base = alt.Chart(frame).encode(x=x, y=y, tooltip=tips(*frame.columns))
    bars = base.mark_bar(color="#1f5f8b")
    values = base.mark_text(align="left", dx=4, fontSize=13, color=INK).encode(text=alt.Text(field=value, format=fmt))
    return (bars + values).properties(height=alt.Step(BAR))


left, right = st.columns(2)
with left:
    st.header(t("dashboard.ui.funnel"), anchor=False)
    st.altair_chart(horizontal(funnel, STAGE, COUNT), width="stretch")
with right:
    st.header(t("dashboard.ui.phone"), anchor=False)
    st.caption(t("dashboard.ui.phone_caption"))
    st.altair_chart(horizontal(phone, GROUP, RATE, domain=[0, 100], fmt=".0f"), width="stretch")

answers_panel.by_channel(store, ceremony_id)

st.header(t("dashboard.ui.calls"), anchor=False)
if per_day.empty:
    st.caption(t("dashboard.ui.calls_none"))
else:
    st.altair_chart(
        alt.Chart(per_day)
        .mark_bar(color="#1f5f8b", size=BAR - 8)
        .encode(
            x=alt.X(field=DAY, type="ordinal", sort=list(per_day[DAY]),
                    axis=alt.Axis(labelAngle=-45 if len(per_day) > 6 else 0, **AXIS)),
            y=alt.Y(field=CALLS, type="quantitative", axis=alt.Axis(format="d", tickMinStep=1, **AXIS)),
            tooltip=tips(DAY, CALLS),
        )
        .properties(width=alt.Step(80) if len(per_day) <= FEW_DAYS else alt.Undefined, height=240),
        width="content" if len(per_day) <= FEW_DAYS else "stretch",
    )

st.header(t("dashboard.ui.table"), anchor=False)
for frame in (funnel, phone, per_day):
    if not frame.empty:
        widgets.table(frame.to_dict("records"), width="content")
