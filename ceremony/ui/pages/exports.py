"""Export: the files for the invitations (coordinator).

One section per registered export (`ceremony.exports.registry.EXPORTS`), in the
registry's order, for those the user may make. A file is produced only when its button is
clicked: that run writes the audit entry and offers the bytes in a download button. Nothing is kept in the session; clicking the
download does not rerun the page, any other action does and the button goes away.
"""

import streamlit as st

from ceremony import permissions, privacy
from ceremony.clock import be_date
from ceremony.config import SETTINGS
from ceremony.errors import CeremonyError
from ceremony.exports import common as exports
from ceremony.exports import registry
from ceremony.texts import t
from ceremony.ui import busy, session

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


def _section(spec: registry.Export, ceremony_id) -> None:
    """One registered export: its header and texts, what it asks, a button per file."""
    st.header(t(spec.label), anchor=False)
    if spec.explain:
        st.caption(t(spec.explain))
    notice = registry.function(spec.notice)(store) if spec.notice else None
    if notice:
        st.info(notice)
    asked = {f.name: st.checkbox(t(f.checkbox), value=True, key=f"export_{f.name}") for f in spec.flags if f.checkbox}
    if _summary(spec, ceremony_id, asked) == 0:
        st.info(t("exports.ui.nobody"))
        return
    options = {**asked, **({"ceremony_id": ceremony_id} if spec.ceremony else {})}
    due: dict[str, int] = {}
    for button in spec.buttons:
        if button.when and button.when not in due:
            due[button.when] = registry.function(button.when)(store, ceremony_id)
            if due[button.when] and button.note:
                st.info(t(button.note, n=due[button.when]))
        if button.when and not due[button.when]:
            continue
        _offer(lambda b=button: spec.run(store, user, **options, **b.options), button.key, t(button.label), button.ready)
    if spec.footnote:
        st.caption(t(spec.footnote))


def _summary(spec: registry.Export, ceremony_id, asked: dict) -> int | None:
    """Show how many people the file would hold and its columns, where the export says;
    returns that count (None when the export does not count)."""
    count = registry.function(spec.count)(store, ceremony_id) if spec.count else None
    if count is not None:
        st.write(exports.counted("exports.ui.count", count))
    if spec.columns:
        columns = registry.function(spec.columns)(ceremony_id is not None, **asked)
        st.caption(t("exports.ui.columns", columns=";".join(columns)))
    return count


# the next ceremony first (what the letters are for); everyone stored is the last choice
ceremony_id = st.selectbox(
    t("exports.ui.choose"), [*ceremonies, None], format_func=_label, key="export_ceremony"
)
if not ceremonies:
    st.caption(t("forms.exports.no_ceremony"))

waiting = False  # an export of one ceremony while none is chosen
for spec in registry.EXPORTS:
    if not permissions.can(user.role, spec.permission):
        continue
    if spec.ceremony == registry.REQUIRED and ceremony_id is None:
        waiting = True
        continue
    _section(spec, ceremony_id)
if waiting:
    st.info(t("exports.ui.need_ceremony"))

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
