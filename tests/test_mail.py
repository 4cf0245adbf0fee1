"""E-mail invitations against a real SMTP server started by the test (aiosmtpd, TLS).

Every received message is checked as a mail client would see it: one recipient, the
person's own name in To (RFC 2047 for Arabic, Cyrillic, diacritics), no Cc or Bcc, a
Message-ID and a Date, text and HTML parts, the .ics attached and readable by an
independent parser, the privacy notice in the text.
"""

from __future__ import annotations

import json

import pytest
import vobject

from ceremony import mailing
from ceremony.errors import AccessDenied, MailError
from ceremony.texts import t
from tests import smtp_server
from tests.ceremony_factory import add_people, ceremony_row, invite_directly
from tests.conftest import add_user
from tests.smtp_server import configure
from tests.text_helpers import leading, pieces

NAMES = [
    ("محمد", "العلي"),
    ("Анна", "Иванова"),
    ("Zoë", "Đặng Nguyễn"),
]


@pytest.fixture
def ceremony(store):
    """A summer ceremony with three e-mail invitees and four who must get no e-mail."""
    ceremony_id = ceremony_row(store, "Welkom in Teststad", "2026-07-04", "14:30", "Stadhuis & Belfort")
    mail_ids = add_people(store, [{"first_name": f, "last_name": n} for f, n in NAMES])
    no_address, by_letter, objected = add_people(
        store, [{"email": ""}, {}, {"email": "bezwaar@example.org"}], start=10
    )
    invite_directly(store, ceremony_id, [*mail_ids, no_address, objected], channel="e-mail")
    invite_directly(store, ceremony_id, [by_letter], channel="brief")
    with store.write() as db:
        db.execute("UPDATE people SET do_not_contact = 1 WHERE id = ?", [objected])
    return ceremony_id


def send(cli, ceremony_id) -> tuple[int, dict]:
    code, out, err = cli("mail", "send", "--ceremony", str(ceremony_id), "--json")
    assert not err or code == 1, err
    return code, json.loads(out)


def assert_one_person_message(received, first: str, last: str, address: str) -> None:
    msg = received.message
    assert received.rcpt_tos == [address]  # exactly one recipient on the envelope
    assert "Cc" not in msg and "Bcc" not in msg
    assert len(msg["To"].addresses) == 1
    to = msg["To"].addresses[0]
    assert to.addr_spec == address and to.display_name == f"{first} {last}"
    raw_headers = received.raw.split(b"\r\n\r\n", 1)[0]
    assert raw_headers.isascii()  # names travel RFC 2047-encoded
    assert msg["Message-ID"].startswith("<") and msg["Message-ID"].endswith("@teststad.be>")
    assert msg["Date"].datetime is not None
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert text.replace("\r\n", "\n").startswith(leading("mail.body.default", voornaam=first))
    assert t("exports.privacy.title") in text and t("exports.privacy.title") in html
    assert "zaterdag 4 juli 2026 om 14.30 uur" in text
    assert "Stadhuis &amp; Belfort" in html and "Stadhuis & Belfort" in text
    attachments = list(msg.iter_attachments())
    assert [a.get_content_type() for a in attachments] == ["text/calendar"]
    calendar = vobject.readOne(attachments[0].get_content())
    start = calendar.vevent.dtstart.value
    assert (start.hour, start.minute, start.utcoffset().total_seconds()) == (14, 30, 7200)
    assert calendar.vevent.summary.value == "Welkom in Teststad"


def test_each_invitee_gets_one_message_and_a_second_send_sends_nothing_new(cli,
    store, data_dir, capsys, server, ceremony
):
    code, counts = send(cli, ceremony)

    assert code == 0 and counts == {"sent": 3, "updates": 0, "cancellations": 0, "failed": 0, "skipped": 1}
    assert len(server.received) == 3 and server.tls_sessions == 3  # all over STARTTLS
    by_address = {r.rcpt_tos[0]: r for r in server.received}
    for index, (first, last) in enumerate(NAMES):
        address = f"persoon{index}@example.org"
        assert_one_person_message(by_address[address], first, last, address)
    # nobody else: not the letter invitee, not the one who objected, not the empty address
    assert set(by_address) == {f"persoon{i}@example.org" for i in range(3)}

    code, counts = send(cli, ceremony)
    assert code == 0 and counts == {"sent": 0, "updates": 0, "cancellations": 0, "failed": 0, "skipped": 4}
    assert len(server.received) == 3

    entries = store.rows("SELECT * FROM audit WHERE action = 'mail.send'")
    assert [json.loads(e["details"])["sent"] for e in entries] == [3, 0]
    assert not any("example.org" in e["details"] + e["target"] for e in store.rows("SELECT * FROM audit"))
    assert mailing.log_counts(store, ceremony) == {"total": 4, "recipients": 3, "addresses": 3, "sent": 3,
                                                   "failed": 0, "open": 0, "skipped": 0, "maybe_twice": 0, "no_mail": 1}


