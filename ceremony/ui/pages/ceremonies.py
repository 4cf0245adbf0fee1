"""Ceremonies: plan a ceremony, invite the target group, follow up answers (coordinator)."""

import datetime as dt

import pandas as pd
import streamlit as st

from ceremony import ceremonies, invitations, target_group
from ceremony.clock import be_date, today
from ceremony.errors import CeremonyError, InvalidInput
from ceremony.exports.common import counted
from ceremony.invitations import changes, invitee_lists
from ceremony.plain import plain
from ceremony.texts import t
from ceremony.ui import answers_panel, answers_sync, mail_panel, session, widgets
from ceremony.ui.ceremony_widgets import number, pager, pick_ceremony, seen_views, show_flash

store, user = session.guard("ceremonies.manage")
answers_sync.on_open(store, "ceremonies")
st.title(t("ceremonies.ui.title"), anchor=False)
MAX_PICK = 200  # options in a select box; a name search narrows the rest (the page says so)


def channel_label(channel: str | None) -> str:
    return t(f"ceremonies.channel.{channel or 'none'}")


def ceremony_form(key: str, row: dict | None) -> dict | None:
    """The fields of a ceremony; returns the entered values when submitted.

    The date field starts empty: Streamlit's date field puts the cursor in the year when
    it holds a date, so typing 15/01/2027 into a filled field changed only the year.
    Empty, a click lands in the day and the typed date lands whole. When
    editing, empty keeps the current date.
    """
    row = row or {}
    with st.form(key):
        date_label = t("forms.cer.date_edit", date=be_date(row["date"])) if row else t("forms.cer.date_new")
        values = {
            "name": st.text_input(t("ceremonies.ui.name"), value=row.get("name", ""), key=f"{key}_name"),
            "date": st.date_input(date_label, value=None, format="DD/MM/YYYY", key=f"{key}_date"),
            "time": st.text_input(t("ceremonies.ui.time"), value=row.get("time") or "", key=f"{key}_time"),
            "location": st.text_input(t("ceremonies.ui.location"), value=row.get("location", ""), key=f"{key}_location"),
            "capacity": st.number_input(
                t("ceremonies.ui.capacity"), min_value=0, step=1, value=row.get("capacity") or 0, key=f"{key}_capacity"
            ),
            "call_script": st.text_area(t("ceremonies.ui.script"), value=row.get("call_script", ""), key=f"{key}_script"),
            "answer_by": st.date_input(
                t("ceremonies.ui.answer_by"), format="DD/MM/YYYY", key=f"{key}_answer_by",
                value=dt.date.fromisoformat(row["answer_by"]) if row.get("answer_by") else None,
            ),
        }
        label = t("ceremonies.ui.save") if row else t("ceremonies.ui.create")
        if st.form_submit_button(label, type="primary"):
            values["capacity"] = values["capacity"] or None
            values["date"] = values["date"] or row.get("date")
            if not values["date"]:
                session.show_error(InvalidInput(t("forms.cer.date_missing")))
                return None
            return values
    return None


def reset_later(**values) -> None:
    """Give widgets these values at the start of the next run. Only a value set before a
    widget is drawn reaches the browser: popping the key would leave the old date on screen."""
    st.session_state.setdefault("cer_reset", {}).update(values)


def apply_resets() -> None:
    for key, value in st.session_state.pop("cer_reset", {}).items():
        st.session_state[key] = value


def new_ceremony(first: bool) -> None:
    with st.expander(t("ceremonies.ui.new"), expanded=first):
        values = ceremony_form("cer_new", None)
        if values:
            try:
                new_id = ceremonies.create_ceremony(store, user, **values)
            except CeremonyError as exc:
                session.show_error(exc)
                return
            reset_later(cer_new_name="", cer_new_date=None, cer_new_time="", cer_new_location="",
                        cer_new_capacity=0, cer_new_script="", cer_new_answer_by=None)
            st.session_state["cer_pick_next"] = new_id
            st.session_state["cer_flash"] = t("ceremonies.ui.created")
            st.rerun()


