"""Ceremonies: plan a ceremony, invite the target group, follow up answers (coordinator)."""

import datetime as dt

import pandas as pd
import streamlit as st

from ceremony import ceremonies, names
from ceremony.clock import be_date, today
from ceremony.errors import CeremonyError
from ceremony.plain import plain
from ceremony.texts import t
from ceremony.ui import mail_panel, session
from ceremony.ui.ceremony_widgets import pick_ceremony, seen_views, show_flash

store, user = session.guard("ceremonies.manage")
st.title(t("ceremonies.ui.title"), anchor=False)
MAX_PICK = 200  # options in a select box; the name filter narrows the rest


def channel_label(channel: str | None) -> str:
    return t(f"ceremonies.channel.{channel or 'none'}")


def answer_label(answer: str | None) -> str:
    return t(f"ceremonies.answer.{answer or 'none'}")


def ceremony_form(key: str, row: dict | None) -> dict | None:
    """The fields of a ceremony; returns the entered values when submitted."""
    row = row or {}
    with st.form(key):
        values = {
            "name": st.text_input(t("ceremonies.ui.name"), value=row.get("name", ""), key=f"{key}_name"),
            "date": st.date_input(
                t("ceremonies.ui.date"), value=dt.date.fromisoformat(row["date"]) if row else today(),
                format="DD/MM/YYYY", key=f"{key}_date",
            ),
            "time": st.text_input(t("ceremonies.ui.time"), value=row.get("time") or "", key=f"{key}_time"),
            "location": st.text_input(t("ceremonies.ui.location"), value=row.get("location", ""), key=f"{key}_location"),
            "capacity": st.number_input(
                t("ceremonies.ui.capacity"), min_value=0, step=1, value=row.get("capacity") or 0, key=f"{key}_capacity"
            ),
            "call_script": st.text_area(t("ceremonies.ui.script"), value=row.get("call_script", ""), key=f"{key}_script"),
        }
        label = t("ceremonies.ui.save") if row else t("ceremonies.ui.create")
        if st.form_submit_button(label, type="primary"):
            values["capacity"] = values["capacity"] or None
            return values
    return None


def new_ceremony(first: bool) -> None:
    with st.expander(t("ceremonies.ui.new"), expanded=first):
        values = ceremony_form("cer_new", None)
        if values:
            try:
                new_id = ceremonies.create_ceremony(store, user, **values)
            except CeremonyError as exc:
                session.show_error(exc)
                return
            st.session_state["cer_pick_next"] = new_id
            st.session_state["cer_flash"] = t("ceremonies.ui.created")
            st.rerun()


def summary(row: dict) -> None:
    st.subheader(plain(row["name"]), anchor=False)
    capacity = row["capacity"] or "–"
    st.caption(plain(t("ceremonies.ui.summary", date=be_date(row["date"]), time=row["time"] or "",
                       location=row["location"] or "–", capacity=capacity)))
    counts = ceremonies.live_counts(store, row["id"])
    st.write(t("ceremonies.ui.counts", **counts))
    expected = counts["confirmed"] + counts["companions"]
    if row["capacity"] and expected > row["capacity"]:
        st.warning(t("ceremonies.ui.over_capacity", n=expected, capacity=row["capacity"]))
    with st.expander(t("ceremonies.ui.edit")):
        values = ceremony_form(f"cer_edit_{row['id']}", row)
        if values:
            try:
                ceremonies.update_ceremony(store, user, row["id"], **values)
                st.session_state["cer_flash"] = t("ceremonies.ui.saved")
                st.rerun()
            except CeremonyError as exc:
                session.show_error(exc)


def invite_section(ceremony_id: int) -> None:
    st.subheader(t("ceremonies.ui.eligible"), anchor=False)
    st.caption(t("ceremonies.ui.eligible_intro", months=store.setting("certificate_window_months")))
    found = ceremonies.eligible(store, user, ceremony_id, seen_views())
    if not found:
        st.info(t("ceremonies.ui.eligible_none"))
        return
    labels = {p.id: f"{p.full_name} ({be_date(p.certificate_date)})" for p in found}
    st.dataframe(
        pd.DataFrame(
            [{t("ceremonies.ui.col.name"): p.full_name,
              t("ceremonies.ui.col.certificate_date"): be_date(p.certificate_date)} for p in found]
        ),
        hide_index=True,
    )
    channel_col, date_col = st.columns(2)
    channel = channel_col.selectbox(t("ceremonies.ui.channel"), ceremonies.CHANNELS, format_func=channel_label,
                                    key="inv_channel")
    invited_on = date_col.date_input(t("ceremonies.ui.invited_on"), value=today(), format="DD/MM/YYYY", key="inv_date")
    chosen = st.multiselect(t("ceremonies.ui.selection"), list(labels), format_func=labels.get, key="inv_selection")
    all_col, some_col = st.columns(2)
    try:
        made = None
        if all_col.button(t("ceremonies.ui.invite_all", n=len(found)), key="inv_all", type="primary"):
            made = ceremonies.invite(store, user, ceremony_id, None, channel, invited_on)
        if some_col.button(t("ceremonies.ui.invite_selection"), key="inv_some"):
            made = ceremonies.invite(store, user, ceremony_id, chosen, channel, invited_on)
        if made is not None:
            st.session_state["cer_flash"] = t("ceremonies.ui.invited", n=made)
            st.rerun()
    except CeremonyError as exc:
        session.show_error(exc)


