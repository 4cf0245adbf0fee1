"""The phone round page per role: a beller sees names and numbers only and nothing else."""

import datetime as dt
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from ceremony import audit, auth, ceremonies, invitations, rights
from ceremony.clock import today
from ceremony.texts import t
from tests.apptest_helpers import PAGES, login, open_page, sign_in_token, texts, with_cookie
from tests.ceremony_factory import add_people
from tests.conftest import add_user
from tests.text_helpers import matching

CANARIES = {
    "national_number": "85073003328",
    "street": "Kanariestraat",
    "house_number": "77Q",
    "box": "Zb9",
    "postcode": "8999",
    "municipality": "Kanariegem",
    "email": "kanarie@example.org",
}
FORBIDDEN = [*CANARIES.values(), "85.07.30-033.28"]
# relative to today: the app's start-up purge removes data of ceremonies long past
SOON = today() + dt.timedelta(days=30)
RECENT = (today() - dt.timedelta(days=60)).isoformat()


def everything(at: AppTest) -> str:
    """Every element of the page as text: labels, values, options, tables."""
    protos = "\n".join(str(getattr(node, "proto", "")) for node in at.main)
    protos = "\n".join(line for line in protos.splitlines() if "$$ID-" not in line)  # widget ids are hashes
    return protos + "\n" + texts(at)


@pytest.fixture
def round_ready(store):
    coord = add_user(store, "carla", "coordinator")
    add_user(store, "bert", "beller")
    add_people(
        store,
        [{"first_name": "Ayşe", "last_name": "Yılmaz", "phone": "+32470123456", "certificate_date": RECENT, **CANARIES}],
    )
    cid = ceremonies.create_ceremony(
        store, coord, name="Welkom", date=SOON, call_script="Dag, u bent uitgenodigd!"
    )
    invitations.invite(store, coord, cid)
    return cid


def test_beller_sees_name_number_and_script_only(store, round_ready):
    at = open_page(login("bert"), "calls.py")
    assert not at.exception
    assert t("calls.ui.queue", n=1) in texts(at)
    at.button(key="call_next").click().run()
    shown = everything(at)
    assert "Ayşe Yılmaz" in shown
    assert "[0470 12 34 56](tel:+32470123456)" in shown
    assert "Dag, u bent uitgenodigd!" in shown
    for secret in FORBIDDEN:
        assert secret not in shown, secret


def test_beller_saves_an_outcome_with_a_note(store, round_ready):
    at = open_page(login("bert"), "calls.py")
    at.button(key="call_next").click().run()
    at.text_input(key="call_note").input("Belt terug na het werk")
    at.button(key="out_geen_antwoord").click().run()
    assert not at.exception
    assert t("calls.ui.saved", name="Ayşe Yılmaz", outcome=t("calls.outcome.geen_antwoord")) in texts(at)
    row = store.one("SELECT attempts, claimed_by FROM invitations")
    # one attempt; the same (only) person is claimed again straight away
    assert row == {"attempts": 1, "claimed_by": "bert"}
    assert "Belt terug na het werk" in texts(at)  # earlier attempts show the note
    at.number_input(key="call_companions").set_value(2)
    at.button(key="out_komt").click().run()
    assert store.one("SELECT reached, answer, companions, claimed_by FROM invitations") == {
        "reached": 1, "answer": "komt", "companions": 2, "claimed_by": None,
    }
    assert t("calls.ui.empty") in texts(at)


def test_callback_from_the_page(store, round_ready):
    at = open_page(login("bert"), "calls.py")
    at.button(key="call_next").click().run()
    at.button(key="out_terugbellen").click().run()
    assert not at.exception
    assert store.scalar("SELECT callback_at FROM invitations") is not None
    assert t("calls.ui.queue", n=0) in texts(at)


def test_beller_cannot_reach_other_pages(store, round_ready):
    for page in ("ceremonies.py", "people.py", "exports.py", "users.py", "settings.py", "audit.py",
                 "dashboard.py", "checkin.py", "intake.py", "retention.py", "compliance.py"):
        shown = everything(open_page(login("bert"), page))
        assert t("auth.denied") in shown and "Ayşe" not in shown, page


@pytest.mark.parametrize("page", ["ceremonies.py", "checkin.py", "dashboard.py", "people.py", "exports.py"])
def test_pages_run_directly_refuse_a_beller(store, round_ready, page):
    at = AppTest.from_file(str(PAGES / page), default_timeout=60)
    with_cookie(at, sign_in_token("bert"))
    at.run()
    shown = everything(at)
    assert t("auth.denied") in shown
    assert "Ayşe" not in shown and "Yılmaz" not in shown


def test_coordinator_splits_the_queue(store, round_ready):
    add_user(store, "bea", "beller")
    at = open_page(login("carla"), "calls.py")
    at.multiselect(key="assign_callers").set_value(["bea"])
    at.button(key="assign_go").click().run()
    assert not at.exception
    assert store.scalar("SELECT assigned_to FROM invitations") == "bea"
    at = open_page(login("bert"), "calls.py")
    assert t("calls.ui.queue", n=0) in texts(at)


