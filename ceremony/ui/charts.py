"""The Overzicht charts as plain Vega-Lite specifications (dicts), drawn by `st.vega_lite_chart`.

Built as dicts rather than Altair objects: Altair checks every chart against the whole
Vega-Lite JSON schema and copies it while layering, about 20 ms of each Overzicht run
(a third of it). The specs are checked against that same schema once, in the tests
(`tests/test_ui_views.py`). Counts only: the data is the page's small frames of figures.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

BAR = 34  # px per bar: a few bars stay bars, never one block over the whole width
FEW_DAYS = 8  # up to this many days, each day gets a fixed width (fits a phone)
INK = "#31333f"  # Streamlit's text colour: 12:1 on white (its grey chart labels had 3.7:1, under 4.5:1)
BAR_COLOUR = "#1f5f8b"
AXIS = {"labelLimit": 0, "labelFontSize": 13, "titleFontSize": 13,  # labels never cut off
        "labelColor": INK, "titleColor": INK}
# numbers as written in Flanders, as in the page's tables (`texts.number`): 20.954 and 12,5;
# a format with "," groups thousands (with this locale's dot)
LOCALE = {"number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]}}
COUNT = ",d"


def _tips(frame: pd.DataFrame) -> list[dict]:
    """Tooltips by field name (names hold spaces and brackets, so no shorthand); figures in
    the Flemish form: counts 20.954, fractions 12,5 (as the tables below the charts)."""
    tips = []
    for name in frame.columns:
        kind = frame[name].dtype.kind
        if kind in "iu":
            tips.append({"field": name, "type": "quantitative", "format": COUNT})
        elif kind == "f":
            tips.append({"field": name, "type": "quantitative", "format": ",.1f"})
        else:
            tips.append({"field": name})
    return tips


def horizontal(frame: pd.DataFrame, label: str, value: str, domain=None, fmt: str = COUNT) -> dict:
    """Horizontal bars with the whole label left of each bar and its value at its end."""
    x = {"field": value, "type": "quantitative", "axis": {"format": fmt, "tickMinStep": 1, **AXIS}}
    if domain:
        x["scale"] = {"domain": list(domain)}
    encoding = {
        "x": x,
        "y": {"field": label, "type": "nominal", "sort": list(frame[label]), "title": None, "axis": dict(AXIS)},
        "tooltip": _tips(frame),
    }
    return {
        "layer": [
            {"mark": {"type": "bar", "color": BAR_COLOUR}, "encoding": encoding},
            {"mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 13, "color": INK},
             "encoding": {**encoding, "text": {"field": value, "format": fmt}}},
        ],
        "height": {"step": BAR},
        "config": {"locale": LOCALE},
    }


def per_day(frame: pd.DataFrame, day: str, count: str) -> dict:
    """Vertical bars per day in the frame's order; up to `FEW_DAYS` days each get a fixed
    width (a step per day, drawn at its own width by `draw`), more days share the page's width."""
    spec = {
        "mark": {"type": "bar", "color": BAR_COLOUR, "size": BAR - 8},
        "encoding": {
            "x": {"field": day, "type": "ordinal", "sort": list(frame[day]),
                  "axis": {"labelAngle": -45 if len(frame) > 6 else 0, **AXIS}},
            "y": {"field": count, "type": "quantitative", "axis": {"format": COUNT, "tickMinStep": 1, **AXIS}},
            "tooltip": _tips(frame[[day, count]]),
        },
        "height": 240,
        "config": {"locale": LOCALE},
    }
    if len(frame) <= FEW_DAYS:
        spec["width"] = {"step": 80}
    return spec


def draw(frame: pd.DataFrame, spec: dict) -> None:
    """Draw one chart of the frame's figures: at its own width when its spec gives a width
    per step (a few days), else across the page."""
    st.vega_lite_chart(frame, spec, width="content" if "width" in spec else "stretch")
