"""Personen: find a person and serve their rights (coordinator).

Session state holds only UI state: the ids of the last search's hits, the open person's
id and a one-line message for after a rerun. Every action goes through ceremony.rights,
which checks the permission and writes the audit entry.
"""

import pandas as pd
import streamlit as st

from ceremony import national_number, permissions, phones, rights
from ceremony.clock import be_date
from ceremony.errors import CeremonyError
from ceremony.rights.dossier import sections
from ceremony.texts import t
from ceremony.ui import session, widgets

MAX_SHOWN = 50

store, user = session.guard("people.view")
st.title(t("rights.ui.title"), anchor=False)
st.caption(t("rights.ui.intro"))

flash = st.session_state.pop("people_flash", None)
if flash:
    st.success(flash)


def _after(message: str, forget: bool = False) -> None:
    """Show `message` after a rerun; with `forget`, the open person is gone."""
    st.session_state["people_flash"] = message
    if forget:
        gone = st.session_state.pop("people_open", None)
        st.session_state["people_hits"] = [i for i in st.session_state.get("people_hits", []) if i != gone]
        st.session_state.pop("people_pick", None)
    st.rerun()


def _run(action, message: str, forget: bool = False) -> None:
    """Run a domain action; its error is one Dutch sentence, success reruns with a message."""
    try:
        action()
    except CeremonyError as exc:
        session.show_error(exc)
        return
    _after(message, forget)


def shown_value(person, name: str) -> str:
    """A field as staff read it: the phone number as in Belronde (0498 48 25 04)."""
    value = person.fields.get(name, "")
    return phones.for_caller(value)[0] if name == "phone" else value


def _table(pairs: dict) -> None:
    """Field and value, every row visible (a dataframe: `st.table` would read values as Markdown)."""
    st.dataframe(
        pd.DataFrame({t("rights.export.col.field"): list(pairs), t("rights.export.col.value"): list(pairs.values())}),
        hide_index=True, height="content", width="stretch",
    )


# --- search -----------------------------------------------------------------------------

with st.form("people_search"):
    query = st.text_input(t("rights.ui.query"), key="people_query", help=t("rights.ui.query_help"))
    submitted = st.form_submit_button(t("rights.ui.search"), type="primary")
if submitted:
    try:
        result = rights.search(store, user, query)
    except CeremonyError as exc:
        session.show_error(exc)
    else:
        hits = [p.id for p in result.people]
        st.session_state["people_hits"] = hits
        st.session_state["people_objection"] = result.objection_since
        st.session_state.pop("people_open", None)
        st.session_state["people_pick"] = hits[0] if len(hits) == 1 else None
        if not hits:
            st.info(t("rights.ui.no_hits"))

since = st.session_state.get("people_objection")
if since:
    st.info(t("rights.ui.objection_on_file", date=be_date(since)))
    if st.button(t("rights.ui.objection_withdraw"), key="objection_withdraw"):
        st.session_state.pop("people_objection", None)
        _run(
            lambda: rights.withdraw_objection(store, user, st.session_state.get("people_query", "")),
            t("rights.ui.objection_withdrawn"),
        )

hit_ids = st.session_state.get("people_hits", [])
if hit_ids:
    shown = rights.found_people(store, user, hit_ids[:MAX_SHOWN])
    if len(hit_ids) > MAX_SHOWN:
        st.warning(t("rights.ui.too_many", n=MAX_SHOWN))
    else:
        st.caption(t("rights.ui.hits", n=len(hit_ids)))
    labels = {
        p.id: t(
            "rights.ui.hit_label", name=p.full_name, postcode=p.postcode, municipality=p.municipality,
            date=be_date(p.certificate_date),
        )
        + (t("rights.ui.dnc_badge") if p.do_not_contact else "")
        for p in shown
    }
    if st.session_state.get("people_pick") not in labels:
        st.session_state["people_pick"] = None
    picked = st.selectbox(
        t("rights.ui.pick"), list(labels), format_func=labels.get, key="people_pick",
        placeholder=t("rights.ui.pick"),
    )
    if picked is not None and picked != st.session_state.get("people_open"):
        try:
            rights.open_person(store, user, picked)  # audited once per opening
            st.session_state["people_open"] = picked
            for key in [k for k in st.session_state if str(k).startswith("rect_")]:
                del st.session_state[key]  # a form opened earlier must not keep another person's values
        except CeremonyError as exc:
            session.show_error(exc)

