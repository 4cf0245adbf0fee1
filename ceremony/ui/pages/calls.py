"""Belronde: one person at a time, first name, name, number, script and earlier attempts.

Nothing else about the person is ever loaded here: the page only sees a `calls.CallCard`.
Outcome buttons act in callbacks, so the next person shows in the same run.

Made for the keyboard and a phone: the card is name, number (a tel: link), then the outcome
buttons, so they are above the fold at 390x844 and the first things Tab reaches once a card
appears (Streamlit has no focus API and the CSP allows no inline script; the card's
container is keyed per person, so the browser restarts its Tab order where the card is).
The last outcome names the person and can be undone for `calls.UNDO_MINUTES`.
"""

import datetime as dt

import pandas as pd
import streamlit as st

from ceremony import auth, call_assignment, calls, invitations
from ceremony.clock import be_datetime, today
from ceremony.errors import CeremonyError
from ceremony.plain import plain
from ceremony.texts import t
from ceremony.ui import session
from ceremony.ui.ceremony_widgets import pick_ceremony, seen_views, show_flash

store, user = session.guard("calls.make")
st.title(t("calls.ui.title"), anchor=False)


def acting_user() -> auth.User | None:
    """Callbacks run before the page guard: re-read the logged-in user from the store."""
    return session.current_user(store)


@session.safe_callback
def on_outcome(ceremony_id: int, invitation_id: int, outcome: str) -> None:
    actor = acting_user()
    try:
        callback = None
        if outcome == "terugbellen":
            callback = calls.callback_moment(st.session_state["cb_date"], st.session_state["cb_time"])
        calls.record_outcome(
            store, actor, invitation_id, outcome,
            note=st.session_state.get("call_note", ""),
            callback_at=callback,
            companions=st.session_state.get("call_companions", 0),
        )
        st.session_state["call_note"] = ""
        st.session_state["call_companions"] = 0
        calls.claim_next(store, actor, ceremony_id)
    except CeremonyError as exc:
        st.session_state["call_error"] = str(exc)


@session.safe_callback
def on_next(ceremony_id: int) -> None:
    try:
        if calls.claim_next(store, acting_user(), ceremony_id) is None:
            st.session_state["call_flash"] = t("calls.ui.empty")
    except CeremonyError as exc:
        st.session_state["call_error"] = str(exc)


@session.safe_callback
def on_undo(attempt_uid: str, name: str) -> None:
    try:
        calls.undo_outcome(store, acting_user(), attempt_uid)
        st.session_state["call_flash"] = t("calls.ui.undone", name=name)
    except CeremonyError as exc:
        st.session_state["call_error"] = str(exc)


@session.safe_callback
def on_stop(ceremony_id: int) -> None:
    try:
        calls.release(store, acting_user(), ceremony_id)
    except CeremonyError as exc:
        st.session_state["call_error"] = str(exc)


def show_saved(ceremony_id: int) -> None:
    """The caller's last outcome, naming the person, with its undo button while it lasts."""
    box = st.container(key="call_saved_box")  # always there: the slot below keeps its place
    saved = calls.last_saved(store, user, ceremony_id)
    if saved is None:
        return
    name = f"{saved.first_name} {saved.last_name}"
    with box.container(horizontal=True, vertical_alignment="center", key="call_saved"):
        st.success(plain(t("calls.ui.saved", name=name, outcome=t(f"calls.outcome.{saved.outcome}"))), width="stretch")
        st.button(
            t("calls.ui.undo"), key="call_undo", on_click=on_undo, args=(saved.attempt_uid, name),
            icon=":material/undo:", help=t("calls.ui.undo_until", until=be_datetime(saved.until)),
        )


def outcome_buttons(ceremony_id: int, invitation_id: int) -> None:
    """The six one-click outcomes, two per row even on a phone (a horizontal container wraps)."""
    for row in (("komt", "komt_niet", "misschien"), ("geen_antwoord", "voicemail", "verkeerd_nummer")):
        with st.container(horizontal=True, gap="small"):
            for outcome in row:
                st.button(
                    t(f"calls.outcome.{outcome}"), key=f"out_{outcome}", on_click=on_outcome,
                    args=(ceremony_id, invitation_id, outcome),
                    type="primary" if outcome in calls.REACHED else "secondary", width="stretch",
                )


