"""Ceremony, check-in and dashboard pages: a coordinator plans, invites and sees figures;
the DPO sees figures but never a name."""

import datetime as dt

import pytest

from ceremony import ceremonies, invitations, target_group
from ceremony.clock import today
from ceremony.phone_round import claims, outcomes
from ceremony.texts import t
from tests.apptest_helpers import login, open_page, readable, texts
from tests.ceremony_factory import add_people
from tests.conftest import add_user
from tests.test_ui_calls import everything
from tests.text_helpers import leading

CREATE = f"FormSubmitter:cer_new-{t('ceremonies.ui.create')}"

SOON = today() + dt.timedelta(days=30)
RECENT = (today() - dt.timedelta(days=60)).isoformat()


@pytest.fixture
def carla(store):
    return add_user(store, "carla", "coordinator")


def test_coordinator_creates_a_ceremony_invites_and_sees_the_dashboard(store, carla):
    add_people(
        store,
        [{"first_name": "Zoë", "last_name": "Ölçer", "certificate_date": RECENT},
         {"first_name": "Omar", "last_name": "Haddad", "certificate_date": RECENT},
         {"first_name": "Oud", "last_name": "Attest", "certificate_date": "2019-01-01"}],
    )
    at = open_page(login("carla"), "ceremonies.py")
    assert not at.exception
    at.text_input(key="cer_new_name").input("Welkomstceremonie")
    at.date_input(key="cer_new_date").set_value(SOON)
    at.text_input(key="cer_new_time").input("14:30")
    at.text_input(key="cer_new_location").input("Stadhuis")
    at.number_input(key="cer_new_capacity").set_value(80)
    at.button(key=CREATE).click().run()
    assert not at.exception
    row = store.one("SELECT name, date, time, location, capacity FROM ceremonies")
    assert row == {"name": "Welkomstceremonie", "date": SOON.isoformat(), "time": "14:30",
                   "location": "Stadhuis", "capacity": 80}
    shown = texts(at)
    assert t("ceremonies.ui.created") in shown
    assert t("forms.cer.eligible_count", count=2) in shown  # "Oud Attest" is outside the window
    assert "Zoë Ölçer" not in shown  # nobody is decrypted before a search
    at.text_input(key="inv_search").input("o").run()
    assert t("checkin.query_short") in texts(at)
    at.text_input(key="inv_search").input("ol").run()
    assert "Zoë Ölçer" in texts(at) and "Oud Attest" not in texts(at)

    at.selectbox(key="inv_channel").set_value("e-mail")
    at.button(key="inv_all").click().run()
    assert store.scalar("SELECT count(*) FROM invitations") == 0  # a second step names the number first
    assert leading("forms.cer.confirm_all", count=2, ceremony="Welkomstceremonie") in texts(at)
    at.button(key="inv_all_yes").click().run()
    assert not at.exception
    assert t("forms.cer.invited", count=2) in texts(at)
    assert store.scalar("SELECT count(*) FROM invitations WHERE channel = 'e-mail'") == 2
    assert leading("forms.cer.all_invited") in texts(at)

    # record an answer from the invitees list
    at.text_input(key="inv_filter").input("haddad").run()
    picked = at.selectbox(key="inv_pick").value
    at.selectbox(key=f"inv_answer_{picked}").set_value("komt")
    at.number_input(key=f"inv_companions_{picked}").set_value(3)
    at.button(key="inv_save_answer").click().run()
    assert store.one("SELECT answer, companions FROM invitations WHERE id = ?", [picked]) == {
        "answer": "komt", "companions": 3,
    }
    # "niet contacteren": the person disappears from the list
    at.text_input(key="inv_filter").set_value("").run()
    at.selectbox(key="inv_pick").set_value(store.scalar("SELECT id FROM invitations WHERE id != ?", [picked]))
    at.button(key="inv_dnc").click().run()
    assert not at.exception
    assert t("ceremonies.ui.do_not_contact_done") in texts(at)
    assert "Zoë Ölçer" not in texts(at) and "Omar Haddad" in texts(at)

    at = open_page(login("carla"), "dashboard.py")
    assert not at.exception
    assert len(at.get("vega_lite_chart")) >= 2
    assert t("stats.stage.invited") in texts(at) and t("stats.stage.confirmed") in texts(at)


