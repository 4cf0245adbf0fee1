"""Taking someone off the waiting list: a place must be free (invitees plus companions), the
answer becomes "komt", the person gets one e-mail from the real test SMTP server (STARTTLS)
where there is an address and staff are told to phone or write otherwise; audited, logged
like the send log, refused for a role that does not manage answers."""

from __future__ import annotations

import json

import pytest

from ceremony import audit, ceremonies, invitations, permissions
from ceremony.errors import AccessDenied, InvalidInput, NotFound
from ceremony.invitations import answers, invitee_lists
from ceremony.invitations.answers import Answer, record_answer
from ceremony.mailing import waiting
from ceremony.texts import t
from tests.ceremony_factory import add_people, invite_directly
from tests.conftest import add_user

AT = "2026-12-07T10:00:00Z"


@pytest.fixture
def coord(store):
    return add_user(store, "carla", "coordinator")


@pytest.fixture
def full(store, coord):
    """A ceremony of 3 places: one person coming with 2 companions; one waiting with 1
    companion (e-mail address), one waiting alone without an address."""
    cid = ceremonies.create_ceremony(store, coord, name="Welkom in Teststad", date="2026-12-19", time="14:00",
                                     capacity=3, location="Stadhuis")
    ids = add_people(store, [{}, {"first_name": "Wacht<b>Een</b>"}, {"email": ""}])
    invite_directly(store, cid, ids, channel="brief")
    by_person = invitee_lists.invitee_ids(store, cid)
    inv = [by_person[p] for p in ids]
    assert record_answer(store, "web", inv[0], Answer(True, companions=2), channel="web", at=AT) == "komt"
    assert record_answer(store, "web", inv[1], Answer(True, companions=1), channel="web", at="2026-12-07T11:00:00Z") \
        == "wachtlijst"
    assert record_answer(store, "web", inv[2], Answer(True), channel="brief", at="2026-12-07T12:00:00Z") == "wachtlijst"
    return cid, inv


def test_no_place_free_is_refused_in_dutch_and_changes_nothing(store, coord, full, server):
    cid, inv = full
    with pytest.raises(InvalidInput, match="te weinig plaatsen"):
        answers.take_off_waiting_list(store, coord, inv[1])
    assert invitations.find(store, inv[1])["answer"] == "wachtlijst"
    assert server.received == []
    assert audit.entries(store, action="invitation.waiting_off") == []


def test_taking_off_gives_the_place_and_sends_one_e_mail(store, coord, full, server):
    cid, inv = full
    record_answer(store, "x", inv[0], Answer(False), channel="telefoon", at=AT)  # three places free again
    assert [r["id"] for r in answers.waiting_rows(store, cid)] == [inv[1], inv[2]]  # in the order they answered
    notice = answers.take_off_waiting_list(store, coord, inv[1])
    assert notice.status == "sent" and notice.text == t("answers.notice.sent")
    assert invitations.find(store, inv[1])["answer"] == "komt"
    assert answers.places_left(store, cid) == 1  # the person and one companion
    assert len(server.received) == 1
    received = server.received[0]
    assert received.rcpt_tos == ["persoon1@example.org"]
    msg = received.message
    assert msg["Subject"].strip().startswith("Er is een plaats voor u: Welkom in Teststad")
    assert "U stond op de wachtlijst" in msg.get_body(("plain",)).get_content()
    assert "<b>Een</b>" not in msg.get_body(("html",)).get_content()  # data is text in the HTML part
    assert waiting.log_status(store, inv[1]) == "sent"
    entries = {e["action"]: e for e in audit.entries(store, action="")}
    assert entries["invitation.waiting_off"]["target"] == f"invitation:{inv[1]}"
    assert json.loads(entries["mail.waiting_off"]["details"]) == {"status": "sent"}
    assert "persoon1@example.org" not in json.dumps(audit.entries(store), default=str)


def test_without_an_address_staff_are_told_to_phone_or_write(store, coord, full, server):
    cid, inv = full
    record_answer(store, "x", inv[0], Answer(False), channel="telefoon", at=AT)
    notice = answers.take_off_waiting_list(store, coord, inv[2])
    assert notice.status == "no_address"
    assert "bel of schrijf" in notice.text.lower()
    assert invitations.find(store, inv[2])["answer"] == "komt"
    assert server.received == []
    assert waiting.log_status(store, inv[2]) is None


def test_a_refused_address_is_logged_failed_with_the_address_scrubbed(store, coord, full, server):
    cid, inv = full
    record_answer(store, "x", inv[0], Answer(False), channel="telefoon", at=AT)
    server.refuse = {"persoon1@example.org"}
    notice = answers.take_off_waiting_list(store, coord, inv[1])
    assert notice.status == "failed" and "bel of schrijf" in notice.text.lower()
    assert invitations.find(store, inv[1])["answer"] == "komt"  # the place stays given
    reason = store.scalar("SELECT reason FROM waiting_mail_log WHERE invitation_id = ?", [inv[1]])
    assert reason.startswith("550") and "persoon1@example.org" not in reason


def test_without_mail_settings_the_place_is_given_and_staff_phone(store, coord, full):
    cid, inv = full
    record_answer(store, "x", inv[0], Answer(False), channel="telefoon", at=AT)
    notice = answers.take_off_waiting_list(store, coord, inv[1])
    assert notice.status == "failed"
    assert invitations.find(store, inv[1])["answer"] == "komt"


def test_someone_not_waiting_cannot_be_taken_off(store, coord, full):
    cid, inv = full
    with pytest.raises(NotFound):
        answers.take_off_waiting_list(store, coord, inv[0])
    with pytest.raises(NotFound):
        answers.take_off_waiting_list(store, coord, 999_999)


@pytest.mark.parametrize("role", [r for r in permissions.ROLES if not permissions.can(r, answers.PERMISSION)])
def test_roles_that_do_not_manage_answers_are_refused_on_the_server(store, full, role):
    cid, inv = full
    record_answer(store, "x", inv[0], Answer(False), channel="telefoon", at=AT)
    user = add_user(store, f"user{role}", role)
    with pytest.raises(AccessDenied):
        answers.take_off_waiting_list(store, user, inv[1])
    assert invitations.find(store, inv[1])["answer"] == "wachtlijst"


def test_erasing_the_person_removes_their_waiting_mail_log(store, coord, full, server):
    from ceremony import rights

    cid, inv = full
    record_answer(store, "x", inv[0], Answer(False), channel="telefoon", at=AT)
    answers.take_off_waiting_list(store, coord, inv[1])
    assert store.scalar("SELECT count(*) FROM waiting_mail_log") == 1
    rights.erase(store, coord, invitations.find(store, inv[1])["person_id"])
    assert store.scalar("SELECT count(*) FROM waiting_mail_log") == 0


def test_nobody_is_taken_off_the_waiting_list_of_a_cancelled_ceremony(store, coord, full, server):
    cid, inv = full
    record_answer(store, "x", inv[0], Answer(False), channel="telefoon", at=AT)
    ceremonies.cancel_ceremony(store, coord, cid)
    with pytest.raises(InvalidInput, match="afgelast"):
        answers.take_off_waiting_list(store, coord, inv[1])
    assert invitations.find(store, inv[1])["answer"] == "wachtlijst"
    assert server.received == []
