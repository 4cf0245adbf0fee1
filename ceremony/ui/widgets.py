"""Pieces shared by pages: sidebar, reminders, tables."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ceremony import permissions, transport
from ceremony.plain import plain
from ceremony.texts import decimal, number, t
from ceremony.ui import session


def sidebar(store, user: permissions.User) -> None:
    """Who is logged in, and the logout button."""
    with st.sidebar:
        municipality = store.setting("municipality")
        if municipality:
            st.caption(plain(municipality))
        st.write(f"**{plain(user.username)}** · {t('role.' + user.role)}")
        if st.button(t("ui.logout"), key="logout", icon=":material/logout:"):
            session.logout(store)
            st.rerun()


def reminders(store, user: permissions.User) -> None:
    """Until a delivery's transport copy is confirmed deleted, remind on every page."""
    if permissions.can(user.role, "transport.confirm"):
        waiting = transport.pending(store)
        if waiting:
            ids = ", ".join(f"#{i}" for i in waiting)
            st.warning(t("transport.reminder", n=len(waiting), ids=ids), icon=":material/delete:")


def table(rows: list[dict], *, tips: dict[str, str] | None = None, widths: dict[str, str | int] | None = None,
          key: str | None = None, **options):
    """Data as a table that fits the page: values as text (never Markdown), whole numbers
    and fractions in the Flemish form ("20.954", "39,9") aligned right, yes/no as ticks.

    Headers are kept short so every column shows at 1366 px; `tips` gives a header its
    full meaning as a tooltip, `widths` caps a column of long values ("medium": an e-mail
    address ends in "..." rather than push columns out of view). `options` go to
    `st.dataframe` (a selection, a width).
    """
    frame = pd.DataFrame(rows)
    config = {}
    for name in frame.columns:
        column = frame[name]
        tip, width = (tips or {}).get(name), (widths or {}).get(name)
        if pd.api.types.is_bool_dtype(column):
            config[name] = st.column_config.CheckboxColumn(help=tip)
        elif pd.api.types.is_integer_dtype(column):
            frame[name] = column.map(number)
            config[name] = st.column_config.TextColumn(help=tip, alignment="right")
        elif pd.api.types.is_float_dtype(column):
            frame[name] = column.map(lambda x: "" if pd.isna(x) else decimal(x))
            config[name] = st.column_config.TextColumn(help=tip, alignment="right")
        else:
            config[name] = st.column_config.TextColumn(help=tip, width=width)
    options.setdefault("width", "stretch")
    return st.dataframe(frame, hide_index=True, column_config=config, key=key, **options)