def test_invalid_ceremony_input_shows_one_dutch_sentence(store, carla):
    at = open_page(login("carla"), "ceremonies.py")
    at.text_input(key="cer_new_name").input("Welkom")
    at.button(key=CREATE).click().run()
    assert [readable(e.value) for e in at.error] == [t("forms.cer.date_missing")]  # no silent "today"
    at.date_input(key="cer_new_date").set_value(SOON)
    at.text_input(key="cer_new_time").input("25u")
    at.button(key=CREATE).click().run()
    assert not at.exception
    assert [readable(e.value) for e in at.error] == [t("ceremonies.time_invalid")]
    assert store.scalar("SELECT count(*) FROM ceremonies") == 0


def test_check_in_search_mark_present_and_walk_in(store, carla):
    ids = add_people(
        store,
        [{"first_name": "Zoë", "last_name": "Çelik", "certificate_date": RECENT},
         {"first_name": "Jos", "last_name": "Peeters", "certificate_date": RECENT}],
    )
    cid = ceremonies.create_ceremony(store, carla, name="Welkom", date=SOON, capacity=40)
    invitations.invite(store, carla, cid, [ids[0]])
    inv = store.scalar("SELECT id FROM invitations")
    at = open_page(login("carla"), "checkin.py")
    at.text_input(key="ci_query").input("zoe celik").run()
    assert "Zoë Çelik" in texts(at)
    at.number_input(key=f"ci_comp_{inv}").set_value(1)
    at.button(key=f"ci_in_{inv}").click().run()
    assert not at.exception
    assert store.one("SELECT present, companions FROM invitations") == {"present": 1, "companions": 1}
    assert t("checkin.ui.counts_capacity", present=1, companions=1, total=2, capacity=40) in texts(at)
    assert at.text_input(key="ci_query").value == ""  # cleared for the next guest
    at.text_input(key="ci_query").input("zoe celik").run()
    at.button(key=f"ci_undo_{inv}").click().run()
    assert store.scalar("SELECT present FROM invitations") == 0

    at.text_input(key="ci_query").input("peeters").run()
    assert t("checkin.ui.none_found") in texts(at)
    at.button(key=f"ci_walk_{ids[1]}").click().run()
    assert not at.exception
    assert store.one("SELECT present FROM invitations WHERE person_id = ?", [ids[1]]) == {"present": 1}


def test_dpo_sees_figures_but_no_personal_data(store, carla):
    add_people(store, [{"first_name": "Kanarievoornaam", "last_name": "Kanarienaam", "certificate_date": RECENT}])
    cid = ceremonies.create_ceremony(store, carla, name="Welkom", date=SOON)
    invitations.invite(store, carla, cid)
    outcomes.record_outcome(store, carla, claims.claim_next(store, carla, cid), "komt", note="Kanarienotitie")
    add_user(store, "dora", "dpo")
    at = open_page(login("dora"), "dashboard.py")
    assert not at.exception
    shown = everything(at)
    assert t("stats.stage.reached") in shown
    charts = "".join(str(c.proto) for c in at.get("vega_lite_chart"))
    for secret in ("Kanarievoornaam", "Kanarienaam", "Kanarienotitie", "+32470"):
        assert secret not in shown and secret not in charts
    for page in ("ceremonies.py", "calls.py", "checkin.py", "people.py"):
        refused = everything(open_page(login("dora"), page))
        assert t("auth.denied") in refused and "Kanarievoornaam" not in refused, page


def _views(store, action: str) -> int:
    return store.scalar("SELECT count(*) FROM audit WHERE action = ?", [action])


