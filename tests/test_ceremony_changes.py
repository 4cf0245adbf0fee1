"""A change reaches everyone already invited, and a cancellation too.

Against the real SMTP server of the tests (tests/smtp_server.py); every .ics is read by
an independent parser (vobject). People are synthetic, made at run time.
"""

from __future__ import annotations

import json

import docx
import pytest
import vobject

from ceremony import ceremonies
from ceremony.invitations import changes
from ceremony.texts import t
from tests.ceremony_factory import add_people, ceremony_row, invite_directly
from tests.conftest import add_user
from tests.test_mail import send


@pytest.fixture
def invited(store):
    """A ceremony with three e-mail invitees (one of them will say no) and two by letter."""
    ceremony_id = ceremony_row(store, "Welkom in Teststad", "2027-07-03", "14:30", "Stadhuis")
    mailed = add_people(store, [{} for _ in range(3)])
    by_letter = add_people(store, [{} for _ in range(2)], start=10)
    invite_directly(store, ceremony_id, mailed, channel="e-mail")
    invite_directly(store, ceremony_id, by_letter, channel="brief")
    return ceremony_id, mailed, by_letter


def calendar_of(received):
    [attachment] = [a for a in received.message.iter_attachments() if a.get_content_type() == "text/calendar"]
    return vobject.readOne(attachment.get_content())


def decline(store, ceremony_id: int, person_id: int) -> None:
    with store.write() as db:
        db.execute("UPDATE invitations SET answer = 'komt_niet' WHERE ceremony_id = ? AND person_id = ?",
                   [ceremony_id, person_id])


def test_a_change_of_moment_and_place_sends_one_update_to_those_mailed_before(cli, store, server, invited):
    ceremony_id, mailed, _letters = invited
    assert send(cli, ceremony_id)[1]["sent"] == 3
    first_uid = calendar_of(server.received[0]).vevent.uid.value
    decline(store, ceremony_id, mailed[2])
    [late] = add_people(store, [{}], start=20)
    invite_directly(store, ceremony_id, [late], channel="e-mail")

    for change in (["--time", "16:00"], ["--location", "Cultuurcentrum"], ["--date", "2027-07-10"]):
        code, out, err = cli("ceremonies", "edit", str(ceremony_id), *change, "--json")
        assert code == 0, err
    assert json.loads(out)["mailed"] == 2 and json.loads(out)["letters"] == 0  # not the one who said no

    server.received.clear()
    code, counts = send(cli, ceremony_id)
    assert code == 0
    assert counts == {"sent": 1, "updates": 2, "cancellations": 0, "failed": 0, "skipped": 1}
    updates = {r.rcpt_tos[0]: r for r in server.received if r.message["Subject"].startswith("Gewijzigd:")}
    assert set(updates) == {"persoon0@example.org", "persoon1@example.org"}  # not the one who said no
    for received in updates.values():
        text = received.message.get_body(("plain",)).get_content()
        assert "zaterdag 10 juli 2027 om 16.00 uur" in text and "Cultuurcentrum" in text
        event = calendar_of(received).vevent
        assert event.uid.value == first_uid and int(event.sequence.value) == 3
        assert calendar_of(received).method.value == "PUBLISH"
    [fresh] = [r for r in server.received if r.rcpt_tos == ["persoon20@example.org"]]
    assert not fresh.message["Subject"].startswith("Gewijzigd:")

    server.received.clear()  # only once
    assert send(cli, ceremony_id)[1] == {"sent": 0, "updates": 0, "cancellations": 0, "failed": 0, "skipped": 4}
    assert server.received == []


def test_a_change_of_name_or_capacity_alone_sends_no_update(cli, store, server, invited):
    ceremony_id, _mailed, _letters = invited
    send(cli, ceremony_id)
    assert cli("ceremonies", "edit", str(ceremony_id), "--capacity", "80").code == 0
    server.received.clear()
    assert send(cli, ceremony_id)[1]["updates"] == 0 and server.received == []


def test_the_impact_counts_mailed_and_letter_invitees_for_the_confirmation(cli, store, server, invited, tmp_path):
    ceremony_id, _mailed, _letters = invited
    coordinator = add_user(store, "carla", "coordinator")
    assert changes.impact(store, ceremony_id) == {"mailed": 0, "letters": 0}
    send(cli, ceremony_id)
    code, _out, err = cli("export", "letters", "--ceremony", str(ceremony_id),
                          "--out", str(tmp_path / "brieven.docx"))
    assert code == 0, err
    impact = changes.impact(store, ceremony_id)
    assert impact == {"mailed": 3, "letters": 2}
    assert t("ceremonies.change_confirm", mailed="3", letters="2") == (
        "3 mensen kregen al een uitnodiging per e-mail, 2 per brief.")
    ceremonies.update_ceremony(store, coordinator, ceremony_id, name="Welkom in Teststad", date="2027-07-03",
                               time="15:00", location="Stadhuis")
    assert ceremonies.get_ceremony(store, ceremony_id)["moment_sequence"] == 1


