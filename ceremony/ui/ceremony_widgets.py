"""Pieces shared by the ceremony pages (ceremonies, phone round, check-in, dashboard)."""

from __future__ import annotations

import streamlit as st

from ceremony import ceremonies
from ceremony.clock import be_date
from ceremony.plain import plain
from ceremony.texts import number, t


def pick_ceremony(store, key: str, empty_text: str) -> int:
    """A ceremony selectbox (next upcoming first); stops the page when there is none.

    A page can preselect a ceremony for the next run with `st.session_state[key + "_next"]`.
    """
    rows = ceremonies.list_ceremonies(store)
    if not rows:
        st.info(empty_text)
        st.stop()
    labels = {r["id"]: t("ceremonies.ui.option", name=r["name"], date=be_date(r["date"])) for r in rows}
    wanted = st.session_state.pop(key + "_next", None)
    if wanted is None and st.session_state.get(key + "_labels") != labels:
        # a ceremony was renamed or moved: the browser keeps showing the old label of the
        # chosen option unless the value is sent again (a stale date after a correction)
        wanted = st.session_state.get(key)
    st.session_state[key + "_labels"] = labels
    if wanted in labels:
        st.session_state[key] = wanted
    return st.selectbox(t("ceremonies.ui.pick"), list(labels), format_func=labels.get, key=key)


def show_flash(*keys: str) -> None:
    """Show (once) messages that callbacks or an earlier run left in the session (as text:
    a domain message can hold a user name)."""
    for key in keys:
        message = st.session_state.pop(key, None)
        if message:
            (st.error if key.endswith("error") else st.success)(plain(message))


def seen_views() -> set[str]:
    """This session's memo of recorded list views (short hashes only; `ceremonies.audit_view`)."""
    return st.session_state.setdefault("ceremony_views", set())


def pager(key: str, page, size: int) -> None:
    """Where a page of a long list is ("1–50 van 11.669") with "Vorige" and "Volgende".

    `st.session_state[key]` holds the offset of the first row; the buttons are ordinary
    buttons (Tab reaches them, Enter or Space turns the page) and are switched off at
    either end instead of disappearing, so the focus keeps its place while paging.
    """
    if not page.total:
        return
    first, last = page.offset + 1, page.offset + len(page)
    with st.container(horizontal=True, vertical_alignment="center", key=f"{key}_pager"):
        st.markdown(t("pages.range", first=number(first), last=number(last), total=number(page.total)),
                    width="content")
        if page.total > size:  # the two buttons wrap as one (on a phone: below the range)
            with st.container(horizontal=True, gap="small", width="content"):
                st.button(t("pages.previous"), key=f"{key}_prev", icon=":material/chevron_left:",
                          disabled=page.offset == 0, on_click=_turn, args=(key, page.offset - size),
                          help=t("pages.previous_help", n=size))
                st.button(t("pages.next"), key=f"{key}_next", icon=":material/chevron_right:",
                          icon_position="right", disabled=last >= page.total, on_click=_turn,
                          args=(key, page.offset + size), help=t("pages.next_help", n=size))


def _turn(key: str, offset: int) -> None:
    st.session_state[key] = max(0, offset)
