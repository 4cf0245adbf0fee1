"""Export: the files for the invitations (coordinator).

A file is produced only when its button is clicked: that run writes the audit entry and
offers the bytes in a download button. Nothing is kept in the session; clicking the
download does not rerun the page, any other action does and the button goes away.
"""

import streamlit as st

from ceremony import exports, privacy
from ceremony.clock import be_date
from ceremony.config import SETTINGS
from ceremony.errors import CeremonyError
from ceremony.texts import t
from ceremony.ui import busy, mail_panel, session

store, user = session.guard("export.mailmerge")
st.title(t("exports.ui.title"), anchor=False)
st.write(t("exports.ui.intro"))
st.warning(t("exports.ui.warning"), icon=":material/warning:")

ceremonies = {c["id"]: c for c in exports.list_ceremonies(store)}


def _label(ceremony_id):
    if ceremony_id is None:
        return t("exports.ui.all_people")
    c = ceremonies[ceremony_id]
    return t("exports.ui.ceremony_option", name=c["name"], date=be_date(c["date"]))


def _offer(make, button_key: str, button_label: str, ready_key: str) -> None:
    """Produce on click (audited in the domain), then offer the download in the same run."""
    if not st.button(button_label, key=button_key):
        return
    try:
        with busy.making_file():
            produced = make()
    except CeremonyError as exc:
        session.show_error(exc)
        return
    st.success(exports.counted(ready_key, produced.count))
    st.download_button(
        t("exports.ui.download"),
        data=produced.data,
        file_name=produced.filename,
        mime=produced.mime,
        on_click="ignore",
        key=f"{button_key}_download",
        icon=":material/download:",
    )


# the next ceremony first (what the letters are for); everyone stored is the last choice
ceremony_id = st.selectbox(
    t("exports.ui.choose"), [*ceremonies, None], format_func=_label, key="export_ceremony"
)
if not ceremonies:
    st.caption(t("forms.exports.no_ceremony"))

st.header(t("exports.ui.mailmerge.header"), anchor=False)
with_privacy = st.checkbox(t("exports.ui.privacy_column"), value=True, key="export_privacy")
count = exports.contactable_count(store, ceremony_id)
st.write(exports.counted("exports.ui.count", count))
st.caption(
    t(
        "exports.ui.columns",
        columns=";".join(exports.columns(ceremony_id is not None, with_privacy)),
    )
)
if count:
    _offer(
        lambda: exports.MAILMERGE.export(store, user, ceremony_id, privacy=with_privacy),
        "make_mailmerge",
        t("exports.ui.mailmerge.make"),
        "exports.ui.mailmerge.ready",
    )
    st.caption(t("exports.ui.mailmerge.help"))
else:
    st.info(t("exports.ui.nobody"))

if ceremony_id is None:
    st.info(t("exports.ui.need_ceremony"))
else:
    st.header(t("exports.ui.emails.header"), anchor=False)
    st.caption(t("exports.ui.emails.explain"))
    _offer(
        lambda: exports.EMAILS.export(store, user, ceremony_id),
        "make_emails",
        t("exports.ui.emails.make"),
        "exports.ui.emails.ready",
    )
    mail_panel.exports_section(store, user, ceremony_id, _offer)
    st.header(t("exports.ui.ics.header"), anchor=False)
    st.caption(t("exports.ui.ics.explain"))
    _offer(
        lambda: exports.ICS.export(store, user, ceremony_id),
        "make_ics",
        t("exports.ui.ics.make"),
        "exports.ui.ics.ready",
    )

st.header(t("exports.ui.privacy.header"), anchor=False)
settings = store.settings()
st.caption(
    t(
        "exports.ui.privacy.explain",
        placeholders=", ".join("{" + p + "}" for p in privacy.PLACEHOLDERS),
        setting=SETTINGS["privacy_notice"].label,
    )
)
if settings.get("privacy_notice"):
    st.caption(t("exports.ui.privacy.custom"))
else:
    missing = privacy.missing_settings(settings)
    if missing:
        labels = ", ".join(f"'{SETTINGS[key].label}'" for key in missing)
        st.info(t("exports.ui.privacy.missing", settings=labels))
st.code(privacy.notice_text(settings), language=None, wrap_lines=True)
