"""The phone round: queue order, claims and their expiry, call-backs, outcomes, assignment,
undo of the last outcome, people without a usable number."""

import datetime as dt
import json

import pytest

from ceremony import audit, ceremonies, invitations, phones, rights
from ceremony.clock import BRUSSELS
from ceremony.errors import AccessDenied, Conflict, InvalidInput
from ceremony.phone_round import assignment, call_card, claims, numbers, outcomes, queue
from ceremony.texts import t
from tests.ceremony_factory import add_people
from tests.conftest import add_user, assert_absent
from tests.text_helpers import matching

NOW = dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(monkeypatch):
    """A settable clock (CEREMONY_FAKE_NOW)."""

    class Clock:
        def set(self, moment: dt.datetime) -> None:
            monkeypatch.setenv("CEREMONY_FAKE_NOW", moment.isoformat())

        def advance(self, **delta) -> None:
            self.now = self.now + dt.timedelta(**delta)
            self.set(self.now)

    c = Clock()
    c.now = NOW
    c.set(NOW)
    return c


@pytest.fixture
def coord(store):
    return add_user(store, "carla", "coordinator")


@pytest.fixture
def bellers(store):
    return add_user(store, "bert", "beller"), add_user(store, "bea", "beller")


def ceremony_with(store, coord, specs):
    ids = add_people(store, specs)
    cid = ceremonies.create_ceremony(store, coord, name="Welkom", date="2026-10-15", call_script="Hallo!")
    invitations.invite(store, coord, cid)
    invitation = {
        pid: store.scalar("SELECT id FROM invitations WHERE person_id = ?", [pid]) for pid in ids
    }
    return cid, ids, invitation


def test_queue_order_callback_then_attempts_then_recent_certificate(store, coord, bellers, clock):
    cid, ids, inv = ceremony_with(
        store, coord,
        [{"certificate_date": d} for d in ("2026-01-10", "2026-05-01", "2026-03-01", "2025-12-01")],
    )
    store.db.execute("UPDATE invitations SET attempts = 1 WHERE id = ?", [inv[ids[1]]])
    store.db.execute(
        "UPDATE invitations SET attempts = 3, callback_at = '2026-09-01T09:00:00Z' WHERE id = ?", [inv[ids[3]]]
    )
    order = [r["person_id"] for r in queue.queue(store, bellers[0], cid)]
    # due call-back first, then 0 attempts by most recent certificate, then the one with an attempt
    assert order == [ids[3], ids[2], ids[0], ids[1]]
    assert queue.queue_size(store, bellers[0], cid) == 4


def test_two_callers_never_get_the_same_person_and_claims_expire(store, coord, bellers, clock):
    bert, bea = bellers
    cid, ids, inv = ceremony_with(store, coord, [{}, {}])
    first = claims.claim_next(store, bert, cid)
    assert claims.claim_next(store, bert, cid, first) == first  # asking again keeps the same card
    second = claims.claim_next(store, bea, cid)
    assert {first.invitation_id, second.invitation_id} == set(inv.values())
    assert claims.claim_next(store, coord, cid) is None  # everybody is taken
    clock.advance(minutes=11)  # call_claim_minutes defaults to 10
    assert claims.claim_next(store, coord, cid).invitation_id in {first.invitation_id, second.invitation_id}
    opened = [e for e in audit.entries(store, action="calls.open")]
    assert len(opened) == 3 and all(e["target"].startswith("invitation:") for e in opened)


def test_callback_is_offered_only_when_due(store, coord, bellers, clock):
    bert = bellers[0]
    cid, ids, inv = ceremony_with(store, coord, [{}])
    claimed = claims.claim_next(store, bert, cid)
    moment = dt.datetime(2026, 9, 2, 18, 30, tzinfo=BRUSSELS)
    outcomes.record_outcome(store, bert, claimed, "terugbellen", callback_at=moment)
    assert store.scalar("SELECT callback_at FROM invitations") == "2026-09-02T16:30:00Z"
    assert claims.claim_next(store, bert, cid) is None
    clock.set(dt.datetime(2026, 9, 2, 16, 31, tzinfo=dt.UTC))
    claimed = claims.claim_next(store, bert, cid)
    assert claimed.invitation_id == inv[ids[0]]
    with pytest.raises(InvalidInput, match=matching("calls.callback_past")):
        outcomes.record_outcome(store, bert, claimed, "terugbellen", callback_at=NOW)
    with pytest.raises(InvalidInput, match=matching("calls.callback_missing")):
        outcomes.record_outcome(store, bert, claimed, "terugbellen")


