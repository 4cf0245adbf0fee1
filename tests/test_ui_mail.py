"""The mail panel on Ceremonies, letters on Export, the letter template on Instellingen,
with a real SMTP server behind the page."""

from __future__ import annotations

from ceremony.texts import t
from tests import smtp_server
from tests.apptest_helpers import login, open_page, texts
from tests.ceremony_factory import add_people, ceremony_row, invite_directly
from tests.conftest import add_user
from tests.smtp_server import configure
from tests.text_helpers import leading


def test_coordinator_previews_and_sends_the_invitations_from_the_ceremony_page(store, server):
    add_user(store, "carla", "coordinator")
    ceremony = ceremony_row(store, "Welkom", "2026-12-12", "14:30", "Stadhuis")
    invite_directly(store, ceremony, add_people(store, [{"first_name": "Анна"}, {"first_name": "Zoë"}]),
                    channel="e-mail")

    at = open_page(login("carla"), "ceremonies.py")
    assert not at.exception
    assert leading("mail.ui.counts", total=2, sent=0) in texts(at)

    at.button(key="mail_preview").click().run()
    assert not at.exception
    assert any(code.value.startswith(leading("mail.body.default")) for code in at.code)

    at.button(key="mail_send").click().run()
    assert not at.exception
    assert t("mail.ui.done", sent=2, updates=0, cancellations=0, failed=0, skipped=0) in texts(at)
    assert len(server.received) == 2 and all(len(r.rcpt_tos) == 1 for r in server.received)
    assert t("mail.ui.nothing_to_send") in texts(at)
    assert t("mail.ui.status.sent") in texts(at)  # the send log


def test_export_page_offers_letters_and_the_outlook_line(store):
    add_user(store, "carla", "coordinator")
    ceremony = ceremony_row(store, "Welkom", "2026-12-12", "14:30", "Stadhuis")
    invite_directly(store, ceremony, add_people(store, [{}, {}]), channel="brief")

    at = open_page(login("carla"), "exports.py")
    at.selectbox(key="export_ceremony").set_value(ceremony).run()
    at.button(key="make_letters_docx").click().run()

    assert not at.exception
    assert t("letters.ui.ready", count=2) in texts(at)
    assert store.scalar("SELECT count(*) FROM audit WHERE action = 'export.letters'") == 1


def test_settings_page_shows_the_letter_template_and_the_mail_settings(store):
    add_user(store, "bea", "beheerder")
    at = open_page(login("bea"), "settings.py")
    assert not at.exception
    shown = texts(at)
    assert t("letters.ui.header") in shown and t("letters.ui.current_default") in shown
    assert at.text_input(key="set_smtp_host") is not None
    assert at.text_area(key="set_mail_body") is not None


def test_staff_see_who_was_skipped_and_who_may_have_it_twice(store, tmp_path, monkeypatch):
    controller, recorder, cafile = smtp_server.start(tmp_path, smtputf8=False)
    try:
        configure(store, monkeypatch, controller.port, cafile)
        add_user(store, "carla", "coordinator")
        ceremony = ceremony_row(store, "Welkom", "2026-12-12", "14:30", "Stadhuis")
        invite_directly(store, ceremony, add_people(store, [{"email": "åsa@example.com"}, {}, {}]),
                        channel="e-mail")
        recorder.drop_after = 1  # the second message's connection drops after DATA

        at = open_page(login("carla"), "ceremonies.py")
        at.button(key="mail_send").click().run()
        recorder.drop_after = None
        at.button(key="mail_send").click().run()
        assert not at.exception

        shown = texts(at)
        assert t("mail.ui.skipped", n=1) in shown and t("mail.ui.maybe_twice", n=1) in shown
        assert t("mail.ui.status.skipped") in shown and t("mail.reason.smtputf8") in shown
        assert t("mail.reason.maybe_twice") in shown  # per person, in the send log
    finally:
        controller.stop()
