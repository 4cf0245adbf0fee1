"""Onthaal: check people in on the day, on a tablet or a phone (big buttons, search by name).

Every match is reachable: the first `checkin.PAGE_SIZE` show with the total ("30 van 412
getoond") and "Toon meer" adds as many again. The search clears after a check-in, ready for
the next guest, and the confirmation names who was checked in; namesakes show their street
and year of birth. The search box has the focus on opening and after each check-in
(desk.js). No reminders above the desk (app.py, `nav.DESK_PAGES`): on a phone the first
"Aanwezig" stays above the fold. Buttons fill their column; the theme (baseFontSize 18)
makes them 45 px high.
"""

import streamlit as st

from ceremony import ceremonies, checkin, invitations
from ceremony.errors import CeremonyError
from ceremony.plain import plain
from ceremony.texts import t
from ceremony.ui import answers_panel, session
from ceremony.ui.ceremony_widgets import pick_ceremony, seen_views, show_flash

store, user = session.guard("checkin")
st.title(t("checkin.ui.title"), anchor=False)


def act(action, *args, done: str = "") -> object:
    """Run a check-in action from a button callback (before the page guard runs again); its
    result, or None when it failed (the error is shown on the next run)."""
    try:
        result = action(store, session.current_user(store), *args)
        if done:
            st.session_state["ci_flash"] = done
        return result if result is not None else True
    except CeremonyError as exc:
        st.session_state["ci_error"] = str(exc)
        return None


def new_search() -> None:
    """A new search starts again at the first page of results."""
    st.session_state["ci_limit"] = checkin.PAGE_SIZE
    st.session_state["ci_walk_limit"] = checkin.PAGE_SIZE


def next_guest() -> None:
    """After a check-in the search is cleared for the next guest."""
    st.session_state["ci_query"] = ""
    new_search()


def on_more(key: str) -> None:
    st.session_state[key] = st.session_state.get(key, checkin.PAGE_SIZE) + checkin.PAGE_SIZE


@session.safe_callback
def on_present(invitation_id: int) -> None:
    if act(checkin.check_in, invitation_id, st.session_state.get(f"ci_comp_{invitation_id}", 0)):
        st.session_state["ci_done"] = invitation_id  # an id, not a name: the next run names them
        next_guest()


@session.safe_callback
def on_undo(invitation_id: int) -> None:
    act(checkin.undo, invitation_id, done=t("checkin.ui.undone"))


@session.safe_callback
def on_walk_in(ceremony_id: int, person_id: int) -> None:
    invitation_id = act(checkin.walk_in, ceremony_id, person_id, st.session_state.get(f"ci_walk_comp_{person_id}", 0))
    if invitation_id:
        st.session_state["ci_done"] = invitation_id
        next_guest()


def full_name(r: dict) -> str:
    """The name as the desk shows it, with what tells namesakes apart."""
    name = f"{r['first_name']} {r['last_name']}"
    return f"{name} ({r['detail']})" if r.get("detail") else name


def confirm_checked_in(ceremony_id: int) -> None:
    """Name who was just checked in (once)."""
    invitation_id = st.session_state.pop("ci_done", None)
    if invitation_id is None:
        return
    found = checkin.guest(store, user, ceremony_id, invitation_id, seen_views())
    if found:
        st.success(plain(t("checkin.ui.marked", name=full_name(found))), icon=":material/how_to_reg:")


def counts_line(ceremony: dict) -> None:
    counts = invitations.present_counts(store, ceremony["id"])
    if ceremony["capacity"]:
        line = t("checkin.ui.counts_capacity", capacity=ceremony["capacity"], **counts)
    else:
        line = t("checkin.ui.counts", **counts)
    # bold text, not a heading: on a phone a heading this long took three lines above the search
    st.markdown(f"**{plain(line)}**")