def test_outcomes_update_the_invitation_and_release_the_claim(store, coord, bellers, clock, data_dir):
    bert = bellers[0]
    cid, ids, inv = ceremony_with(store, coord, [{}, {}])
    a = claims.claim_next(store, bert, cid)
    outcomes.record_outcome(store, bert, a, "geen_antwoord")
    row = store.one("SELECT * FROM invitations WHERE id = ?", [a.invitation_id])
    assert (row["attempts"], row["reached"], row["answer"], row["claimed_by"]) == (1, 0, None, None)
    b = claims.claim_next(store, bert, cid)
    assert b.invitation_id != a.invitation_id  # fewer attempts go first
    outcomes.record_outcome(store, bert, b, "komt", note="Brengt zus Qwzanote mee", companions=1)
    row = store.one("SELECT * FROM invitations WHERE id = ?", [b.invitation_id])
    assert (row["attempts"], row["reached"], row["answer"], row["companions"], row["channel"]) == (
        1, 1, "komt", 1, "brief",
    )
    assert claims.claim_next(store, bert, cid).invitation_id == a.invitation_id  # the reached person left the queue
    card = call_card.card(store, bert, a.invitation_id)
    assert [x.outcome for x in card.attempts] == ["geen_antwoord"]
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert_absent(data_dir, [b"Qwzanote"])  # notes are sealed
    entries = audit.entries(store, action="calls.outcome")
    assert [json.loads(e["details"])["outcome"] for e in entries] == ["komt", "geen_antwoord"]
    assert "Qwzanote" not in json.dumps(entries)


def test_wrong_number_leaves_the_queue(store, coord, bellers, clock):
    bert = bellers[0]
    cid, ids, inv = ceremony_with(store, coord, [{}])
    outcomes.record_outcome(store, bert, claims.claim_next(store, bert, cid), "verkeerd_nummer")
    assert queue.queue_size(store, bert, cid) == 0


def test_caller_card_shows_only_what_calling_needs(store, coord, bellers, clock):
    bert = bellers[0]
    cid, ids, inv = ceremony_with(
        store, coord,
        [{"first_name": "Ayşe", "last_name": "Yılmaz", "phone": "+32470123456", "street": "Canarystraat",
          "email": "canary@example.org", "national_number": "85073003328"}],
    )
    claimed = claims.claim_next(store, bert, cid).invitation_id
    card = call_card.card(store, bert, claimed)
    assert (card.first_name, card.last_name, card.phone, card.phone_uri, card.call_script) == (
        "Ayşe", "Yılmaz", "0470 12 34 56", "tel:+32470123456", "Hallo!",
    )
    shown = repr(card)
    for secret in ("Canarystraat", "canary@example.org", "85073003328", "9000", "Gent"):
        assert secret not in shown
    with pytest.raises(AccessDenied):  # a person claimed by someone else cannot be opened
        call_card.card(store, bellers[1], claimed)


def test_phone_forms_for_the_caller_and_for_the_mail_merge_side_by_side():
    assert phones.for_caller("+3292345678") == ("09 234 56 78", "tel:+3292345678")
    assert phones.for_caller("+31612345678") == ("+31 6 12345678", "tel:+31612345678")
    assert phones.for_caller("") == ("", None)
    assert phones.dial_from_belgium("+32470123456") == "0470 12 34 56"
    assert phones.dial_from_belgium("+31612345678") == "00 31 6 12345678"
    assert phones.for_caller("geen nummer") == ("geen nummer", None)


def test_assignment_gives_own_then_unassigned_never_others(store, coord, bellers, clock):
    bert, bea = bellers
    cid, ids, inv = ceremony_with(store, coord, [{} for _ in range(5)])
    counts = assignment.assign(store, coord, cid, ["bert", "bea"])
    assert counts == {"bea": 3, "bert": 2}
    store.db.execute("UPDATE invitations SET assigned_to = NULL WHERE id = ?", [inv[ids[4]]])
    mine = {r["id"] for r in store.rows("SELECT id FROM invitations WHERE assigned_to = 'bert'")}
    offered = [r["id"] for r in queue.queue(store, bert, cid)]
    assert set(offered[: len(mine)]) == mine
    assert offered[len(mine):] == [inv[ids[4]]]
    with pytest.raises(AccessDenied):
        assignment.assign(store, bert, cid, ["bert"])
    with pytest.raises(InvalidInput, match=matching("calls.caller_unknown")):
        assignment.assign(store, coord, cid, ["nobody"])
    assert assignment.clear_assignment(store, coord, cid) == 4


