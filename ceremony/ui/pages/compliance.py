"""Verantwoording: the obligations O1..O10 with live evidence (administrator, DPO).

Shows no personal data of inburgeraars. The report and the draft commitment letter are
made in memory when their download button is clicked, and each download is audited.
"""

import streamlit as st

from ceremony import compliance
from ceremony.clock import today
from ceremony.compliance import report
from ceremony.compliance.register import unfilled
from ceremony.config import SETTINGS
from ceremony.errors import CeremonyError
from ceremony.texts import t
from ceremony.ui import session

store, user = session.guard("compliance.view")
st.title(t("compliance.ui.title"), anchor=False)
st.caption(t("compliance.ui.intro"))

try:
    evidence = compliance.gather(store, user)
except CeremonyError as exc:
    session.show_error(exc)
    st.stop()

for key in unfilled(evidence.settings):
    st.warning(t("compliance.ui.missing_setting", label=SETTINGS[key].label), icon=":material/edit_note:")

attention = len(evidence.attention)
if attention:
    st.warning(t("compliance.ui.attention", n=attention))
else:
    st.success(t("compliance.ui.all_ok"))
st.markdown(report.summary(evidence))

stamp = today().isoformat()
col_report, col_letter = st.columns(2)
with col_report:
    st.download_button(
        t("compliance.ui.download_report"),
        data=lambda: compliance.report_markdown(store, user),
        file_name=f"verantwoording-{stamp}.md",
        mime="text/markdown",
        key="compliance_report",
        on_click="ignore",
        icon=":material/download:",
        type="primary",
    )
with col_letter:
    st.download_button(
        t("compliance.ui.download_letter"),
        data=lambda: compliance.letter_markdown(store, user),
        file_name=f"verbintenis-vcmp-{stamp}.md",
        mime="text/markdown",
        key="compliance_letter",
        on_click="ignore",
        icon=":material/draft:",
    )
    st.caption(t("compliance.ui.letter_help"))

for item in evidence.obligations:
    with st.expander(f"{item.code} – {item.title} · {report.status(item.ok)}", expanded=not item.ok):
        st.markdown(report.obligation(item))

for title_key, render in report.SECTIONS:
    st.subheader(t(title_key), anchor=False)
    st.markdown(render(evidence))