def test_viewing_lists_is_audited_once_until_what_is_shown_changes(store, carla):
    ids = add_people(
        store,
        [{"first_name": "Zoë", "last_name": "Çelik", "certificate_date": RECENT},
         {"first_name": "Jos", "last_name": "Peeters", "certificate_date": RECENT},
         {"first_name": "Mira", "last_name": "Janssens", "certificate_date": RECENT}],
    )
    cid = ceremonies.create_ceremony(store, carla, name="Welkom", date=SOON)
    invitations.invite(store, carla, cid, [ids[0]])
    at = open_page(login("carla"), "ceremonies.py")
    assert (_views(store, "ceremony.eligible_search"), _views(store, "ceremony.invitees_view")) == (0, 1)
    at.text_input(key="inv_search").input("peeters").run()
    assert (_views(store, "ceremony.eligible_search"), _views(store, "ceremony.invitees_view")) == (1, 1)
    at.run()
    at.text_input(key="inv_filter").input("celik").run()  # reruns that show the same people
    assert (_views(store, "ceremony.eligible_search"), _views(store, "ceremony.invitees_view")) == (1, 1)
    at.text_input(key="inv_filter").set_value("").run()  # still the same one invitee shown
    assert _views(store, "ceremony.invitees_view") == 1
    at.multiselect(key="inv_selection").select(ids[1]).run()
    at.button(key="inv_some").click().run()  # the lists change: each new view is recorded
    assert (_views(store, "ceremony.eligible_search"), _views(store, "ceremony.invitees_view")) == (1, 2)
    at.text_input(key="inv_search").input("janssens").run()
    assert _views(store, "ceremony.eligible_search") == 2

    at = open_page(at, "checkin.py")
    at.text_input(key="ci_query").input("celik").run()
    assert (_views(store, "checkin.search"), _views(store, "checkin.search_walk_in")) == (1, 1)
    at.run()
    at.run()
    assert (_views(store, "checkin.search"), _views(store, "checkin.search_walk_in")) == (1, 1)
    at.text_input(key="ci_query").input("janssens").run()  # a new search is a new access
    assert (_views(store, "checkin.search"), _views(store, "checkin.search_walk_in")) == (2, 2)
    trail = " ".join(r["details"] + r["target"] for r in store.rows("SELECT details, target FROM audit"))
    assert "janssens" not in trail.lower() and "celik" not in trail.lower()


def test_check_in_keeps_no_name_in_the_session_and_a_failing_button_is_one_sentence(store, carla, monkeypatch):
    from ceremony import checkin

    ids = add_people(store, [{"first_name": "Zqxvoornaam", "last_name": "Zqxnaam", "certificate_date": RECENT},
                             {"first_name": "Ander", "last_name": "Zqxnaam", "certificate_date": RECENT}])
    cid = ceremonies.create_ceremony(store, carla, name="Welkom", date=SOON)
    invitations.invite(store, carla, cid, ids)
    first, second = (store.scalar("SELECT id FROM invitations WHERE person_id = ?", [p]) for p in ids)
    at = open_page(login("carla"), "checkin.py")
    at.text_input(key="ci_query").input("zqxnaam").run()
    at.button(key=f"ci_in_{first}").click().run()
    # only the invitation id went through the session; this run names the person
    assert [s.value for s in at.success] == [t("checkin.ui.marked", name="Zqxvoornaam Zqxnaam")]
    assert "Zqx" not in repr(at.session_state)

    monkeypatch.delenv("CEREMONY_RAISE_ERRORS")

    def boom(*args, **kwargs):
        raise ValueError("Zqxvoornaam 85073003328")

    monkeypatch.setattr(checkin, "check_in", boom)
    at.text_input(key="ci_query").input("zqxnaam").run()
    at.button(key=f"ci_in_{second}").click().run()
    assert not at.exception
    shown = texts(at)
    assert t("generic.unexpected") in shown and "85073003328" not in shown
    assert store.scalar("SELECT present FROM invitations WHERE id = ?", [second]) == 0


# --- the date trap, an empty window, the picker beyond 200 ------------