def test_person_marked_do_not_contact_while_claimed_leaves_the_callers_page(store, round_ready):
    at = open_page(login("bert"), "calls.py")
    at.button(key="call_next").click().run()
    assert "Ayşe Yılmaz" in texts(at)
    coordinator = auth.current(store, store.scalar("SELECT id FROM users WHERE username = 'carla'"))
    person = store.scalar("SELECT person_id FROM invitations")
    rights.mark_do_not_contact(store, coordinator, person)  # meanwhile, on the "Personen" page
    at.run()
    assert not at.exception
    shown = texts(at)
    assert "Ayşe Yılmaz" not in shown
    assert t("calls.ui.queue", n=0) in shown and t("calls.ui.empty") in shown
    assert not at.error


def test_a_failing_outcome_button_shows_one_sentence_and_keeps_the_person(store, round_ready, monkeypatch):
    from ceremony.phone_round import outcomes

    at = open_page(login("bert"), "calls.py")
    at.button(key="call_next").click().run()
    monkeypatch.delenv("CEREMONY_RAISE_ERRORS")

    def boom(*args, **kwargs):
        raise ValueError("Ayşe Yılmaz +32470123456")

    monkeypatch.setattr(outcomes, "record_outcome", boom)
    at.button(key="out_komt").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and t("store.unexpected") in errors[0]
    assert "+32470123456" not in " ".join(errors)
    assert store.scalar("SELECT count(*) FROM call_attempts") == 0


def test_a_note_typed_for_one_person_never_lands_on_the_next(store, round_ready):
    coordinator = auth.current(store, store.scalar("SELECT id FROM users WHERE username = 'carla'"))
    [other] = add_people(store, [{"first_name": "Bram", "last_name": "Tweede", "certificate_date": RECENT}], start=1)
    invitations.invite(store, coordinator, round_ready, [other])
    at = open_page(login("bert"), "calls.py")
    at.button(key="call_next").click().run()
    first = store.scalar("SELECT person_id FROM invitations WHERE claimed_by = 'bert'")
    [note] = [w for w in at.text_input if w.label == t("calls.ui.note")]
    note.input("Zqxnotitie voor de eerste persoon").run()
    rights.mark_do_not_contact(store, coordinator, first)  # meanwhile, on the "Personen" page
    at.run()
    at.button(key="call_next").click().run()
    assert store.scalar("SELECT person_id FROM invitations WHERE claimed_by = 'bert'") != first
    assert all("Zqxnotitie" not in str(w.value) for w in at.text_input)
    at.button(key="out_geen_antwoord").click().run()
    assert not at.exception
    assert store.scalar("SELECT count(*) FROM call_attempts WHERE note IS NOT NULL") == 0


def test_saved_message_names_the_person_and_undo_brings_them_back(store, round_ready):
    at = open_page(login("bert"), "calls.py")
    at.button(key="call_next").click().run()
    at.button(key="out_komt").click().run()
    assert t("calls.ui.saved", name="Ayşe Yılmaz", outcome=t("calls.outcome.komt")) in texts(at)
    assert t("calls.ui.queue", n=0) in texts(at)
    at.button(key="call_undo").click().run()
    assert not at.exception
    assert store.one("SELECT reached, answer, attempts, claimed_by FROM invitations") == {
        "reached": 0, "answer": None, "attempts": 0, "claimed_by": "bert",
    }
    assert store.scalar("SELECT count(*) FROM call_attempts") == 0
    shown = texts(at)
    assert t("calls.ui.undone", name="Ayşe Yılmaz") in shown
    assert "[0470 12 34 56](tel:+32470123456)" in everything(at)  # the card is back
    assert not [b for b in at.button if b.key == "call_undo"]


def test_no_number_list_for_the_coordinator_only_and_out_of_the_queue(store, round_ready):
    coordinator = auth.current(store, store.scalar("SELECT id FROM users WHERE username = 'carla'"))
    [other] = add_people(
        store, [{"first_name": "Zonder", "last_name": "Nummer", "phone": "", "certificate_date": RECENT}], start=1,
    )
    invitations.invite(store, coordinator, round_ready, [other])
    at = open_page(login("bert"), "calls.py")
    assert t("calls.ui.queue", n=1) in texts(at)
    assert "Zonder Nummer" not in everything(at) and not at.expander
    at = open_page(login("carla"), "calls.py")
    [listing] = [e for e in at.expander if e.label == t("calls.ui.no_number", n=1)]
    [table] = listing.dataframe
    assert list(table.value[t("calls.ui.no_number_col")]) == ["Zonder Nummer"]


# --- a card saves only under its own claim; people without a number get a letter ---