def invitees_section(ceremony_id: int) -> None:
    st.subheader(t("ceremonies.ui.invitees"), anchor=False)
    rows = ceremonies.invitees(store, user, ceremony_id, seen_views())
    if not rows:
        st.info(t("ceremonies.ui.invitees_none"))
        return
    words = names.words(st.text_input(t("ceremonies.ui.filter"), key="inv_filter"))
    shown = [r for r in rows if names.matches(words, r["first_name"], r["last_name"])]
    st.dataframe(pd.DataFrame([table_row(r) for r in shown]), hide_index=True)
    if shown:
        edit_invitation({r["id"]: r for r in shown[:MAX_PICK]})


def table_row(r: dict) -> dict:
    return {
        t("ceremonies.ui.col.name"): f"{r['first_name']} {r['last_name']}",
        t("ceremonies.ui.col.channel"): channel_label(r["channel"]),
        t("ceremonies.ui.col.invited_at"): be_date(r["invited_at"]),
        t("ceremonies.ui.col.answer"): answer_label(r["answer"]),
        t("ceremonies.ui.col.companions"): r["companions"],
        t("ceremonies.ui.col.reached"): bool(r["reached"]),
        t("ceremonies.ui.col.attempts"): r["attempts"],
        t("ceremonies.ui.col.assigned_to"): r["assigned_to"] or "",
        t("ceremonies.ui.col.present"): bool(r["present"]),
    }


def edit_invitation(options: dict[int, dict]) -> None:
    st.subheader(t("ceremonies.ui.update"), anchor=False)
    labels = {i: f"{r['first_name']} {r['last_name']}" for i, r in options.items()}
    picked = st.selectbox(t("ceremonies.ui.invitee"), list(labels), format_func=labels.get, key="inv_pick")
    row = options[picked]
    answers = [None, *ceremonies.ANSWERS]
    left, middle, right = st.columns(3)
    with left:
        answer = st.selectbox(t("ceremonies.ui.answer"), answers, index=answers.index(row["answer"]),
                              format_func=answer_label, key=f"inv_answer_{picked}")
        companions = st.number_input(t("ceremonies.ui.companions"), min_value=0, max_value=ceremonies.MAX_COMPANIONS,
                                     value=row["companions"], key=f"inv_companions_{picked}")
        save_answer = st.button(t("ceremonies.ui.save_answer"), key="inv_save_answer")
    with middle:
        channel = st.selectbox(t("ceremonies.ui.channel"), ceremonies.CHANNELS,
                               index=ceremonies.CHANNELS.index(row["channel"]) if row["channel"] in ceremonies.CHANNELS else 0,
                               format_func=channel_label, key=f"inv_channel_{picked}")
        save_channel = st.button(t("ceremonies.ui.save_channel"), key="inv_save_channel")
    with right:
        stop = st.button(t("ceremonies.ui.do_not_contact"), key="inv_dnc", help=t("ceremonies.ui.do_not_contact_help"))
    try:
        if save_answer:
            ceremonies.set_answer(store, user, picked, answer, companions)
        if save_channel:
            ceremonies.set_channel(store, user, picked, channel, today())
        if stop:
            ceremonies.mark_do_not_contact(store, user, picked)
        if save_answer or save_channel or stop:
            st.session_state["cer_flash"] = t("ceremonies.ui.do_not_contact_done") if stop else t("ceremonies.ui.saved")
            st.rerun()
    except CeremonyError as exc:
        session.show_error(exc)


show_flash("cer_flash")
has_any = bool(ceremonies.list_ceremonies(store))
if not has_any:
    st.info(t("ceremonies.ui.none"))
new_ceremony(first=not has_any)
if has_any:
    ceremony_id = pick_ceremony(store, "cer_pick", t("ceremonies.ui.none"))
    summary(ceremonies.get_ceremony(store, ceremony_id))
    invite_section(ceremony_id)
    invitees_section(ceremony_id)
    mail_panel.show(store, user, ceremony_id)