def test_html_part_escapes_personal_values(cli, store, data_dir, capsys, server):
    ceremony_id = ceremony_row(store, "Ceremonie", "2026-12-12", "10:00", "Zaal")
    [pid] = add_people(store, [{"first_name": "<b>Ali</b>", "last_name": "O'Neil & Co"}])
    invite_directly(store, ceremony_id, [pid], channel="e-mail")

    assert send(cli, ceremony_id)[1]["sent"] == 1

    msg = server.received[0].message
    html = msg.get_body(("html",)).get_content()
    assert "&lt;b&gt;Ali&lt;/b&gt;" in html and "<b>Ali" not in html
    assert msg.get_body(("plain",)).get_content().startswith("Beste <b>Ali</b>,")  # text stays text
    assert msg["To"].addresses[0].display_name == "<b>Ali</b> O'Neil & Co"


def test_a_refused_recipient_is_logged_with_the_servers_reason_without_the_address(cli,
    store, data_dir, capsys, server, ceremony
):
    server.refuse = {"persoon1@example.org"}

    code, counts = send(cli, ceremony)

    assert code == 1 and counts == {"sent": 2, "updates": 0, "cancellations": 0, "failed": 1, "skipped": 1}
    assert sorted(r.rcpt_tos[0] for r in server.received) == ["persoon0@example.org", "persoon2@example.org"]
    coordinator = add_user(store, "carla", "coordinator")
    log = {f"{r['first_name']} {r['last_name']}": r for r in mailing.send_log(store, coordinator, ceremony)}
    failed = log["Анна Иванова"]
    assert failed["status"] == "failed" and failed["reason"].startswith("550 5.1.1")
    assert "User unknown" in failed["reason"] and "example.org" not in failed["reason"]
    assert log["Zoë Đặng Nguyễn"]["status"] == "sent" and log["Zoë Đặng Nguyễn"]["at"]

    # the next run tries only the failed one again
    server.refuse = set()
    assert send(cli, ceremony) == (0, {"sent": 1, "updates": 0, "cancellations": 0, "failed": 0, "skipped": 3})
    assert sorted(r.rcpt_tos[0] for r in server.received) == [f"persoon{i}@example.org" for i in range(3)]


def test_a_dropped_connection_keeps_what_was_sent_and_the_next_run_sends_the_rest(cli,
    store, data_dir, capsys, server
):
    ceremony_id = ceremony_row(store, "Ceremonie", "2026-12-12", "10:00", "Zaal")
    invite_directly(store, ceremony_id, add_people(store, [{} for _ in range(5)]), channel="e-mail")
    server.drop_after = 2

    code, out, _err = cli("mail", "send", "--ceremony", str(ceremony_id))

    assert code == 1
    assert t("mail.cli.result", sent=2, updates=0, cancellations=0, failed=1, skipped=0) in out and t("mail.cli.interrupted") in out
    assert len(server.received) == 2
    assert mailing.log_counts(store, ceremony_id) == {"total": 5, "recipients": 5, "addresses": 5, "sent": 2,
                                                      "failed": 1, "open": 2, "skipped": 0, "maybe_twice": 0, "no_mail": 0}

    server.drop_after = None
    assert send(cli, ceremony_id) == (0, {"sent": 3, "updates": 0, "cancellations": 0, "failed": 0, "skipped": 2})
    recipients = [r.rcpt_tos[0] for r in server.received]
    assert sorted(recipients) == sorted(set(recipients)) and len(recipients) == 5  # each exactly once


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # aiosmtpd: see smtp_server
def test_implicit_tls_with_login_and_a_test_message_without_real_data(cli,
    store, data_dir, capsys, tmp_path, monkeypatch, ceremony
):
    controller, recorder, cafile = smtp_server.start(tmp_path, mode="tls", login=True)
    try:
        configure(store, monkeypatch, controller.port, cafile, starttls="false")
        store.put_setting("smtp_user", smtp_server.USER)
        monkeypatch.setenv("CEREMONY_SMTP_PASSWORD", "wrong-password")
        code, _out, err = cli("mail", "test", "--to", "coordinator@teststad.be")
        # (the test server may print a warning of its own on stderr too)
        assert code == 2 and t("mail.login_failed") in err.strip().splitlines()

        monkeypatch.setenv("CEREMONY_SMTP_PASSWORD", smtp_server.PASSWORD)
        code, out, err = cli("mail", "test", "--to", "coordinator@teststad.be",
                             "--ceremony", str(ceremony))
        assert code == 0, err
        assert out.strip() == t("mail.cli.test_sent")
        [received] = recorder.received
        assert received.rcpt_tos == ["coordinator@teststad.be"]
        text = received.message.get_body(("plain",)).get_content()
        assert text.startswith(f"Beste {t('mail.sample.first_name')},") and "Welkom in Teststad" in text
        assert not any(first in text for first, _ in NAMES)
        # the password is nowhere in the database
        assert smtp_server.PASSWORD.encode() not in (data_dir / "ceremony.db").read_bytes()
    finally:
        controller.stop()