def test_a_second_window_of_the_same_caller_takes_the_card_and_the_first_saves_nothing(store, round_ready):
    first = open_page(login("bert"), "calls.py")
    first.button(key="call_next").click().run()
    second = open_page(login("bert"), "calls.py")  # another tab: the same person, on a card of its own
    assert "Ayşe Yılmaz" in texts(second)
    first.button(key="out_geen_antwoord").click().run()
    assert not first.exception
    assert store.scalar("SELECT attempts FROM invitations") == 0  # nothing saved from the stale card
    assert [e.value for e in first.error] == [t("calls.claim_lost.window")]
    assert "Ayşe Yılmaz" in texts(first)  # the card again, now this window's
    first.button(key="out_komt_niet").click().run()  # a deliberate second choice saves
    assert store.one("SELECT attempts, answer FROM invitations") == {"attempts": 1, "answer": "komt_niet"}
    second.button(key="out_komt").click().run()  # the other window's card: "komt" never overwrites it
    assert not second.exception
    assert store.one("SELECT attempts, answer FROM invitations") == {"attempts": 1, "answer": "komt_niet"}
    [error] = [e.value for e in second.error]
    assert re.fullmatch(matching("calls.claim_lost.saved", caller="bert", outcome=t("calls.outcome.komt_niet")), error)


def test_after_the_claim_expired_a_stale_card_names_who_holds_the_person(store, round_ready, monkeypatch):
    start = dt.datetime.now(dt.UTC).replace(microsecond=0)
    monkeypatch.setenv("CEREMONY_FAKE_NOW", start.isoformat())
    add_user(store, "bea", "beller")
    bert = open_page(login("bert"), "calls.py")
    bert.button(key="call_next").click().run()
    monkeypatch.setenv("CEREMONY_FAKE_NOW", (start + dt.timedelta(minutes=11)).isoformat())
    bea = open_page(login("bea"), "calls.py")
    bea.button(key="call_next").click().run()  # call_claim_minutes (10) passed: bea gets Ayşe
    assert "Ayşe Yılmaz" in texts(bea)
    bert.button(key="out_komt_niet").click().run()
    assert not bert.exception
    assert store.one("SELECT attempts, answer, claimed_by FROM invitations") == {
        "attempts": 0, "answer": None, "claimed_by": "bea",
    }
    assert [e.value for e in bert.error] == [t("calls.claim_lost.taken", caller="bea")]
    assert "Ayşe Yılmaz" not in texts(bert)  # bea's now: bert's page is back at the queue
    bea.button(key="out_komt").click().run()
    assert store.one("SELECT attempts, answer FROM invitations") == {"attempts": 1, "answer": "komt"}
    refused = audit.entries(store, action="calls.outcome_refused")
    assert len(refused) == 1 and json.loads(refused[0]["details"]) == {"outcome": "komt_niet", "reason": "taken"}


def test_coordinator_moves_everyone_without_a_number_to_the_letter_channel(store, round_ready):
    coordinator = auth.current(store, store.scalar("SELECT id FROM users WHERE username = 'carla'"))
    nobody = add_people(store, [{"first_name": f"Zonder{i}", "last_name": "Nummer", "phone": "",
                                  "certificate_date": RECENT} for i in range(3)], start=1)
    store.db.execute("DELETE FROM invitations")
    invitations.invite(store, coordinator, round_ready, channel="telefoon")
    at = open_page(login("carla"), "calls.py")
    [listing] = [e for e in at.expander if e.label == t("calls.ui.no_number", n=3)]
    assert list(listing.dataframe[0].value[t("calls.ui.no_number_channel")]) == [t("ceremonies.channel.telefoon")] * 3
    at.button(key="to_letter").click().run()
    assert t("calls.ui.to_letter_confirm", n=3) in texts(at)
    assert store.scalar("SELECT count(*) FROM invitations WHERE channel = 'brief'") == 0  # not before the yes
    at.button(key="to_letter_yes").click().run()
    assert not at.exception
    assert t("calls.ui.to_letter_done", n=3) in texts(at)
    assert sorted(r["person_id"] for r in store.rows("SELECT person_id FROM invitations WHERE channel = 'brief'")) \
        == sorted(nobody)
    assert t("calls.ui.to_letter_nothing") in texts(at)
    entry = audit.entries(store, action="invitation.to_letter")[0]
    assert json.loads(entry["details"]) == {"count": 3, "selected": False}


def test_a_belronde_run_checks_the_numbers_once(store, round_ready, monkeypatch):
    """The number check passes over every open invitation (a quarter of a Belronde run at
    20,000 invitees): the page sorts the numbers out once per run, its count reuses that."""
    from ceremony.invitations import phone_round as rounds

    at = open_page(login("bert"), "calls.py")
    passes = []
    unchecked = rounds.unchecked_numbers
    monkeypatch.setattr(rounds, "unchecked_numbers", lambda *args: passes.append(1) or unchecked(*args))
    at.run()
    assert not at.exception
    assert t("calls.ui.queue", n=1) in texts(at)
    assert len(passes) == 1
    # taking the next person and saving an outcome: the claim checked them, the page not again
    at.button(key="call_next").click().run()
    assert not at.exception and at.button(key="out_geen_antwoord")
    assert len(passes) == 2
    at.button(key="out_geen_antwoord").click().run()
    assert not at.exception and at.button(key="out_geen_antwoord")  # the next card (the same one person)
    assert len(passes) == 3
    at.run()  # a run without a claim taken: the page checks
    assert len(passes) == 4