# --- the open person --------------------------------------------------------------------

person_id = st.session_state.get("people_open")
dossier = None
if person_id is not None:
    try:
        dossier = rights.dossier(store, user, person_id)
    except CeremonyError as exc:
        st.session_state.pop("people_open", None)
        session.show_error(exc)

if dossier is not None:
    person = dossier.person
    parts = dict(sections(store, dossier))
    if person.do_not_contact:
        st.warning(t("rights.ui.dnc_active"), icon=":material/do_not_disturb_on:")
    st.header(t("rights.ui.details"), anchor=False)
    details = {**parts[t("rights.export.section.person")][0], **parts[t("rights.export.section.delivery")][0]}
    details[t("rights.field.national_number")] = national_number.display(person.national_number)
    details[t("rights.field.phone")] = phones.for_caller(person.phone)[0]  # as in Belronde
    _table(details)
    st.header(t("rights.ui.history"), anchor=False)
    invitations = parts[t("rights.export.section.invitations")]
    calls = parts[t("rights.export.section.calls")]
    if not invitations and not calls:
        st.caption(t("rights.ui.no_history"))
    for history in (invitations, calls):
        if history:
            widgets.table(history)

    tab_access, tab_rectify, tab_object, tab_erase = st.tabs(
        [t("rights.ui.tab.access"), t("rights.ui.tab.rectify"), t("rights.ui.tab.object"), t("rights.ui.tab.erase")]
    )

    with tab_access:
        st.write(t("rights.ui.access.intro"))
        # Deferred data: the export is made (and audited) only when the button is clicked.
        for fmt, mime in (("json", "application/json"), ("csv", "text/csv")):
            st.download_button(
                t(f"rights.ui.access.{fmt}"),
                data=lambda fmt=fmt: rights.access_export(store, user, person.id, fmt),
                file_name=f"inzage-persoon-{person.id}.{fmt}",
                mime=mime,
                key=f"access_{fmt}",
                on_click="ignore",
                icon=":material/download:",
            )

    with tab_rectify:
        st.write(t("rights.ui.rectify.intro"))
        if not permissions.can(user.role, "people.edit"):
            st.info(t("rights.ui.no_permission"))
        else:
            with st.form(f"rectify_{person.id}"):
                values = {
                    name: st.text_input(
                        t(f"rights.field.{name}"), value=shown_value(person, name), key=f"rect_{person.id}_{name}"
                    )
                    for name in rights.EDITABLE_FIELDS
                }
                save = st.form_submit_button(t("rights.ui.rectify.submit"), type="primary")
            if save:
                try:
                    changed = rights.rectify(store, user, person.id, values)
                except CeremonyError as exc:
                    session.show_error(exc)
                else:
                    for name in rights.EDITABLE_FIELDS:  # redraw the form from the stored values
                        st.session_state.pop(f"rect_{person.id}_{name}", None)
                    labels = ", ".join(t(f"rights.field.{name}") for name in changed)
                    _after(t("rights.ui.rectify.done", fields=labels) if changed else t("rights.ui.rectify.nothing"))

    with tab_object:
        st.write(t("rights.ui.object.intro"))
        if person.do_not_contact:
            if st.button(t("rights.ui.object.lift"), key="dnc_lift"):
                _run(lambda: rights.lift_do_not_contact(store, user, person.id), t("rights.ui.object.lifted"))
        elif st.button(t("rights.ui.object.mark"), key="dnc_mark", type="primary"):
            _run(lambda: rights.mark_do_not_contact(store, user, person.id), t("rights.ui.object.marked"))
        st.header(t("rights.ui.object.tombstone_title"), anchor=False)
        st.write(t("rights.ui.object.tombstone_intro"))
        sure = st.checkbox(t("rights.ui.object.tombstone_confirm"), key=f"tomb_ok_{person.id}")
        if st.button(t("rights.ui.object.tombstone_submit"), key="tomb_go", disabled=not sure):
            _run(
                lambda: rights.object_and_erase(store, user, person.id),
                t("rights.ui.object.tombstone_done"),
                forget=True,
            )

    with tab_erase:
        st.write(t("rights.ui.erase.intro"))
        sure = st.checkbox(t("rights.ui.erase.confirm"), key=f"erase_ok_{person.id}")
        if st.button(t("rights.ui.erase.submit"), key="erase_go", type="primary", disabled=not sure):
            _run(lambda: rights.erase(store, user, person.id), t("rights.ui.erase.done"), forget=True)
