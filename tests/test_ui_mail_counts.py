"""The mail panel on Ceremonies without a mail server, and its counts against the e-mail
list Export writes: one rule for who gets an e-mail."""

from __future__ import annotations

from ceremony import mailing
from ceremony.exports import emails
from ceremony.texts import t
from tests.apptest_helpers import login, open_page, texts
from tests.ceremony_factory import add_people, ceremony_row, invite_directly
from tests.conftest import add_user


def _mixed_ceremony(store) -> tuple[int, list[int]]:
    """Seven e-mail invitees: three with their own usable address, one sharing an address,
    one without an address, one with an unusable address, one who answered 'komt niet'."""
    ceremony = ceremony_row(store, "Welkom", "2026-12-12", "14:30", "Stadhuis")
    ids = add_people(store, [{}, {}, {}, {"email": "PERSOON0@example.org"}, {"email": ""},
                             {"email": "geen-adres"}, {}])
    invite_directly(store, ceremony, ids, channel="e-mail")
    with store.write() as db:
        db.execute("UPDATE invitations SET answer = 'komt_niet' WHERE person_id = ?", [ids[-1]])
    return ceremony, ids


def test_without_a_mail_server_the_panel_sends_the_coordinator_to_the_beheerder(store):
    add_user(store, "carla", "coordinator")
    _mixed_ceremony(store)

    at = open_page(login("carla"), "ceremonies.py")

    assert not at.exception
    shown = texts(at)
    assert t("mail.ui.not_configured", host=t("settings.label.smtp_host"),
             sender=t("settings.label.smtp_from")) in shown
    assert "smtp_host" not in shown and "smtp_from" not in shown  # the settings page shows labels
    assert at.button(key="mail_send").disabled
    assert at.button(key="mail_test_send").disabled


def test_the_panel_counts_who_gets_an_email_as_the_export_writes_it(store):
    carla = add_user(store, "carla", "coordinator")
    ceremony, _ids = _mixed_ceremony(store)

    listed = emails.export(store, carla, ceremony)
    at = open_page(login("carla"), "ceremonies.py")

    assert not at.exception
    assert listed.count == 3  # persoon0 (twice), persoon1, persoon2
    assert at.button(key="mail_send").label == t("mail.ui.send", n=4)  # four messages, one each
    shown = texts(at)
    assert t("mail.ui.counts", total=7, recipients=4, addresses=listed.count, sent=0, failed=0, open=4) in shown
    assert t("mail.ui.no_mail", n=3) in shown
    counts = mailing.log_counts(store, ceremony)
    assert (counts["recipients"], counts["addresses"], counts["no_mail"]) == (4, listed.count, 3)


def test_the_counts_follow_a_changed_address_and_agree_with_the_send_rule(store):
    from ceremony import rights
    from ceremony.mailing import recipients

    carla = add_user(store, "carla", "coordinator")
    ceremony, ids = _mixed_ceremony(store)
    assert mailing.log_counts(store, ceremony)["recipients"] == 4  # the memo is filled

    rights.rectify(store, carla, ids[4], {"email": "nieuw@example.org"})  # had none
    rights.rectify(store, carla, ids[1], {"email": "persoon2@example.org"})  # now shares one

    counts = mailing.log_counts(store, ceremony)
    chosen = recipients.of_ceremony(store, ceremony)
    assert (counts["recipients"], counts["addresses"]) == (len(chosen), len(recipients.unique_addresses(chosen)))
    assert (counts["recipients"], counts["addresses"], counts["no_mail"]) == (5, 3, 2)