def test_roles_without_calls_make_are_refused(store, coord, clock):
    cid, ids, inv = ceremony_with(store, coord, [{}])
    dora = add_user(store, "dora", "dpo")
    for action in (queue.queue_size, claims.claim_next):
        with pytest.raises(AccessDenied):
            action(store, dora, cid)
    with pytest.raises(AccessDenied):
        outcomes.record_outcome(store, dora, claims.Claim(inv[ids[0]], "x", ""), "komt")


def test_invalid_outcome_and_long_note(store, coord, bellers, clock):
    bert = bellers[0]
    cid, ids, inv = ceremony_with(store, coord, [{}])
    claimed = claims.claim_next(store, bert, cid)
    with pytest.raises(InvalidInput):
        outcomes.record_outcome(store, bert, claimed, "ontploft")
    with pytest.raises(InvalidInput, match=matching("calls.note_long")):
        outcomes.record_outcome(store, bert, claimed, "komt", note="x" * 501)
    assert store.scalar("SELECT count(*) FROM call_attempts") == 0


def test_do_not_contact_from_the_people_page_releases_the_callers_claim(store, coord, bellers, clock):
    bert = bellers[0]
    cid, ids, inv = ceremony_with(store, coord, [{}, {}])
    claim = claims.claim_next(store, bert, cid)
    held = claim.invitation_id
    person = store.scalar("SELECT person_id FROM invitations WHERE id = ?", [held])
    rights.mark_do_not_contact(store, coord, person)  # the "Personen" page's path
    assert claims.current_claim(store, bert, cid) is None
    assert claims.held(store, bert, cid, claim) is None
    assert store.scalar("SELECT claimed_by FROM invitations WHERE id = ?", [held]) is None
    following = claims.claim_next(store, bert, cid, claim)
    assert following is not None and following.invitation_id != held


def test_a_claim_on_someone_flagged_meanwhile_is_skipped(store, coord, bellers, clock):
    bert = bellers[0]
    cid, ids, inv = ceremony_with(store, coord, [{}, {}])
    claim = claims.claim_next(store, bert, cid)
    with store.write() as db:  # flagged by a path that did not release the claim
        db.execute("UPDATE people SET do_not_contact = 1 WHERE id = (SELECT person_id FROM invitations WHERE id = ?)",
                   [claim.invitation_id])
    assert claims.current_claim(store, bert, cid) is None
    assert claims.held(store, bert, cid, claim) is None
    following = claims.claim_next(store, bert, cid, claim)
    assert following is not None and following.invitation_id != claim.invitation_id


# --- undo, no usable number ----------------------------------------------------------------

STATE = "SELECT attempts, reached, answer, companions, callback_at, channel, claimed_by FROM invitations WHERE id = ?"


def test_undo_restores_the_invitation_removes_the_attempt_and_shows_the_person_again(store, coord, bellers, clock):
    bert, _ = bellers
    cid, ids, inv = ceremony_with(store, coord, [{"first_name": "Jan", "last_name": "Peeters"}, {}])
    claim = claims.claim_next(store, bert, cid)
    held = claim.invitation_id
    before = store.one(STATE, [held])
    uid = outcomes.record_outcome(store, bert, claim, "komt", note="Komt met zijn zus", companions=1)
    claims.claim_next(store, bert, cid)  # the page takes the next person at once
    assert claims.current_claim(store, bert, cid) != held

    saved = outcomes.last_saved(store, bert, cid)
    assert (saved.first_name, saved.last_name, saved.outcome) == ("Jan", "Peeters", "komt")
    assert outcomes.undo_outcome(store, bert, uid).invitation_id == held
    assert store.one(STATE, [held]) == {**before, "claimed_by": "bert"}
    assert store.scalar("SELECT count(*) FROM call_attempts") == 0
    assert claims.current_claim(store, bert, cid) == held  # the other person went back to the queue
    assert outcomes.last_saved(store, bert, cid) is None
    entry = [e for e in audit.entries(store) if e["action"] == "calls.undo"]
    assert len(entry) == 1 and entry[0]["target"] == f"invitation:{held}"
    assert "Peeters" not in json.dumps(entry[0])