def test_a_window_that_excludes_everyone_says_so_and_a_corrected_date_shows_everywhere(store, carla):
    add_people(store, [{"certificate_date": RECENT} for _ in range(3)])
    far = today() + dt.timedelta(days=3 * 365)  # the year mistyped: nobody's certificate is that recent
    at = open_page(login("carla"), "ceremonies.py")
    at.text_input(key="cer_new_name").input("Welkom")
    at.date_input(key="cer_new_date").set_value(far)
    at.button(key=CREATE).click().run()
    start = target_group.window_start(far, 12)
    shown = texts(at)
    assert leading("forms.cer.window_empty", start=f"{start:%d/%m/%Y}", end=f"{far:%d/%m/%Y}") in shown
    assert leading("forms.cer.all_invited") not in shown
    assert at.selectbox(key="cer_pick").format_func(at.selectbox(key="cer_pick").value) == f"Welkom – {far:%d/%m/%Y}"

    cid = store.scalar("SELECT id FROM ceremonies")
    assert at.date_input(key=f"cer_edit_{cid}_date").value is None  # empty: typing lands in the day
    at.date_input(key=f"cer_edit_{cid}_date").set_value(SOON)
    at.button(key=f"FormSubmitter:cer_edit_{cid}-Opslaan").click().run()
    assert not at.exception
    assert store.scalar("SELECT date FROM ceremonies") == SOON.isoformat()
    assert at.selectbox(key="cer_pick").format_func(cid) == f"Welkom – {SOON:%d/%m/%Y}"  # no stale date
    assert at.date_input(key=f"cer_edit_{cid}_date").value is None
    shown = texts(at)
    assert t("forms.cer.eligible_count", count=3) in shown and leading("forms.cer.window_empty") not in shown
    # saving the other fields with the date left empty keeps the date
    at.text_input(key=f"cer_edit_{cid}_location").input("Stadhuis")
    at.button(key=f"FormSubmitter:cer_edit_{cid}-Opslaan").click().run()
    assert store.one("SELECT date, location FROM ceremonies") == {"date": SOON.isoformat(), "location": "Stadhuis"}


def test_the_picker_finds_people_beyond_the_first_200_and_everyone_needs_a_confirmation(store, carla):
    add_people(store, [{"certificate_date": RECENT} for _ in range(250)])
    cid = ceremonies.create_ceremony(store, carla, name="Welkom", date=SOON)
    at = open_page(login("carla"), "ceremonies.py")
    assert t("forms.cer.eligible_count", count=250) in texts(at)
    at.text_input(key="inv_search").input("familienaam").run()
    shown = texts(at)
    assert t("forms.cer.found", count=250) in shown
    assert t("forms.cer.found_more", shown=200, count=250) in shown
    assert len(at.multiselect(key="inv_selection").options) == 200

    at.text_input(key="inv_search").input("voornaam247 ").run()  # sorted by name, 247 is not among the first 200
    assert t("forms.cer.found_one") in texts(at)
    [option] = at.multiselect(key="inv_selection").options
    assert option.startswith("Voornaam247 Familienaam247")
    person = store.scalar("SELECT id FROM people ORDER BY id LIMIT 1 OFFSET 247")
    at.multiselect(key="inv_selection").select(person).run()
    at.button(key="inv_some").click().run()
    assert not at.exception
    assert t("forms.cer.invited_one") in texts(at)
    assert store.rows("SELECT person_id FROM invitations") == [{"person_id": person}]

    at.button(key="inv_all").click().run()
    assert leading("forms.cer.confirm_all", count=249, ceremony="Welkom") in texts(at)
    at.button(key="inv_all_no").click().run()
    assert store.scalar("SELECT count(*) FROM invitations") == 1  # cancelled: nobody more invited
    at.button(key="inv_all").click().run()
    at.button(key="inv_all_yes").click().run()
    assert t("forms.cer.invited", count=249) in texts(at)
    assert store.scalar("SELECT count(*) FROM invitations WHERE ceremony_id = ?", [cid]) == 250
