"""The session's end, announced before it comes.

A small part of every signed-in page (`watch`) reruns by itself every `CHECK_SECONDS`
without touching the session (only a user's own action counts as activity). From
`WARN_SECONDS` before the idle expiry it shows a Dutch warning (an alert: screen readers
announce it) with a button that keeps the session (it counts as activity). When the
absolute lifetime comes first there is nothing to extend: the warning says so. Once the
session has ended it says that what was typed is kept (`drafts`) and gives the way
back in to this page.
"""

from __future__ import annotations

import streamlit as st

from ceremony import sessions
from ceremony.clock import now_utc
from ceremony.texts import t
from ceremony.ui import drafts, session

WARN_SECONDS = 60
CHECK_SECONDS = 15


def watch() -> None:
    """Call once per signed-in page run, before the page: say a draft came back, then watch."""
    if st.session_state.pop(drafts.FLAG, False):
        st.info(t("ui.drafts.restored"), icon=":material/restore:")
    _notice()


@st.fragment(run_every=CHECK_SECONDS)
def _notice() -> None:
    store = session.get_store()
    token = session.session_token()
    current = sessions.lookup(store, token, touch=False)
    if current is None:
        timed_out = sessions.timed_out_user(store, token)
        drafts.keep(timed_out, session.here())
        ended = t("ui.expiry.ended") if timed_out is not None else t("ui.session.ended")
        st.warning(ended, icon=":material/timer_off:")
        session.signin_link()
        return
    ends, extendable = sessions.deadline(store, current)
    left = int((ends - now_utc()).total_seconds())
    if left > WARN_SECONDS:
        return
    if not extendable:
        st.warning(t("ui.expiry.final", seconds=max(left, 0)), icon=":material/timer:")
        return
    st.warning(t("ui.expiry.soon", seconds=max(left, 0)), icon=":material/timer:")
    st.button(
        t("ui.expiry.stay"),
        key="expiry_stay",
        type="primary",
        on_click=session.safe_callback(_stay),
    )


def _stay() -> None:
    """The session counts as used now (a lookup that touches it); the rerun that follows
    the click draws the page without the warning."""
    sessions.lookup(session.get_store(), session.session_token())
