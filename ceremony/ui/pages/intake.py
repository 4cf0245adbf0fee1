"""Ontvangen: upload a delivery, preview it (national numbers masked), import, report,
then confirm its deletion from the transport medium (coordinator, administrator).

The file's bytes stay in the uploader's memory. The decrypted table is held in
`st.session_state["intake_held"]` (a `reading.HeldUpload`, memory only) while its file
is in the uploader, so the preview, a mapping by hand and the import share one decryption
and one parse and a rerun decrypts nothing; it is dropped after the import, when the
file is removed or replaced, on sign-out (the session state is cleared) and when the
session ends. Besides that, the session keeps the uploader generation, the last
import's report (counts, row numbers, reasons and column names, no values) and, for a
delivery received before (`AlreadyReceived`), which one, so the page asks before it is
imported again.
"""

import pandas as pd
import streamlit as st

from ceremony import auditlog, deliveries, permissions, transport
from ceremony.clock import be_datetime
from ceremony.errors import AlreadyReceived, CeremonyError
from ceremony.exports.mailmerge import write_csv
from ceremony.intake import columns, formats, importer, reading
from ceremony.plain import plain
from ceremony.texts import number, t
from ceremony.ui import session, widgets

store, user = session.guard("intake.import")
generation = st.session_state.setdefault("intake_generation", 0)


def field_name(name: str | None) -> str:
    return columns.field_label(name) if name else t("columns.field.none")


def manual_mapping(headers: list[str], plan: columns.ColumnPlan) -> dict[str, str | None]:
    """One selectbox per field, preset with what was recognised; returns {header: field}."""
    st.warning(t("ui.intake.map_by_hand"))
    choices = [None, *dict.fromkeys(h for h in headers if h)]
    current = {name: headers[index] for name, index in plan.columns.items()}
    mapping: dict[str, str | None] = {h: None for h in headers if h}
    cols = st.columns(3)
    for i, name in enumerate(columns.FIELDS):
        with cols[i % 3]:
            header = st.selectbox(
                t("ui.intake.map_field", field=field_name(name)), choices,
                index=choices.index(current.get(name)), format_func=lambda h: h or t("columns.field.none"),
                key=f"intake_map_{generation}_{name}",
            )
        if header:
            if mapping.get(header):
                session.show_error(CeremonyError(t("columns.field_twice", field=field_name(name))))
            mapping[header] = name
    return mapping


def show_preview(preview: reading.Preview) -> None:
    plan = preview.plan
    used = {index: name for name, index in plan.columns.items()}
    st.header(t("ui.intake.mapping"), anchor=False)
    st.dataframe(
        pd.DataFrame(
            {
                t("ui.intake.col.header"): preview.headers,
                t("ui.intake.col.field"): [
                    field_name(used[i]) if i in used else t("ui.intake.dropped_col") for i in range(len(preview.headers))
                ],
            }
        ),
        hide_index=True,
    )
    st.header(t("ui.intake.preview"), anchor=False)
    st.caption(t("ui.intake.preview_caption") + " " + t("ui.intake.rows", n=preview.row_count))
    frame = pd.DataFrame([cells for _, cells in preview.rows], columns=_unique(preview.headers))
    frame.index = [row for row, _ in preview.rows]
    st.dataframe(frame)
    for notice in preview.notices:
        st.info(plain(notice))