def show_card(ceremony_id: int, card: calls.CallCard) -> None:
    # keyed per person: a new person is a new card, and Tab starts again at its top
    with st.container(key=f"call_card_{card.invitation_id}"):
        st.header(plain(f"{card.first_name} {card.last_name}"), anchor=False)
        if card.phone_uri:  # the tel: URI is built by phonenumbers (E.164: "+" and digits only)
            st.header(f":material/call: [{plain(card.phone)}]({card.phone_uri})", anchor=False)
        else:
            st.warning(plain(card.phone))
        outcome_buttons(ceremony_id, card.invitation_id)
    if card.callback_at:
        st.info(t("calls.ui.callback_due", at=be_datetime(card.callback_at)))
    note, companions = st.columns([3, 1])
    note.text_input(t("calls.ui.note"), key="call_note", max_chars=calls.MAX_NOTE)
    companions.number_input(
        t("calls.ui.companions"), min_value=0, max_value=invitations.MAX_COMPANIONS, key="call_companions",
    )
    day, moment, button = st.columns(3, vertical_alignment="bottom")
    day.date_input(
        t("calls.ui.callback_date"), value=today() + dt.timedelta(days=1), min_value=today(),
        format="DD/MM/YYYY", key="cb_date",
    )
    moment.time_input(t("calls.ui.callback_time"), value=dt.time(10, 0), key="cb_time")
    button.button(
        t("calls.outcome.terugbellen"), key="out_terugbellen", on_click=on_outcome,
        args=(ceremony_id, card.invitation_id, "terugbellen"), width="stretch",
    )
    st.caption(t("calls.ui.claim_until", until=be_datetime(card.claim_expires)))
    if card.call_script:
        with st.expander(t("calls.ui.script"), expanded=True):
            st.text(card.call_script)
    st.header(t("calls.ui.history"), anchor=False)
    if card.attempts:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("calls.ui.col.at"): be_datetime(a.at),
                        t("calls.ui.col.outcome"): t(f"calls.outcome.{a.outcome}"),
                        t("calls.ui.col.caller"): a.caller,
                        t("calls.ui.col.note"): a.note,
                    }
                    for a in card.attempts
                ]
            ),
            hide_index=True,
        )
    else:
        st.caption(t("calls.ui.history_none"))
    st.button(t("calls.ui.stop"), key="call_stop", on_click=on_stop, args=(ceremony_id,))


def show_no_number(ceremony_id: int) -> None:
    """For the coordinator: who left the queue for lack of a usable number (names only)."""
    count = calls.no_number_count(store, user, ceremony_id)
    if not count:
        return
    with st.expander(t("calls.ui.no_number", n=count)):
        st.caption(t("calls.ui.no_number_intro"))
        found = call_assignment.no_number_list(store, user, ceremony_id, seen_views())
        st.dataframe(
            pd.DataFrame({t("calls.ui.no_number_col"): [f"{r['first_name']} {r['last_name']}" for r in found]}),
            hide_index=True,
        )


def show_assignment(ceremony_id: int) -> None:
    with st.expander(t("calls.ui.assign")):
        st.caption(t("calls.ui.assign_intro"))
        chosen = st.multiselect(t("calls.ui.callers"), call_assignment.callers(store), key="assign_callers")
        go, clear = st.columns(2)
        try:
            if go.button(t("calls.ui.assign_go"), key="assign_go"):
                counts = call_assignment.assign(store, user, ceremony_id, chosen)
                st.success(plain(t("calls.ui.assigned", parts=", ".join(f"{k}: {v}" for k, v in counts.items()))))
            if clear.button(t("calls.ui.assign_clear"), key="assign_clear"):
                st.success(t("calls.ui.cleared", n=call_assignment.clear_assignment(store, user, ceremony_id)))
        except CeremonyError as exc:
            session.show_error(exc)


ceremony_id = pick_ceremony(store, "call_ceremony", t("calls.ui.no_ceremony"))
show_flash("call_error", "call_flash")
calls.sort_out_numbers(store, user, ceremony_id)
show_saved(ceremony_id)

held = calls.current_claim(store, user, ceremony_id)
# One slot holds either the queue (with "Volgende") or the card, each in a keyed container
# at the slot's top: when the focused button disappears, the browser's Tab starting point
# stays at that spot, so the next Tab lands in the new card, on its number and outcomes.
with st.container(key="call_slot"):
    if held is None:
        with st.container(key="call_queue"):
            waiting = calls.queue_size(store, user, ceremony_id)
            st.write(t("calls.ui.queue", n=waiting))
            if waiting:
                st.button(
                    t("calls.ui.next"), key="call_next", on_click=on_next, args=(ceremony_id,), type="primary",
                    width="stretch",
                )
            else:
                st.info(t("calls.ui.empty"))
    else:
        try:
            show_card(ceremony_id, calls.card(store, user, held))
        except CeremonyError as exc:
            session.show_error(exc)

if auth.can(user.role, "calls.assign"):
    show_no_number(ceremony_id)
    show_assignment(ceremony_id)