def invitee_card(r: dict) -> None:
    name = f"{r['first_name']} {r['last_name']}"
    with st.container(border=True):
        who, companions, button = st.columns([3, 1, 2], vertical_alignment="center")
        state = t("checkin.ui.is_present") if r["present"] else t(f"ceremonies.answer.{r['answer'] or 'none'}")
        who.subheader(plain(name), anchor=False)
        if r["detail"]:
            who.caption(plain(r["detail"]))
        who.write(state)
        expected(who, r)
        companions.number_input(
            t("checkin.ui.companions"), min_value=0, max_value=invitations.MAX_COMPANIONS, value=r["companions"],
            key=f"ci_comp_{r['invitation_id']}",
        )
        if r["present"]:
            button.button(t("checkin.ui.undo"), key=f"ci_undo_{r['invitation_id']}", on_click=on_undo,
                          args=(r["invitation_id"],), width="stretch")
        else:
            button.button(t("checkin.ui.present"), key=f"ci_in_{r['invitation_id']}", on_click=on_present,
                          args=(r["invitation_id"],), type="primary", width="stretch",
                          icon=":material/how_to_reg:")


def expected(where, r: dict) -> None:
    """The help asked (rolstoel, tolk: taal) and, for someone coming, how many people to expect."""
    asked = answers_panel.help_text(r)
    if asked:
        where.markdown(f"**{plain(t('answers.ui.help_asked', help=asked))}**")
    if r["answer"] == "komt" and not r["present"]:
        where.caption(plain(t("answers.ui.expected", people=1 + r["companions"])))


def walk_in_card(ceremony_id: int, r: dict) -> None:
    name = f"{r['first_name']} {r['last_name']}"
    with st.container(border=True):
        who, companions, button = st.columns([3, 1, 2], vertical_alignment="center")
        who.subheader(plain(name), anchor=False)
        companions.number_input(t("checkin.ui.companions"), min_value=0, max_value=invitations.MAX_COMPANIONS,
                                key=f"ci_walk_comp_{r['person_id']}")
        button.button(t("checkin.ui.walk_in_add"), key=f"ci_walk_{r['person_id']}", on_click=on_walk_in,
                      args=(ceremony_id, r["person_id"]), type="primary", width="stretch")


def more_button(found: checkin.Matches, key: str) -> None:
    """How many of how many are shown, and "Toon meer" while some are not."""
    if found.total > len(found):
        st.caption(t("checkin.ui.shown", shown=len(found), total=found.total))
        st.button(
            t("checkin.ui.more", n=found.total - len(found)), key=f"{key}_more", on_click=on_more, args=(key,),
            width="stretch", icon=":material/expand_more:",
        )
    elif found.total > checkin.PAGE_SIZE:
        st.caption(t("checkin.ui.shown", shown=len(found), total=found.total))


ceremony_id = pick_ceremony(store, "ci_ceremony", t("checkin.ui.no_ceremony"))
counts_line(ceremonies.get_ceremony(store, ceremony_id))
show_flash("ci_error", "ci_flash")
confirm_checked_in(ceremony_id)
with st.container(key="ci_desk"):
    query = st.text_input(t("checkin.ui.search"), key="ci_query", on_change=new_search)
    if query.strip():
        try:
            found = checkin.search(store, user, ceremony_id, query, seen_views(),
                                   limit=st.session_state.get("ci_limit", checkin.PAGE_SIZE))
            if found.total > len(found):
                st.caption(t("checkin.ui.shown", shown=len(found), total=found.total))
            for r in found:
                invitee_card(r)
            more_button(found, "ci_limit")
            if not found:
                st.info(t("checkin.ui.none_found"))
            with st.expander(t("checkin.ui.walk_in"), expanded=not found):
                walk_ins = checkin.search_walk_in(store, user, ceremony_id, query, seen_views(),
                                                  limit=st.session_state.get("ci_walk_limit", checkin.PAGE_SIZE))
                for r in walk_ins:
                    walk_in_card(ceremony_id, r)
                more_button(walk_ins, "ci_walk_limit")
                if not walk_ins:
                    st.caption(t("checkin.ui.walk_in_none"))
        except CeremonyError as exc:
            session.show_error(exc)
