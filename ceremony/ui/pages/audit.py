"""Auditlog: the tamper-evident trail (administrator, DPO). Holds no personal values."""

import pandas as pd
import streamlit as st

from ceremony import audit
from ceremony.texts import t
from ceremony.ui import session

store, user = session.guard("audit.view")
st.title(t("ui.audit.title"), anchor=False)

if st.button(t("ui.audit.verify"), key="verify"):
    result = audit.verify(store)
    (st.success if result.ok else st.error)(result.message())

col1, col2 = st.columns(2)
action = col1.text_input(t("ui.audit.filter_action"), key="f_action")
actor = col2.text_input(t("ui.audit.filter_actor"), key="f_actor")
rows = audit.entries(store, action=action.strip() or None, actor=actor.strip() or None)
# Looking at the trail is itself recorded, once per filter, not on every rerun.
seen = (action.strip(), actor.strip())
if st.session_state.get("audit_seen") != seen:
    audit.record(store, user.actor, "audit.view", count=len(rows), filtered=any(seen))
    st.session_state["audit_seen"] = seen
st.dataframe(
    pd.DataFrame(
        [{t(f"ui.audit.col.{k}"): r[k] for k in ("id", "at", "actor", "action", "target", "details")} for r in rows]
    ),
    hide_index=True,
    width="stretch",
)
