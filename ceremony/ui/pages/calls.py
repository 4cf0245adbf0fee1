"""Belronde: one person at a time, first name, name, number, script and earlier attempts.

Nothing else about the person is ever loaded here: the page only sees a `call_card.CallCard`.
Outcome buttons act in callbacks, so the next person shows in the same run.

The card holds its own claim (`claims.Claim`, in this browser tab's session state): an
outcome saves only while that claim holds. Another window of the same caller takes the
person over on a card of its own; a refused outcome says who holds the person now and
shows the card again when the person is still this caller's to call.

Made for the keyboard and a phone: the card is name, number (a tel: link), the note and
the number of companions, then the one-click outcomes, above the fold at 390x844. When a
card appears the keyboard focus goes to its number (desk.js), never to an outcome: Enter
pressed twice on "Volgende persoon bellen" saves nothing; an outcome is a deliberate
choice a few Tab presses further. The last outcome names the person and can be undone for
`outcomes.UNDO_MINUTES`.
"""

import datetime as dt

import pandas as pd
import streamlit as st

from ceremony import invitations, permissions
from ceremony.clock import be_datetime, today
from ceremony.errors import CeremonyError, Conflict
from ceremony.phone_round import assignment, call_card, claims, numbers, outcomes, queue
from ceremony.plain import plain
from ceremony.texts import t
from ceremony.ui import answers_sync, session
from ceremony.ui.ceremony_widgets import pick_ceremony, seen_views, show_flash

store, user = session.guard("calls.make")
answers_sync.on_open(store, "belronde")
st.title(t("calls.ui.title"), anchor=False)


def acting_user() -> permissions.User | None:
    """Callbacks run before the page guard: re-read the logged-in user from the store."""
    return session.current_user(store)


def card_claim(ceremony_id: int) -> claims.Claim | None:
    """This tab's card claim while it holds. A tab that never had one (just opened or
    reloaded) takes over the caller's current person, if any."""
    if "call_claim" not in st.session_state:
        st.session_state["call_claim"] = claims.resume(store, user, ceremony_id)
    claim = claims.held(store, user, ceremony_id, st.session_state["call_claim"])
    st.session_state["call_claim"] = claim
    return claim


@session.safe_callback
def on_outcome(ceremony_id: int, claim: claims.Claim, outcome: str) -> None:
    actor = acting_user()
    try:
        callback = None
        if outcome == "terugbellen":
            callback = outcomes.callback_moment(st.session_state["cb_date"], st.session_state["cb_time"])
        outcomes.record_outcome(
            store, actor, claim, outcome,
            note=st.session_state.get("call_note", ""),
            callback_at=callback,
            companions=st.session_state.get("call_companions", 0),
        )
        st.session_state["call_note"] = ""
        st.session_state["call_companions"] = 0
        st.session_state["call_claim"] = claims.claim_next(store, actor, ceremony_id)
        st.session_state["call_numbers_sorted"] = ceremony_id
    except Conflict as exc:  # nothing saved: the same person again if they are still ours
        st.session_state["call_error"] = str(exc)
        st.session_state["call_claim"] = claims.reclaim(store, actor, ceremony_id, claim.invitation_id)
    except CeremonyError as exc:
        st.session_state["call_error"] = str(exc)


@session.safe_callback
def on_next(ceremony_id: int) -> None:
    try:
        claim = claims.claim_next(store, acting_user(), ceremony_id, st.session_state.get("call_claim"))
        st.session_state["call_claim"] = claim
        st.session_state["call_numbers_sorted"] = ceremony_id
        if claim is None:
            st.session_state["call_flash"] = t("calls.ui.empty")
    except CeremonyError as exc:
        st.session_state["call_error"] = str(exc)


@session.safe_callback
def on_undo(attempt_uid: str, name: str) -> None:
    try:
        st.session_state["call_claim"] = outcomes.undo_outcome(store, acting_user(), attempt_uid)
        st.session_state["call_flash"] = t("calls.ui.undone", name=name)
    except CeremonyError as exc:
        st.session_state["call_error"] = str(exc)