def summary(row: dict) -> None:
    st.header(plain(row["name"]), anchor=False)
    capacity = row["capacity"] or "–"
    st.caption(plain(t("ceremonies.ui.summary", date=be_date(row["date"]), time=row["time"] or "",
                       location=row["location"] or "–", capacity=capacity)))
    counts = invitations.live_counts(store, row["id"])
    st.write(t("forms.cer.counts", **{key: number(value) for key, value in counts.items()}))
    answers_panel.places_line(store, row)
    if row.get("cancelled_at"):
        st.warning(t("ceremonies.cancelled"))
        return
    pending = st.session_state.get("cer_change")
    if pending and pending["ceremony"] == row["id"]:
        confirm_change(row, pending["values"])
    with st.expander(t("ceremonies.ui.edit")):
        values = ceremony_form(f"cer_edit_{row['id']}", row)
        if values:
            edit_ceremony(row, values)
    cancel_section(row)


def edit_ceremony(row: dict, values: dict) -> None:
    """Save the form, or first ask for confirmation when a changed moment or venue reaches
    people already invited (the counts in the question; the next send updates them)."""
    try:
        reaches = ceremonies.moment_changed(row, values["date"], values["time"], values["location"])
        impact = changes.impact(store, row["id"]) if reaches else {"mailed": 0, "letters": 0}
        if impact["mailed"] or impact["letters"]:
            st.session_state["cer_change"] = {"ceremony": row["id"], "values": values}
            st.rerun()
        save_change(row, values, updates=False)
    except CeremonyError as exc:
        session.show_error(exc)


def save_change(row: dict, values: dict, updates: bool) -> None:
    ceremonies.update_ceremony(store, user, row["id"], **values)
    reset_later(**{f"cer_edit_{row['id']}_date": None})
    st.session_state.pop("cer_change", None)
    st.session_state["cer_flash"] = t("ceremonies.changed_updates") if updates else t("ceremonies.ui.saved")
    st.rerun()


def confirm_change(row: dict, values: dict) -> None:
    """The question before a change that reaches people already invited."""
    impact = changes.impact(store, row["id"])
    st.warning(t("ceremonies.change_confirm", mailed=number(impact["mailed"]), letters=number(impact["letters"])))
    st.info(t("ceremonies.change_explain"))
    yes, no = st.columns(2)
    if yes.button(t("ceremonies.change_confirm_button"), type="primary", key="cer_change_yes"):
        try:
            save_change(row, values, updates=True)
        except CeremonyError as exc:
            session.show_error(exc)
    if no.button(t("ceremonies.change_back"), key="cer_change_no"):
        st.session_state.pop("cer_change", None)
        st.rerun()


def cancel_section(row: dict) -> None:
    """Cancel the ceremony after a confirmation that says whom it reaches and whom staff
    must inform themselves."""
    if st.session_state.get("cer_cancel") != row["id"]:
        if st.button(t("ceremonies.cancel_button"), key="cer_cancel_ask"):
            st.session_state["cer_cancel"] = row["id"]
            st.rerun()
        return
    impact = changes.impact(store, row["id"])
    phone = changes.phone_count(store, row["id"])
    st.warning(t("ceremonies.cancel_confirm", mailed=number(impact["mailed"]), letters=number(impact["letters"]),
                 phone=number(phone)))
    yes, no = st.columns(2)
    if yes.button(t("ceremonies.cancel_confirm_button"), type="primary", key="cer_cancel_yes"):
        try:
            changes.cancel(store, user, row["id"])
        except CeremonyError as exc:
            session.show_error(exc)
            return
        st.session_state.pop("cer_cancel", None)
        st.session_state["cer_flash"] = t("ceremonies.cancelled")
        st.rerun()
    if no.button(t("ceremonies.change_back"), key="cer_cancel_no"):
        st.session_state.pop("cer_cancel", None)
        st.rerun()