def test_undo_only_for_a_few_minutes_by_the_caller_and_only_the_latest(store, coord, bellers, clock):
    bert, bea = bellers
    cid, ids, inv = ceremony_with(store, coord, [{}])
    claim = claims.claim_next(store, bert, cid)
    held = claim.invitation_id
    first = outcomes.record_outcome(store, bert, claim, "geen_antwoord")
    with pytest.raises(AccessDenied):
        outcomes.undo_outcome(store, bea, first)
    clock.advance(minutes=1)
    outcomes.record_outcome(store, bea, claims.claim_next(store, bea, cid), "voicemail")
    with pytest.raises(InvalidInput):
        outcomes.undo_outcome(store, bert, first)  # not the latest attempt any more
    clock.advance(minutes=outcomes.UNDO_MINUTES + 1)
    assert outcomes.last_saved(store, bea, cid) is None
    last = store.scalar("SELECT uid FROM call_attempts ORDER BY id DESC LIMIT 1")
    with pytest.raises(InvalidInput):
        outcomes.undo_outcome(store, bea, last)
    assert store.scalar("SELECT attempts FROM invitations WHERE id = ?", [held]) == 2


def test_undo_refused_when_the_invitation_changed_since(store, coord, bellers, clock):
    bert, _ = bellers
    cid, ids, inv = ceremony_with(store, coord, [{}])
    claim = claims.claim_next(store, bert, cid)
    held = claim.invitation_id
    uid = outcomes.record_outcome(store, bert, claim, "komt")
    invitations.set_answer(store, coord, held, "komt_niet")
    with pytest.raises(InvalidInput):
        outcomes.undo_outcome(store, bert, uid)
    assert store.scalar("SELECT answer FROM invitations WHERE id = ?", [held]) == "komt_niet"


def test_people_without_a_usable_number_leave_the_queue_for_the_no_number_list(store, coord, bellers, clock):
    bert, _ = bellers
    cid, ids, inv = ceremony_with(
        store, coord,
        [{"first_name": "Ann", "last_name": "Zonder", "phone": ""},
         {"first_name": "Bob", "last_name": "Kapot", "phone": "bel me niet"},
         {"first_name": "Cas", "last_name": "Met", "phone": "+32470123456"}],
    )
    assert numbers.sort_out_numbers(store, bert, cid) == 3
    assert numbers.sort_out_numbers(store, bert, cid) == 0  # each record version once
    assert queue.queue_size(store, bert, cid) == 1
    assert numbers.no_number_count(store, bert, cid) == 2
    assert [(r["first_name"], r["last_name"]) for r in assignment.no_number_list(store, coord, cid)] == [
        ("Bob", "Kapot"), ("Ann", "Zonder"),
    ]
    with pytest.raises(AccessDenied):
        assignment.no_number_list(store, bert, cid)
    assert claims.claim_next(store, bert, cid).invitation_id == inv[ids[2]]
    assert assignment.assign(store, coord, cid, ["bert"]) == {"bert": 1}
    checks = [e for e in audit.entries(store) if e["action"] == "calls.check_numbers"]
    assert json.loads(checks[0]["details"]) == {"count": 3, "no_number": 2}

    clock.advance(seconds=2)
    rights.rectify(store, coord, ids[0], {"phone": "0471 23 45 67"})
    claims.release(store, bert, cid)
    numbers.sort_out_numbers(store, bert, cid)
    assert numbers.no_number_count(store, bert, cid) == 1
    assert queue.queue_size(store, bert, cid) == 2


# --- issue 19: a card saves only under its own claim ----------------------------------------


