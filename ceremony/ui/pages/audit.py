"""Auditlog: the tamper-evident trail (administrator, DPO). Holds no personal values.

The stored trail keeps codes and UTC times; `ceremony.auditlog` words each row in Dutch
with Belgian time for reading.
"""

import pandas as pd
import streamlit as st

from ceremony import audit, auditlog
from ceremony.texts import t
from ceremony.ui import session

store, user = session.guard("audit.view")
st.title(t("ui.audit.title"), anchor=False)

if st.button(t("ui.audit.verify"), key="verify"):
    result = audit.verify(store)
    (st.success if result.ok else st.error)(result.message())

col1, col2 = st.columns(2)
actions = [None, *sorted(audit.actions(store), key=auditlog.action_label)]
action = col1.selectbox(
    t("views.audit.filter_action"), actions, key="f_action",
    format_func=lambda a: auditlog.action_label(a) if a else t("views.audit.all"),
)
actors = [None, *audit.actors(store)]
actor = col2.selectbox(
    t("views.audit.filter_actor"), actors, key="f_actor",
    format_func=lambda a: auditlog.actor_label(a) if a else t("views.audit.all"),
)
rows = audit.entries(store, action=action, actor=actor, exact=True)
# Looking at the trail is itself recorded, once per filter, not on every rerun.
seen = (action or "", actor or "")
if st.session_state.get("audit_seen") != seen:
    audit.record(store, user.actor, "audit.view", count=len(rows), filtered=any(seen))
    st.session_state["audit_seen"] = seen
st.caption(" ".join([t("views.audit.times"), t("views.audit.shown", n=len(rows)), t("views.audit.pick_row")]))
# pixel widths that leave the details the rest of the row (None: as wide as it gets)
COLUMNS = {"id": 56, "at": 128, "actor": 170, "action": 200, "target": 150, "details": None}
frame = pd.DataFrame([auditlog.readable(r) for r in rows], columns=list(COLUMNS))
picked = st.dataframe(
    frame.rename(columns=lambda k: t(f"ui.audit.col.{k}")),
    hide_index=True,
    width="stretch",
    column_config={t(f"ui.audit.col.{k}"): st.column_config.Column(width=w) for k, w in COLUMNS.items()},
    on_select="rerun",
    selection_mode="single-row",
    key="audit_rows",
)
for index in [i for i in (picked.selection.rows if picked else []) if i < len(frame)]:
    entry = frame.iloc[index]
    with st.container(border=True):
        st.text(f"{entry['id']} · {entry['at']} · {entry['actor']} · {entry['action']} · {entry['target']}")
        st.text(entry["details"])