def invite_section(row: dict) -> None:
    """Who can still be invited: counts first, a name search to pick people, or everyone
    after a confirmation that names the number. Nobody is decrypted until a search."""
    ceremony_id = row["id"]
    st.header(t("ceremonies.ui.eligible"), anchor=False)
    months = store.setting("certificate_window_months")
    st.caption(t("ceremonies.ui.eligible_intro", months=months))
    target = target_group.target_counts(store, ceremony_id)
    window = {"start": be_date(target["start"]), "end": be_date(target["end"])}
    if not target["in_window"]:
        st.warning(t("forms.cer.window_empty", **window))
        return
    if not target["eligible"]:
        st.info(t("forms.cer.all_invited", **window))
        return
    st.write(t("forms.cer.window", months=months, **window) + " " + counted("forms.cer.eligible_count", target["eligible"]))
    channel_col, date_col = st.columns(2)
    channel = channel_col.selectbox(t("ceremonies.ui.channel"), invitations.CHANNELS, format_func=channel_label,
                                    key="inv_channel")
    invited_on = date_col.date_input(t("forms.cer.invited_on"), value=None, format="DD/MM/YYYY", key="inv_date")
    invited_on = invited_on or today()

    pending = st.session_state.get("inv_confirm")
    if pending and pending["ceremony"] == ceremony_id:
        confirm_all(row, pending, channel, invited_on)
    elif st.button(t("forms.cer.invite_all", n=target["eligible"]), key="inv_all"):
        st.session_state["inv_confirm"] = {"ceremony": ceremony_id, "ids": target_group.eligible_ids(store, ceremony_id)}
        st.rerun()

    query = st.text_input(t("forms.cer.search"), key="inv_search", placeholder=t("forms.cer.search_placeholder"))
    if not query.strip():
        st.caption(t("forms.cer.search_hint"))
        return
    try:
        found = target_group.search_eligible(store, user, ceremony_id, query, seen_views())
    except CeremonyError as exc:
        session.show_error(exc)
        return
    if not found:
        st.info(t("forms.cer.found_none"))
        return
    st.caption(counted("forms.cer.found", len(found)))
    if len(found) > MAX_PICK:
        st.caption(t("forms.cer.found_more", shown=MAX_PICK, count=len(found)))
    offered = found[:MAX_PICK]
    st.dataframe(
        pd.DataFrame(
            [{t("ceremonies.ui.col.name"): p.full_name,
              t("ceremonies.ui.col.certificate_date"): be_date(p.certificate_date)} for p in offered]
        ),
        hide_index=True,
    )
    labels = {p.id: f"{p.full_name} ({be_date(p.certificate_date)})" for p in offered}
    chosen = st.multiselect(t("forms.cer.pick"), list(labels), format_func=labels.get, key="inv_selection",
                            placeholder=t("forms.cer.pick_placeholder"))
    if st.button(t("forms.cer.invite_picked", n=len(chosen)), key="inv_some", type="primary", disabled=not chosen):
        invite_now(ceremony_id, chosen, channel, invited_on)


def confirm_all(row: dict, pending: dict, channel: str, invited_on) -> None:
    """The second step of "invite everyone": names the number, the ceremony and the channel."""
    n = len(pending["ids"])
    st.warning(plain(counted("forms.cer.confirm_all", n, ceremony=row["name"], channel=channel_label(channel).lower(),
                             date=be_date(invited_on))))
    yes, no = st.columns(2)
    if yes.button(t("forms.cer.confirm_yes", n=n), key="inv_all_yes", type="primary"):
        st.session_state.pop("inv_confirm", None)
        invite_now(row["id"], pending["ids"], channel, invited_on)
    if no.button(t("forms.cer.confirm_no"), key="inv_all_no"):
        st.session_state.pop("inv_confirm", None)
        st.rerun()


def invite_now(ceremony_id: int, person_ids: list[int], channel: str, invited_on) -> None:
    """Invite the given people (those no longer eligible are skipped by the domain)."""
    try:
        made = invitations.invite(store, user, ceremony_id, person_ids, channel, invited_on)
    except CeremonyError as exc:
        session.show_error(exc)
        return
    reset_later(inv_selection=[], inv_search="", inv_date=None)
    st.session_state["cer_flash"] = counted("forms.cer.invited", made)
    st.rerun()


def invitees_section(ceremony_id: int) -> None:
    """The invitees one page at a time (`invitee_lists.PAGE_SIZE`), filtered by name: only the
    page's people are shown (and audited); a new filter starts at the first page."""
    st.header(t("ceremonies.ui.invitees"), anchor=False)
    offset_key = f"inv_offset_{ceremony_id}"
    page = invitee_lists.invitee_page(store, user, ceremony_id, st.session_state.get("inv_filter", ""),
                                    st.session_state.get(offset_key, 0), invitee_lists.PAGE_SIZE, seen_views())
    if not page.invited:
        st.info(t("ceremonies.ui.invitees_none"))
        return
    st.text_input(t("ceremonies.ui.filter"), key="inv_filter", on_change=lambda: st.session_state.pop(offset_key, None))
    if not page:
        st.info(t("pages.no_match"))
        return
    widgets.table([table_row(r) for r in page], tips={t("ceremonies.ui.col.attempts"): t("ceremonies.ui.tip.attempts"),
                                                            t("ceremonies.ui.col.answer"): t("answers.ui.tip.answer")},
                  widths={t("ceremonies.ui.col.name"): 180})
    pager(offset_key, page, invitee_lists.PAGE_SIZE)
    edit_invitation({r["id"]: r for r in page})