def test_update_letters_go_to_exactly_those_who_got_a_letter_before(cli, store, server, invited, tmp_path):
    ceremony_id, _mailed, by_letter = invited

    def letters(name, *extra):
        return cli("export", "letters", "--ceremony", ceremony_id, "--out", tmp_path / name, *extra)

    assert letters("brieven.docx").code == 0
    [later] = add_people(store, [{}], start=30)
    invite_directly(store, ceremony_id, [later], channel="brief")
    code, _o, err = letters("geen.docx", "--updates")
    assert code == 2 and t("letters.no_updates") in err  # nothing changed yet
    cli("ceremonies", "edit", ceremony_id, "--time", "16:00")

    code, text, err = letters("wijziging.docx", "--updates")
    assert code == 0, err
    assert text.split()[0] == "2"  # the two who got a letter before, not the one invited later
    body = "\n".join(p.text for p in docx.Document(str(tmp_path / "wijziging.docx")).paragraphs)
    assert body.count(t("letters.update_intro")) == 2 and "16.00 uur" in body
    code, _o, err = letters("nogmaals.docx", "--updates")
    assert code == 2 and t("letters.no_updates") in err  # each update letter once
    plain = "\n".join(p.text for p in docx.Document(str(tmp_path / "brieven.docx")).paragraphs)
    assert t("letters.update_intro") not in plain


def test_cancelling_sends_a_cancellation_to_those_mailed_and_lists_the_others(cli, store, server, invited,
                                                                            tmp_path):
    ceremony_id, mailed, by_letter = invited
    assert send(cli, ceremony_id)[1]["sent"] == 3
    assert cli("export", "letters", "--ceremony", ceremony_id, "--out", tmp_path / "brieven.docx").code == 0
    uid = calendar_of(server.received[0]).vevent.uid.value
    decline(store, ceremony_id, mailed[2])
    [late] = add_people(store, [{}], start=20)
    invite_directly(store, ceremony_id, [late], channel="e-mail")
    [phoned] = add_people(store, [{}], start=40)
    invite_directly(store, ceremony_id, [phoned], channel="telefoon")

    code, out, err = cli("ceremonies", "cancel", str(ceremony_id), "--json")
    assert code == 0, err
    assert json.loads(out) == {"id": ceremony_id, "mailed": 2, "letters": 2, "phone": 1}

    server.received.clear()
    code, counts = send(cli, ceremony_id)
    assert counts == {"sent": 0, "updates": 0, "cancellations": 2, "failed": 0, "skipped": 2}
    assert sorted(r.rcpt_tos[0] for r in server.received) == ["persoon0@example.org", "persoon1@example.org"]
    for received in server.received:
        assert received.message["Subject"].startswith(t("mail.cancel_prefix"))
        calendar = calendar_of(received)
        assert calendar.method.value == "CANCEL" and calendar.vevent.status.value == "CANCELLED"
        assert calendar.vevent.uid.value == uid and int(calendar.vevent.sequence.value) == 1

    server.received.clear()
    assert send(cli, ceremony_id)[1]["cancellations"] == 0 and server.received == []
    code, _out, err = cli("ceremonies", "cancel", str(ceremony_id))
    assert code == 2 and t("ceremonies.cancelled_already") in err
    code, _out, err = cli("ceremonies", "edit", str(ceremony_id), "--time", "10:00")
    assert code == 2 and t("ceremonies.cancelled_already") in err


def test_a_change_made_through_the_domain_reaches_the_calendars_of_those_mailed(cli, store, server, invited):
    """The reproduction as reported: mailed at SEQUENCE 0, three changes, then `mail send`."""
    ceremony_id, _mailed, _letters = invited
    coordinator = add_user(store, "carla", "coordinator")
    send(cli, ceremony_id)
    for time, location, date in (("16:00", "Stadhuis", "2027-07-03"), ("16:00", "Zaal", "2027-07-03"),
                                 ("16:00", "Zaal", "2027-07-10")):
        ceremonies.update_ceremony(store, coordinator, ceremony_id, name="Welkom in Teststad", date=date,
                                   time=time, location=location)
    server.received.clear()

    code, out, _err = cli("mail", "send", "--ceremony", ceremony_id, "--json")

    assert sorted(int(calendar_of(r).vevent.sequence.value) for r in server.received) == [3, 3, 3]
    assert code == 0 and json.loads(out)["updates"] == 3