@session.safe_callback
def on_stop(ceremony_id: int, claim: claims.Claim) -> None:
    try:
        claims.release(store, acting_user(), ceremony_id, claim)
        st.session_state["call_claim"] = None
    except CeremonyError as exc:
        st.session_state["call_error"] = str(exc)


def show_saved(ceremony_id: int) -> None:
    """The caller's last outcome, naming the person, with its undo button while it lasts."""
    box = st.container(key="call_saved_box")  # always there: the slot below keeps its place
    saved = outcomes.last_saved(store, user, ceremony_id)
    if saved is None:
        return
    name = f"{saved.first_name} {saved.last_name}"
    with box.container(horizontal=True, vertical_alignment="center", key="call_saved"):
        if saved.callback_at:
            text = t("calls.ui.saved_callback", name=name, moment=be_datetime(saved.callback_at))
        else:
            text = t("calls.ui.saved", name=name, outcome=t(f"calls.outcome.{saved.outcome}"))
        st.success(plain(text), width="stretch")
        st.button(
            t("calls.ui.undo"), key="call_undo", on_click=on_undo, args=(saved.attempt_uid, name),
            icon=":material/undo:", help=t("calls.ui.undo_until", until=be_datetime(saved.until)),
        )


def outcome_buttons(ceremony_id: int, claim: claims.Claim, cancelled: bool = False) -> None:
    """The six one-click outcomes, two per row even on a phone (a horizontal container wraps);
    a cancellation call has one "reached" outcome: told."""
    reached = outcomes.CANCELLED_REACHED if cancelled else ("komt", "komt_niet", "misschien")
    for row in (reached, ("geen_antwoord", "voicemail", "verkeerd_nummer")):
        with st.container(horizontal=True, gap="small"):
            for outcome in row:
                st.button(
                    t(f"calls.outcome.{outcome}"), key=f"out_{outcome}", on_click=on_outcome,
                    args=(ceremony_id, claim, outcome),
                    type="primary" if outcome in outcomes.REACHED else "secondary", width="stretch",
                )