def table_row(r: dict) -> dict:
    return {
        t("ceremonies.ui.col.name"): f"{r['first_name']} {r['last_name']}",
        t("ceremonies.ui.col.channel"): channel_label(r["channel"]),
        t("ceremonies.ui.col.invited_at"): be_date(r["invited_at"]),
        t("ceremonies.ui.col.answer"): answers_panel.answer_cell(r),
        t("ceremonies.ui.col.companions"): r["companions"],
        t("ceremonies.ui.col.reached"): bool(r["reached"]),
        t("ceremonies.ui.col.attempts"): r["attempts"],
        t("ceremonies.ui.col.assigned_to"): r["assigned_to"] or "",
        t("ceremonies.ui.col.present"): bool(r["present"]),
    }


def edit_invitation(options: dict[int, dict]) -> None:
    st.header(t("ceremonies.ui.update"), anchor=False)
    labels = {i: f"{r['first_name']} {r['last_name']}" for i, r in options.items()}
    picked = st.selectbox(t("ceremonies.ui.invitee"), list(labels), format_func=labels.get, key="inv_pick")
    row = options[picked]
    st.text(answers_panel.details(row))
    answers = [None, *invitations.ANSWERS, invitations.WAITING]
    came_in = invitations.STAFF_ANSWER_CHANNELS
    left, middle, right = st.columns(3)
    with left:
        answer = st.selectbox(t("ceremonies.ui.answer"), answers,
                              index=answers.index(row["answer"]) if row["answer"] in answers else 0,
                              format_func=answers_panel.answer_label, key=f"inv_answer_{picked}")
        companions = st.number_input(t("ceremonies.ui.companions"), min_value=0, max_value=invitations.MAX_COMPANIONS,
                                     value=row["companions"], key=f"inv_companions_{picked}")
        via = st.selectbox(t("answers.ui.answer_channel"), came_in,
                           index=came_in.index(row["answer_channel"]) if row["answer_channel"] in came_in else 0,
                           format_func=answers_panel.channel_label, key=f"inv_via_{picked}")
        save_answer = st.button(t("ceremonies.ui.save_answer"), key="inv_save_answer")
    with middle:
        channel = st.selectbox(t("ceremonies.ui.channel"), invitations.CHANNELS,
                               index=invitations.CHANNELS.index(row["channel"]) if row["channel"] in invitations.CHANNELS else 0,
                               format_func=channel_label, key=f"inv_channel_{picked}")
        save_channel = st.button(t("ceremonies.ui.save_channel"), key="inv_save_channel")
    with right:
        stop = st.button(t("ceremonies.ui.do_not_contact"), key="inv_dnc", help=t("ceremonies.ui.do_not_contact_help"))
    try:
        if save_answer:
            invitations.set_answer(store, user, picked, answer, companions, via)
        if save_channel:
            invitations.set_channel(store, user, picked, channel, today())
        if stop:
            invitations.mark_do_not_contact(store, user, picked)
        if save_answer or save_channel or stop:
            st.session_state["cer_flash"] = t("ceremonies.ui.do_not_contact_done") if stop else t("ceremonies.ui.saved")
            st.rerun()
    except CeremonyError as exc:
        session.show_error(exc)


apply_resets()
show_flash("cer_flash")
has_any = bool(ceremonies.list_ceremonies(store))
if not has_any:
    st.info(t("ceremonies.ui.none"))
new_ceremony(first=not has_any)
if has_any:
    ceremony_id = pick_ceremony(store, "cer_pick", t("ceremonies.ui.none"))
    row = ceremonies.get_ceremony(store, ceremony_id)
    summary(row)
    invite_section(row)
    answers_panel.waiting_list(store, user, ceremony_id)
    invitees_section(ceremony_id)
    mail_panel.show(store, user, ceremony_id)
