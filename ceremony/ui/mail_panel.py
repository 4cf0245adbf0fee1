"""E-mail invitations and letters in the interface, kept out of the pages so each page calls it in one line.

- `show(store, user, ceremony_id)`: on Ceremonies, the e-mail invitations of the chosen
  ceremony: preview for one invitee, a test to the coordinator's own address, send to
  all with a progress bar, the send log per invitation.
- `letter_template(store, user)`: on Instellingen, the Word template for letters: its
  help, and the first letter of an upload (a made-up person) to look at before saving.

Personal values are shown as text only (`st.text`, dataframes, `st.code`), never as
Markdown or HTML: the HTML part of a preview is not rendered.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ceremony import mailing
from ceremony.answers import codes as answer_codes
from ceremony.ceremonies import get_ceremony
from ceremony.clock import be_datetime
from ceremony.errors import CeremonyError
from ceremony.exports import letters
from ceremony.texts import t
from ceremony.ui import session
from ceremony.ui.ceremony_widgets import pager, seen_views

MAIL_PAGE = 50  # rows of the send log per page; the preview offers the same people


def answer_link_notice(store, ceremony_id: int) -> str | None:
    """Why this ceremony's e-mails and letters carry no answer link, or None."""
    return answer_codes.no_link_reason(store, get_ceremony(store, ceremony_id))


def show(store, user, ceremony_id: int) -> None:
    """The mail panel of one ceremony (coordinator)."""
    st.subheader(t("mail.ui.header"), anchor=False)
    settings = store.settings()
    configured = bool(settings["smtp_host"] and settings["smtp_from"])
    if not configured:
        st.info(t("mail.ui.not_configured", host=t("settings.label.smtp_host"),
                  sender=t("settings.label.smtp_from")))
    no_link = answer_link_notice(store, ceremony_id)
    if no_link:
        st.info(no_link)
    counts = mailing.log_counts(store, ceremony_id)
    if not counts["total"]:
        st.caption(t("mail.ui.none"))
        return
    st.write(t("mail.ui.counts", **counts))
    if counts["no_mail"]:
        st.caption(t("mail.ui.no_mail", n=counts["no_mail"]))
    if counts["skipped"]:  # who they are and why: the send log, per person
        st.caption(t("mail.ui.skipped", n=counts["skipped"]))
    if counts["maybe_twice"]:
        st.caption(t("mail.ui.maybe_twice", n=counts["maybe_twice"]))
    offset_key = f"mail_offset_{ceremony_id}"
    rows = mailing.send_log_page(store, user, ceremony_id, st.session_state.get(offset_key, 0), MAIL_PAGE,
                                 seen_views())
    with st.expander(t("mail.ui.log")):  # one page of the log, in name order
        _log(rows)
        pager(offset_key, rows, MAIL_PAGE)
    _preview(store, user, rows)
    _test(store, user, ceremony_id, configured)
    _send(store, user, ceremony_id, counts, configured)


def _status(row: dict) -> str:
    return t(f"mail.ui.status.{row['status'] or 'open'}")


def _log(rows: list[dict]) -> None:
    st.dataframe(
        pd.DataFrame(
            [{t("mail.ui.col.name"): f"{r['first_name']} {r['last_name']}",
              t("mail.ui.col.status"): _status(r),
              t("mail.ui.col.at"): be_datetime(r["at"]) if r["at"] else "",
              t("mail.ui.col.reason"): r["reason"] or ""} for r in rows]
        ),
        hide_index=True,
    )


def _preview(store, user, rows: list[dict]) -> None:
    labels = {r["id"]: f"{r['first_name']} {r['last_name']}" for r in rows}
    picked = st.selectbox(t("mail.ui.preview"), list(labels), format_func=labels.get, key="mail_preview_pick")
    if st.button(t("mail.ui.show_preview"), key="mail_preview"):
        try:
            shown = mailing.preview(store, user, picked)
        except CeremonyError as exc:
            session.show_error(exc)
            return
        st.text(t("mail.ui.to", name=shown.to_name))
        st.text(t("mail.ui.subject", subject=shown.subject))
        st.code(shown.text, language=None, wrap_lines=True)
    st.caption(t("mail.ui.fields", fields=", ".join("{" + f + "}" for f in mailing.FIELDS)))


