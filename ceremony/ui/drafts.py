"""What a user typed survives the expiry of their session, in process memory only.

When a session ends by itself (idle or over age: `sessions.timed_out_user`), the text a
user had typed into the page's keyed widgets (committed values: a form counts once it
is submitted) is kept here, keyed by that user's id and the page's address. When the
same user signs in again and lands on the same page, the values go back into the new
Streamlit session's state before the page draws its widgets, once. Never on disk, never
for another user or page, forgotten after `KEEP_MINUTES`, never a password field.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import dataclass

import streamlit as st
from streamlit.elements.widgets.text_widgets import TextAreaSerde, TextInputSerde
from streamlit.errors import StreamlitAPIException
from streamlit.runtime.state import get_session_state

from ceremony.clock import now_utc

KEEP_MINUTES = 30
# widget keys that may hold a secret are never kept
_SECRET = re.compile(r"pass|pw|wachtwoord|secret|token|totp|code", re.IGNORECASE)
TEXT_FIELDS = (TextInputSerde, TextAreaSerde)
FLAG = "_draft_restored"  # this run put a draft back: the page says so
KEPT = "_draft_kept"  # this run kept a draft: the signed-out page says so


@dataclass
class _Draft:
    saved_at: dt.datetime
    values: dict[str, str]


_drafts: dict[tuple[int, str], _Draft] = {}
_lock = threading.Lock()


def _typed_values() -> dict[str, str]:
    """The non-empty text of this Streamlit session's keyed text fields (text_input,
    text_area; never a choice, button or upload, never a key that may hold a secret)."""
    try:  # Streamlit's own widget registry: which keys belong to a text field
        state = get_session_state()._state
        ids = state._key_id_mapper.id_key_mapping
        metadata = state._new_widget_state.widget_metadata
    except AttributeError:
        return {}
    values = {}
    for widget_id, key in ids.items():
        serde = getattr(getattr(metadata.get(widget_id), "deserializer", None), "__self__", None)
        if not isinstance(serde, TEXT_FIELDS) or key.startswith("_") or _SECRET.search(key):
            continue
        value = st.session_state.get(key)
        if isinstance(value, str) and value.strip():
            values[key] = value
    return values


def keep(user_id: int | None, page: str) -> bool:
    """Keep what was typed on `page` for `user_id`, whose session just ended by itself
    (None: it did not, nothing is kept). True when something was kept."""
    values = _typed_values() if user_id is not None else {}
    if not values:
        return False
    with _lock:
        _forget_old()
        _drafts[(user_id, page)] = _Draft(now_utc(), values)
    return True


def restore(user_id: int, page: str) -> bool:
    """Put a kept draft of `user_id` for `page` back into the session state (once).

    Called before the page draws its widgets; True when something came back."""
    with _lock:
        _forget_old()
        draft = _drafts.pop((user_id, page), None)
    if draft is None:
        return False
    for key, value in draft.values.items():
        try:
            st.session_state[key] = value
        except StreamlitAPIException:  # its widget is already drawn in this run: leave it
            continue
    st.session_state[FLAG] = True
    return True


def forget_all() -> None:
    """Drop every kept draft (tests)."""
    with _lock:
        _drafts.clear()


def _forget_old() -> None:
    cutoff = now_utc() - dt.timedelta(minutes=KEEP_MINUTES)
    for key in [k for k, d in _drafts.items() if d.saved_at < cutoff]:
        del _drafts[key]