def test_the_app_never_sends_without_encryption(cli, store, data_dir, capsys, tmp_path, monkeypatch, ceremony):
    controller, recorder, cafile = smtp_server.start(tmp_path, mode="plain")
    try:
        configure(store, monkeypatch, controller.port, cafile)
        code, _out, err = cli("mail", "send", "--ceremony", str(ceremony))
        assert code == 2 and "STARTTLS" in err
        assert recorder.received == []
        assert mailing.log_counts(store, ceremony)["open"] == 3  # nothing counted as tried
    finally:
        controller.stop()


def test_unreachable_server_and_missing_settings_say_what_to_do(cli, store, data_dir, capsys, monkeypatch, ceremony):
    code, _out, err = cli("mail", "send", "--ceremony", str(ceremony))
    assert code == 2 and err.strip() == t("mail.not_configured")
    configure(store, monkeypatch, smtp_server.free_port(), "")
    code, _out, err = cli("mail", "send", "--ceremony", str(ceremony))
    assert code == 2 and leading("mail.connect_failed") in err and pieces("mail.connect_failed")[-1] in err
    assert mailing.log_counts(store, ceremony)["sent"] == 0


def test_dry_run_builds_every_message_and_sends_nothing(cli, store, data_dir, capsys, ceremony):
    code, out, _err = cli("mail", "send", "--ceremony", str(ceremony), "--dry-run", "--json")
    assert code == 0
    assert json.loads(out) == {"sent": 0, "updates": 0, "cancellations": 0, "failed": 0, "skipped": 1, "to_send": 3}
    assert store.scalar("SELECT count(*) FROM mail_log") == 0
    assert store.scalar("SELECT count(*) FROM audit WHERE action = 'mail.dry_run'") == 1


def test_preview_shows_one_invitees_message_and_needs_the_coordinator(store, ceremony):
    coordinator = add_user(store, "carla", "coordinator")
    caller = add_user(store, "bert", "beller")
    store.put_setting("mail_body", "Dag {voornaam} {naam}, tot {datum} in {locatie}. {onbekend}")
    invitation = store.scalar("SELECT min(id) FROM invitations WHERE ceremony_id = ?", [ceremony])

    shown = mailing.preview(store, coordinator, invitation)

    assert shown.to_name == "محمد العلي"
    assert shown.text.startswith("Dag محمد العلي, tot zaterdag 4 juli 2026 in Stadhuis & Belfort. {onbekend}")
    assert t("exports.privacy.title") in shown.text  # added when the template has no {privacy}
    assert shown.subject == "Uitnodiging: Welkom in Teststad op zaterdag 4 juli 2026"
    assert store.scalar("SELECT count(*) FROM audit WHERE action = 'mail.preview'") == 1
    with pytest.raises(AccessDenied):
        mailing.preview(store, caller, invitation)
    with pytest.raises(MailError):
        mailing.send_test(store, coordinator, "carla@teststad.be")  # no server configured


def test_the_rate_limit_spaces_messages():
    from ceremony.mailing.sending import _Pacer

    now, waits = [100.0], []

    def sleep(seconds):
        waits.append(seconds)
        now[0] += seconds

    pacer = _Pacer(60, sleep=sleep, clock=lambda: now[0])
    for _ in range(3):
        pacer.wait()
        now[0] += 0.25  # sending takes a quarter of a second
    assert waits == [0.75, 0.75]  # one message a second at 60 a minute


def test_erasing_a_person_removes_their_send_log(cli, store, data_dir, capsys, server, ceremony):
    from ceremony import rights

    send(cli, ceremony)
    coordinator = add_user(store, "carla", "coordinator")
    person = store.scalar("SELECT min(person_id) FROM invitations WHERE ceremony_id = ?", [ceremony])
    rights.erase(store, coordinator, person)
    assert store.scalar("SELECT count(*) FROM mail_log") == 2


def test_a_name_with_a_line_break_stays_on_one_header_line(cli, store, data_dir, capsys, server):
    ceremony_id = ceremony_row(store, "Ceremonie", "2026-12-12", "10:00", "Zaal")
    [pid] = add_people(store, [{"first_name": "Anna\r\nBcc: iedereen@example.org", "last_name": "Peeters"}])
    invite_directly(store, ceremony_id, [pid], channel="e-mail")

    assert send(cli, ceremony_id)[1]["sent"] == 1

    [received] = server.received
    assert received.rcpt_tos == ["persoon0@example.org"]
    assert "Bcc" not in received.message and "Cc" not in received.message
    assert received.message["To"].addresses[0].display_name == "Anna Bcc: iedereen@example.org Peeters"