def test_a_card_whose_claim_went_to_another_caller_saves_nothing_and_says_who(store, coord, bellers, clock):
    bert, bea = bellers
    cid, ids, inv = ceremony_with(store, coord, [{}])
    berts = claims.claim_next(store, bert, cid)
    clock.advance(minutes=11)  # bert's claim expired: bea gets the same person
    beas = claims.claim_next(store, bea, cid)
    assert beas.invitation_id == berts.invitation_id
    with pytest.raises(Conflict, match=matching("calls.claim_lost.taken", caller="bea")):
        outcomes.record_outcome(store, bert, berts, "komt")
    outcomes.record_outcome(store, bea, beas, "komt_niet")
    with pytest.raises(Conflict, match=matching("calls.claim_lost.saved", caller="bea",
                                                outcome=t("calls.outcome.komt_niet"))):
        outcomes.record_outcome(store, bert, berts, "komt")
    assert store.one("SELECT attempts, answer FROM invitations") == {"attempts": 1, "answer": "komt_niet"}
    assert claims.reclaim(store, bert, cid, berts.invitation_id) is None  # reached: not bert's to call again
    reasons = [json.loads(e["details"])["reason"] for e in audit.entries(store, action="calls.outcome_refused")]
    assert reasons == ["saved", "taken"]


def test_an_expired_claim_nobody_took_still_saves(store, coord, bellers, clock):
    bert, _ = bellers
    cid, ids, inv = ceremony_with(store, coord, [{}])
    claim = claims.claim_next(store, bert, cid)
    clock.advance(minutes=30)
    assert claims.held(store, bert, cid, claim) == claim
    outcomes.record_outcome(store, bert, claim, "voicemail")
    assert store.scalar("SELECT attempts FROM invitations") == 1


def test_a_second_window_takes_the_card_over_and_the_first_can_take_it_back(store, coord, bellers, clock):
    bert, _ = bellers
    cid, ids, inv = ceremony_with(store, coord, [{}, {}])
    first = claims.claim_next(store, bert, cid)
    second = claims.resume(store, bert, cid)  # another window opens the page
    assert second.invitation_id == first.invitation_id and second.token != first.token
    assert claims.held(store, bert, cid, first) is None
    with pytest.raises(Conflict, match=matching("calls.claim_lost.window")):
        outcomes.record_outcome(store, bert, first, "komt")
    again = claims.reclaim(store, bert, cid, first.invitation_id)
    assert again.invitation_id == first.invitation_id
    outcomes.record_outcome(store, bert, again, "komt")
    with pytest.raises(Conflict):
        outcomes.record_outcome(store, bert, second, "komt_niet")
    with pytest.raises(Conflict):  # the same card twice: the second save never lands
        outcomes.record_outcome(store, bert, again, "komt_niet")
    assert store.one("SELECT attempts, answer FROM invitations WHERE id = ?", [first.invitation_id]) == {
        "attempts": 1, "answer": "komt",
    }
    assert claims.resume(store, bert, cid) is None  # nothing held: a new window takes nobody


# --- issue 19: people without a usable number go to the letter channel ------------------------


def test_people_without_a_number_move_to_letters_all_or_a_selection_and_export_writes_them(store, coord, bellers,
                                                                                             clock):
    from ceremony.exports import letters

    ids = add_people(store, [{"first_name": f"Zonder{i}", "phone": ""} for i in range(3)]
                     + [{"first_name": "Met", "phone": "+32470123456"}])
    cid = ceremonies.create_ceremony(store, coord, name="Welkom", date="2026-10-15")
    invitations.invite(store, coord, cid, channel="telefoon")
    inv = {r["person_id"]: r["id"] for r in store.rows("SELECT id, person_id FROM invitations")}
    with pytest.raises(InvalidInput):  # "brief" nowhere yet: Export has nobody to write to
        letters.export(store, coord, cid)
    with pytest.raises(AccessDenied):
        assignment.no_number_to_letter(store, bellers[0], cid)
    assert assignment.no_number_to_letter(store, coord, cid, [inv[ids[0]], inv[ids[3]]]) == 1  # with a number: no
    assert assignment.no_number_to_letter(store, coord, cid) == 2
    assert assignment.no_number_to_letter(store, coord, cid) == 0
    channels = {r["person_id"]: r["channel"] for r in store.rows("SELECT person_id, channel FROM invitations")}
    assert channels == {ids[0]: "brief", ids[1]: "brief", ids[2]: "brief", ids[3]: "telefoon"}
    assert letters.export(store, coord, cid).count == 3
    counts = [json.loads(e["details"]) for e in audit.entries(store, action="invitation.to_letter")]
    assert counts == [{"count": 0, "selected": False}, {"count": 2, "selected": False},
                      {"count": 1, "selected": True}]