def _unique(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for header in headers:
        seen[header] = seen.get(header, 0) + 1
        out.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    return out


def held_upload(upload) -> reading.HeldUpload:
    """The session's HeldUpload for this file; another file's table is dropped first."""
    held = st.session_state.get("intake_held")
    if held is None or held.file_id != upload.file_id:
        st.session_state.pop("intake_held", None)
        held = reading.HeldUpload(upload.file_id, formats.needs_password(upload.getvalue()))
        st.session_state["intake_held"] = held
    return held


def intake_step(upload) -> None:
    """Password, preview, mapping by hand if needed, and the Import button. While the
    import runs, the preview and the button make way for its progress."""
    area = st.empty()
    try:
        with area.container():
            held = held_upload(upload)
            password = None
            if held.needs_password:
                password = st.text_input(t("ui.intake.password"), type="password", key=f"intake_pw_{generation}")
                if not password:
                    st.info(t("ui.intake.password_needed"))
                    return
            table = held.table(upload.getvalue(), password, reading.spin_limit(store))
            preview = reading.describe(table, store=store)
            manual = None
            if preview.plan.missing:
                manual = manual_mapping(preview.headers, preview.plan)
                preview = reading.describe(table, manual)
            show_preview(preview)
            if preview.plan.missing:
                st.warning(t("ui.intake.missing", fields=preview.plan.missing_labels()))
            again = repeat_question(upload.file_id)
            if again is None:  # not known as a repeat: the usual button
                clicked = st.button(t("ui.intake.import"), type="primary", disabled=bool(preview.plan.missing),
                                    key="intake_import")
            else:
                clicked = again
        if clicked:
            session.guard("intake.import")
            area.empty()  # the preview is stale once the import starts
            try:
                report = run_import(table, manual, again)
            except AlreadyReceived as exc:
                st.session_state["intake_repeat"] = {"file_id": upload.file_id, "id": exc.delivery_id,
                                                     "at": exc.received_at}
                st.rerun()
            st.session_state.pop("intake_held", None)
            st.session_state.pop("intake_repeat", None)
            st.session_state["intake_report"] = report.to_json()
            st.session_state["intake_generation"] = generation + 1  # empties uploader and password
            st.rerun()
    except CeremonyError as exc:
        session.show_error(exc)


def repeat_question(file_id: str) -> bool | None:
    """For a file found to be a delivery received before: say so and what importing it
    again does to the retention term; True when the user chose to import it anyway.
    None for any other file."""
    repeat = st.session_state.get("intake_repeat")
    if not repeat or repeat["file_id"] != file_id:
        return None
    st.warning(t("ui.intake.already_received", id=repeat["id"], at=be_datetime(repeat["at"])))
    return st.button(t("ui.intake.import_again"), key="intake_import_again")


def run_import(table, manual: dict | None, again: bool = False) -> importer.ImportReport:
    """The import with a status box and a progress bar (a large delivery takes seconds)."""
    with st.status(t("views.intake.running", rows=t("views.n.rows", n=len(table.rows))), expanded=True) as box:
        bar = st.progress(0.0, text=t("views.intake.step.read"))

        def progress(fraction: float, step: str) -> None:
            bar.progress(min(max(fraction, 0.0), 1.0), text=t(f"views.intake.step.{step}"))

        try:
            report = importer.import_table(store, user, table, manual, progress=progress, again=again)
        except CeremonyError:
            box.update(label=t("views.intake.failed"), state="error")
            raise
        box.update(label=t("views.intake.finished"), state="complete")
    return report


def show_report(report: dict) -> None:
    st.success(t("ui.intake.done", id=report["delivery_id"]))
    st.header(t("ui.intake.report", id=report["delivery_id"]), anchor=False)
    counts = ("rows", "stored", "updated", "unchanged", "duplicates", "out_of_scope")
    with st.container(horizontal=True, gap="medium"):  # wraps instead of cutting a label
        for key in counts:
            st.metric(t(f"ui.intake.count.{key}"), number(report[key]), width="content")
        st.metric(t("ui.intake.count.rejected"), number(len(report["rejected"])), width="content")
    if report["out_of_scope"]:
        st.info(importer.scope_reasons_text(report["out_of_scope"], report.get("out_of_scope_reasons", {})))
    for key, title, button, name in (
        ("rejected", "ui.intake.rejected", "ui.intake.rejected_download", "ui.intake.rejected_file"),
        ("warnings", "ui.intake.warnings", "ui.intake.warnings_download", "ui.intake.warnings_file"),
    ):
        if report[key]:
            st.markdown(f"**{t(title)}**")
            widgets.table([{t("ui.intake.col.row"): i["row"], t("ui.intake.col.reason"): i["reason"]}
                           for i in report[key]])
            st.download_button(  # every row, where the box shows ten: row numbers and reasons only
                t(button), key=f"intake_{key}_csv", icon=":material/download:", mime="text/csv",
                data=write_csv([t("ui.intake.col.row"), t("ui.intake.col.reason")],
                               [[str(i["row"]), i["reason"]] for i in report[key]]),
                file_name=t(name, id=report["delivery_id"]), on_click="ignore",
            )
    if report["dropped_columns"]:
        st.info(plain(t("intake.dropped", columns=", ".join(report["dropped_columns"]))))  # file headers
    for notice in report["notices"]:
        st.info(plain(notice))


def checklist(delivery_id: int) -> None:
    """The deletion checklist of one delivery: who confirmed what, and when."""
    done = transport.confirmations(store, delivery_id)
    for item, label_key in transport.ITEMS.items():
        if item in done:
            st.checkbox(t(label_key), value=True, disabled=True, key=f"tc_{delivery_id}_{item}_done")
            st.caption(plain(t("ui.intake.confirmed", by=auditlog.actor_label(done[item]["confirmed_by"]),
                               at=be_datetime(done[item]["confirmed_at"]))))
        elif st.checkbox(t(label_key), value=False, key=f"tc_{delivery_id}_{item}"):
            try:
                permissions.require(user, "transport.confirm")
                transport.confirm(store, user, delivery_id, item)
                st.rerun()
            except CeremonyError as exc:
                session.show_error(exc)
    if all(item in done for item in transport.ITEMS):
        st.success(t("ui.intake.all_confirmed", id=delivery_id))


st.title(t("ui.intake.title"), anchor=False)
st.caption(t("ui.intake.intro"))
if not store.setting("postcodes"):
    st.warning(t("intake.no_postcodes"))

upload = st.file_uploader(t("ui.intake.upload"), key=f"intake_file_{generation}")
if upload is None:
    st.session_state.pop("intake_held", None)  # the file was removed: its table goes too
else:
    intake_step(upload)

current = st.session_state.get("intake_report")
if current:
    show_report(current)
    st.header(t("ui.intake.checklist"), anchor=False)
    st.caption(t("ui.intake.checklist_intro"))
    checklist(current["delivery_id"])

older = [i for i in transport.pending(store) if not current or i != current["delivery_id"]]
if older:
    st.header(t("ui.intake.older"), anchor=False)
    for delivery_id in older:
        row = deliveries.get_delivery(store, delivery_id)
        with st.expander(t("ui.intake.delivery", id=delivery_id, at=be_datetime(row["received_at"]))):
            checklist(delivery_id)