def show_card(ceremony_id: int, claim: claims.Claim, card: call_card.CallCard) -> None:
    # keyed per card: a new person (or the same one on a new card) is a new card, and
    # desk.js moves the focus to its number
    with st.container(key=f"call_card_{claim.token}"):
        st.header(plain(f"{card.first_name} {card.last_name}"), anchor=False)
        if card.call_me:
            st.info(t("answers.ui.call_me"), icon=":material/phone_callback:")
        with st.container(key="call_number"):
            if card.phone_uri:  # the tel: URI is built by phonenumbers (E.164: "+" and digits only)
                st.header(f":material/call: [{plain(card.phone)}]({card.phone_uri})", anchor=False)
            else:
                st.warning(plain(card.phone))
        # what goes with an outcome stands above the one-click outcomes, also on a phone
        with st.container(horizontal=True, gap="small", vertical_alignment="bottom", key="call_details"):
            st.text_input(t("calls.ui.note"), key="call_note", max_chars=outcomes.MAX_NOTE, width="stretch")
            st.number_input(
                t("calls.ui.companions"), min_value=0, max_value=invitations.MAX_COMPANIONS, key="call_companions",
                width=150,
            )
        outcome_buttons(ceremony_id, claim, card.cancelled)
    if card.callback_at:
        st.info(t("calls.ui.callback_due", at=be_datetime(card.callback_at)))
    day, moment, button = st.columns(3, vertical_alignment="bottom")
    day.date_input(
        t("calls.ui.callback_date"), value=today() + dt.timedelta(days=1), min_value=today(),
        format="DD/MM/YYYY", key="cb_date",
    )
    moment.time_input(t("calls.ui.callback_time"), value=dt.time(10, 0), key="cb_time")
    button.button(
        t("calls.outcome.terugbellen"), key="out_terugbellen", on_click=on_outcome,
        args=(ceremony_id, claim, "terugbellen"), width="stretch",
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
    st.button(t("calls.ui.stop"), key="call_stop", on_click=on_stop, args=(ceremony_id, claim))


def show_no_number(ceremony_id: int) -> None:
    """For the coordinator: who left the queue for lack of a usable number (names and
    channel), and one action that puts them all, or the rows chosen, on the letter channel."""
    count = numbers.no_number_count(store, user, ceremony_id)
    if not count:
        return
    with st.expander(t("calls.ui.no_number", n=count)):
        st.caption(t("calls.ui.no_number_intro"))
        found = assignment.no_number_list(store, user, ceremony_id, seen_views())
        table = st.dataframe(
            pd.DataFrame({
                t("calls.ui.no_number_col"): [f"{r['first_name']} {r['last_name']}" for r in found],
                t("calls.ui.no_number_channel"): [t(f"ceremonies.channel.{r['channel'] or 'none'}") for r in found],
            }),
            hide_index=True, key="no_number_table", on_select="rerun", selection_mode="multi-row",
        )
        chosen = [found[i]["id"] for i in table.selection.rows if i < len(found)]
        pending = [r["id"] for r in found if r["channel"] != "brief"]
        to_letter_action(ceremony_id, [i for i in chosen if i in pending] if chosen else None, len(pending))


def to_letter_action(ceremony_id: int, chosen: list[int] | None, pending: int) -> None:
    """"Zet op brief" with the count, then a confirmation; `chosen` None: everyone pending."""
    if not pending:
        st.caption(t("calls.ui.to_letter_nothing"))
        return
    st.caption(t("calls.ui.to_letter_hint"))
    label = t("calls.ui.to_letter_selected", n=len(chosen)) if chosen else t("calls.ui.to_letter_all", n=pending)
    if st.button(label, key="to_letter", icon=":material/mail:", disabled=chosen == []):
        st.session_state["to_letter_ask"] = {"ceremony": ceremony_id, "ids": chosen}
    asked = st.session_state.get("to_letter_ask")
    if not asked or asked["ceremony"] != ceremony_id:
        return
    st.warning(t("calls.ui.to_letter_confirm", n=len(asked["ids"]) if asked["ids"] else pending))
    with st.container(horizontal=True):
        yes = st.button(t("calls.ui.to_letter_yes"), key="to_letter_yes", type="primary")
        no = st.button(t("calls.ui.to_letter_cancel"), key="to_letter_cancel")
    if no:
        st.session_state.pop("to_letter_ask", None)
        st.rerun()
    if yes:
        st.session_state.pop("to_letter_ask", None)
        try:
            moved = assignment.no_number_to_letter(store, user, ceremony_id, asked["ids"])
            st.session_state["call_flash"] = t("calls.ui.to_letter_done", n=moved)
        except CeremonyError as exc:
            st.session_state["call_error"] = str(exc)
        st.rerun()


def show_assignment(ceremony_id: int) -> None:
    with st.expander(t("calls.ui.assign")):
        st.caption(t("calls.ui.assign_intro"))
        chosen = st.multiselect(t("calls.ui.callers"), assignment.callers(store), key="assign_callers")
        go, clear = st.columns(2)
        try:
            if go.button(t("calls.ui.assign_go"), key="assign_go"):
                counts = assignment.assign(store, user, ceremony_id, chosen)
                st.success(plain(t("calls.ui.assigned", parts=", ".join(f"{k}: {v}" for k, v in counts.items()))))
            if clear.button(t("calls.ui.assign_clear"), key="assign_clear"):
                st.success(t("calls.ui.cleared", n=assignment.clear_assignment(store, user, ceremony_id)))
        except CeremonyError as exc:
            session.show_error(exc)


ceremony_id = pick_ceremony(store, "call_ceremony", t("calls.ui.no_ceremony"))
show_flash("call_error", "call_flash")
if st.session_state.pop("call_numbers_sorted", None) != ceremony_id:  # not just done by claim_next
    numbers.sort_out_numbers(store, user, ceremony_id)
show_saved(ceremony_id)

claim = card_claim(ceremony_id)
# One slot holds either the queue (with "Volgende") or the card, each in a keyed container
# at the slot's top.
with st.container(key="call_slot"):
    if claim is None:
        with st.container(key="call_queue"):
            waiting = queue.waiting(store, user, ceremony_id)  # numbers sorted out above
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
            show_card(ceremony_id, claim, call_card.card(store, user, claim.invitation_id))
        except CeremonyError as exc:
            session.show_error(exc)

if permissions.can(user.role, "calls.assign"):
    show_no_number(ceremony_id)
    show_assignment(ceremony_id)