def _test(store, user, ceremony_id: int, configured: bool) -> None:
    left, right = st.columns([3, 1])
    address = left.text_input(t("mail.ui.test_to"), key="mail_test_to")
    if right.button(t("mail.ui.test_send"), key="mail_test_send", disabled=not configured):
        try:
            mailing.send_test(store, user, address, ceremony_id)
            st.success(t("mail.ui.test_sent"))
        except CeremonyError as exc:
            session.show_error(exc)


def _send(store, user, ceremony_id: int, counts: dict, configured: bool) -> None:
    due = mailing.due_counts(store, ceremony_id)
    to_send = sum(due.values())
    if due["updates"] or due["cancellations"]:
        st.info(t("mail.ui.notices_due", **due))
    if not to_send:
        st.success(t("mail.ui.nothing_to_send"))
        return
    label = t("mail.ui.send_one") if to_send == 1 else t("mail.ui.send", n=to_send)
    if not st.button(label, key="mail_send", type="primary", disabled=not configured):
        return
    bar = st.progress(0.0)

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=t("mail.ui.progress", done=done, total=total))

    try:
        result = mailing.send_invitations(store, user, ceremony_id, progress=progress)
    except CeremonyError as exc:
        session.show_error(exc)
        return
    message = t("mail.ui.done", **result.counts())
    st.session_state["cer_flash"] = message + (" " + t("mail.ui.interrupted") if result.interrupted else "")
    st.rerun()


def letter_template(store, user) -> None:
    """Instellingen: which letter template is in use; download the default, upload your own
    after a preview of its first letter (a made-up person); the help the refusals point to."""
    st.header(t("letters.ui.header"), anchor=False)
    st.caption(t("letters.ui.explain", fields=", ".join("{{ " + f + " }}" for f in letters.FIELDS)))
    with st.expander(t("letters.help.title")):
        st.write(t("letters.help.body", fields=", ".join(letters.FIELDS)))
    current = letters.stored_template(store)
    if current:
        st.text(t("letters.ui.current_custom", name=current["filename"], at=be_datetime(current["uploaded_at"]),
                  by=current["uploaded_by"]))
    else:
        st.text(t("letters.ui.current_default"))
    st.download_button(t("letters.ui.download_default"), data=letters.default_template(),
                       file_name="standaardsjabloon-brief.docx", mime=letters.DOCX_MIME, on_click="ignore",
                       key="letters_default_download")
    uploaded = st.file_uploader(t("letters.ui.upload"), type=["docx"], key="letters_upload")
    try:
        if uploaded is not None and _template_preview(store, user, uploaded) and st.button(
                t("letters.ui.save"), key="letters_save", type="primary"):
            letters.upload_template(store, user, uploaded.name, uploaded.getvalue())
            st.success(t("letters.ui.saved"))
        if current and st.button(t("letters.ui.remove"), key="letters_remove"):
            letters.remove_template(store, user)
            st.success(t("letters.ui.removed"))
    except CeremonyError as exc:
        session.show_error(exc)


def _template_preview(store, user, uploaded) -> bool:
    """The first letter of the uploaded template, made once per file; False (and the
    refusal shown) when the template is refused."""
    held = st.session_state.get("letters_preview")
    if held is None or held[0] != uploaded.file_id:
        try:
            held = (uploaded.file_id, letters.preview_template(store, user, uploaded.getvalue()))
        except CeremonyError as exc:
            held = (uploaded.file_id, exc)
        st.session_state["letters_preview"] = held
    if isinstance(held[1], CeremonyError):
        session.show_error(held[1])
        return False
    preview = held[1]
    st.info(t("letters.ui.preview"))
    st.download_button(t("letters.ui.preview_download"), data=preview.data, file_name=preview.filename,
                       mime=preview.mime, on_click="ignore", key="letters_preview_download")
    return True
