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
from ceremony.exports import letters
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
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_pdf() -> bytes:
    return letters.to_pdf(compliance.report_docx(store, user))


# Word first: what a DPO or town clerk opens; each file is made (and audited) on click
DOWNLOADS = {
    "report": [
        ("docx", lambda: compliance.report_docx(store, user), DOCX, "verantwoording", "primary"),
        ("pdf", report_pdf, "application/pdf", "verantwoording", "secondary"),
        ("md", lambda: compliance.report_markdown(store, user), "text/markdown", "verantwoording", "tertiary"),
    ],
    "letter": [
        ("docx", lambda: compliance.letter_docx(store, user), DOCX, "verbintenis-vcmp", "secondary"),
        ("md", lambda: compliance.letter_markdown(store, user), "text/markdown", "verbintenis-vcmp", "tertiary"),
    ],
}
for column, (what, files) in zip(st.columns(2), DOWNLOADS.items(), strict=True):
    with column:
        st.markdown(f"**{t(f'views.compliance.{what}')}**")
        for fmt, make, mime, name, kind in files:
            st.download_button(
                t(f"views.compliance.as.{fmt}"),
                data=make,
                file_name=f"{name}-{stamp}.{fmt}",
                mime=mime,
                key=f"compliance_{what}" + ("" if fmt == "md" else f"_{fmt}"),
                on_click="ignore",
                icon=":material/download:",
                type=kind,
            )
        if what == "letter":
            st.caption(t("compliance.ui.letter_help"))

for item in evidence.obligations:
    with st.expander(f"{item.code} – {item.title} · {report.status(item.ok)}", expanded=not item.ok):
        st.markdown(report.obligation(item))

for title_key, render in report.SECTIONS:
    st.header(t(title_key), anchor=False)
    st.markdown(render(evidence))
