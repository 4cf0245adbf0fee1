"""Taking in the answers from the public answer page when Ceremonies or Belronde opens.

Streamlit reruns a page on every click, so the sync runs when the page is opened in this
browser session (another page was shown before) and at most once a minute while it stays
open. A failing sync is logged and never stops the page (`sync.run_quietly`). The answers
are recorded as the answer page's (actor `system:answers`), not as the staff member's who
happened to open the page.
"""

from __future__ import annotations

import time

import streamlit as st

from ceremony.answers import sync

MIN_INTERVAL_S = 60


ACTOR = "system:answers"


def on_open(store, page: str) -> None:
    """Sync when `page` opens in this session, or when the last sync is a minute old."""
    last_page, last_at = st.session_state.get("answers_synced", ("", 0.0))
    now = time.monotonic()
    if last_page == page and now - last_at < MIN_INTERVAL_S:
        return
    st.session_state["answers_synced"] = (page, now)
    sync.run_quietly(store, ACTOR)