def test_the_page_asks_before_a_change_reaches_those_invited_and_cancels_after_a_second_step(
    cli, store, server, invited
):
    from tests.apptest_helpers import login, open_page, texts

    ceremony_id, _mailed, _letters = invited
    add_user(store, "carla", "coordinator")
    assert send(cli, ceremony_id)[1]["sent"] == 3
    save = f"FormSubmitter:cer_edit_{ceremony_id}-{t('ceremonies.ui.save')}"
    at = open_page(login("carla"), "ceremonies.py")
    at.text_input(key=f"cer_edit_{ceremony_id}_time").input("16:00")
    at.button(key=save).click().run()
    assert not at.exception
    assert ceremonies.get_ceremony(store, ceremony_id)["time"] == "14:30"  # not yet: a question first
    assert t("ceremonies.change_confirm", mailed="3", letters="0") in texts(at)
    at.button(key="cer_change_yes").click().run()
    assert ceremonies.get_ceremony(store, ceremony_id)["time"] == "16:00"
    assert t("ceremonies.changed_updates") in texts(at)
    assert t("mail.ui.notices_due", invitations=0, updates=3, cancellations=0) in texts(at)
    server.received.clear()
    at.button(key="mail_send").click().run()
    assert sorted(r.rcpt_tos[0] for r in server.received) == [f"persoon{i}@example.org" for i in range(3)]
    assert all(r.message["Subject"].startswith("Gewijzigd:") for r in server.received)

    at.button(key="cer_cancel_ask").click().run()
    assert ceremonies.get_ceremony(store, ceremony_id)["cancelled_at"] is None
    assert t("ceremonies.cancel_confirm", mailed="3", letters="0", phone="0") in texts(at)
    at.button(key="cer_cancel_yes").click().run()
    assert not at.exception and ceremonies.get_ceremony(store, ceremony_id)["cancelled_at"]
    assert t("ceremonies.cancelled") in texts(at)
    server.received.clear()
    at.button(key="mail_send").click().run()
    assert [calendar_of(r).method.value for r in server.received] == ["CANCEL"] * 3


def test_after_a_cancellation_belronde_calls_the_letter_and_phone_invitees_with_its_own_script(
    cli, store, invited, tmp_path
):
    from ceremony.errors import InvalidInput
    from ceremony.phone_round import call_card, claims, outcomes, queue

    ceremony_id, _mailed, by_letter = invited
    assert cli("export", "letters", "--ceremony", ceremony_id, "--out", tmp_path / "brieven.docx").code == 0
    [phoned, said_no] = add_people(store, [{}, {}], start=40)
    invite_directly(store, ceremony_id, [phoned, said_no], channel="telefoon")
    decline(store, ceremony_id, said_no)
    with store.write() as db:  # the phone invitee had said yes on an earlier call
        db.execute("UPDATE invitations SET reached = 1, answer = 'komt' WHERE person_id = ?", [phoned])
    bert = add_user(store, "bert", "beller")
    coordinator = add_user(store, "carla", "coordinator")

    assert changes.cancel(store, coordinator, ceremony_id)["phone"] == 1

    assert queue.queue_size(store, bert, ceremony_id) == 3  # two letters, one phone; not who said no
    claim = claims.claim_next(store, bert, ceremony_id)
    card = call_card.card(store, bert, claim.invitation_id)
    assert card.cancelled and card.call_script == call_card.cancellation_script(
        ceremonies.get_ceremony(store, ceremony_id))
    with pytest.raises(InvalidInput):
        outcomes.record_outcome(store, bert, claim, "komt")  # no answer to take for a cancelled ceremony
    outcomes.record_outcome(store, bert, claim, "verwittigd")
    assert queue.queue_size(store, bert, ceremony_id) == 2
    invitation = store.one("SELECT answer, cancel_informed FROM invitations WHERE id = ?", [claim.invitation_id])
    assert invitation["cancel_informed"] == 1


def test_the_export_page_offers_the_update_letters_once_the_moment_changed(cli, store, invited, tmp_path):
    from tests.apptest_helpers import login, open_page, texts

    ceremony_id, _mailed, _letters = invited
    add_user(store, "carla", "coordinator")
    assert cli("export", "letters", "--ceremony", ceremony_id, "--out", tmp_path / "brieven.docx").code == 0
    at = open_page(login("carla"), "exports.py")
    at.selectbox(key="export_ceremony").set_value(ceremony_id).run()
    assert t("letters.ui.updates_due", n=2) not in texts(at)
    cli("ceremonies", "edit", ceremony_id, "--location", "Cultuurcentrum")
    at.run()
    assert t("letters.ui.updates_due", n=2) in texts(at)
    at.button(key="make_update_letters_docx").click().run()
    assert not at.exception and t("letters.ui.ready", count=2) in texts(at)
