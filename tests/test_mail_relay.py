"""Any relay, any password, any address: the send batch against a real SMTP server
(tests/smtp_server.py) that requires a login, offers or withholds SMTPUTF8, or drops the
connection after DATA."""

from __future__ import annotations

import json

import pytest

from ceremony import mailing
from ceremony.mailing.sending import _Pacer
from ceremony.texts import t
from tests import smtp_server
from tests.ceremony_factory import add_people, ceremony_row, invite_directly
from tests.conftest import add_user
from tests.smtp_server import configure
from tests.test_mail import send

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@pytest.fixture
def relay(tmp_path, monkeypatch, store):
    """`relay(**options)`: start a server (see smtp_server.start) and point the settings at it."""
    controllers = []

    def start(**options):
        controller, recorder, cafile = smtp_server.start(tmp_path, **options)
        controllers.append(controller)
        configure(store, monkeypatch, controller.port, cafile, starttls=str(options.get("mode") != "tls").lower())
        return recorder

    yield start
    for controller in controllers:
        controller.stop()


def mail_ceremony(store, emails: list[str]) -> int:
    """A ceremony with one e-mail invitee per entry (an empty entry: the factory's address)."""
    ceremony_id = ceremony_row(store, "Ceremonie", "2026-12-12", "10:00", "Zaal")
    invite_directly(store, ceremony_id, add_people(store, [{"email": e} if e else {} for e in emails]), channel="e-mail")
    return ceremony_id


def test_a_password_with_accents_logs_in_as_utf8(cli, store, data_dir, capsys, monkeypatch, relay):
    password = "relais-wachtwoord-é-ä-ß"
    recorder = relay(mode="tls", login=True, password=password)
    store.put_setting("smtp_user", smtp_server.USER)
    monkeypatch.setenv("CEREMONY_SMTP_PASSWORD", password)

    code, out, err = cli("mail", "test", "--to", "coordinator@teststad.be")

    assert code == 0, err
    assert out.strip() == t("mail.cli.test_sent")
    assert [r.rcpt_tos for r in recorder.received] == [["coordinator@teststad.be"]]


def test_a_relay_that_wants_a_login_says_what_to_set_and_marks_nobody_failed(cli, store, data_dir, capsys,
                                                                             relay):
    recorder = relay(login=True)  # no smtp_user set
    ceremony_id = mail_ceremony(store, ["", "", "", "", ""])

    code, _out, err = cli("mail", "test", "--to", "coordinator@teststad.be")
    assert code == 2 and err.strip().splitlines()[-1] == t("mail.login_required", env="CEREMONY_SMTP_PASSWORD")
    assert "smtp_user" in err and "Authentication" not in err

    code, _out, err = cli("mail", "send", "--ceremony", str(ceremony_id))
    assert code == 2 and err.strip().splitlines()[-1] == t("mail.login_required", env="CEREMONY_SMTP_PASSWORD")
    assert recorder.received == []
    counts = mailing.log_counts(store, ceremony_id)
    assert (counts["failed"], counts["open"]) == (0, 5)


def test_an_idn_domain_goes_out_in_its_ascii_form(cli, store, data_dir, capsys, relay):
    recorder = relay(smtputf8=False)
    ceremony_id = mail_ceremony(store, ["anna@bücher.de"])

    assert send(cli, ceremony_id) == (0, {"sent": 1, "updates": 0, "cancellations": 0, "failed": 0, "skipped": 0})

    [received] = recorder.received
    assert received.rcpt_tos == ["anna@xn--bcher-kva.de"]
    assert received.message["To"].addresses[0].addr_spec == "anna@xn--bcher-kva.de"


def test_a_non_ascii_local_part_goes_out_with_smtputf8_where_the_relay_offers_it(cli, store, data_dir, capsys,
                                                                                 relay):
    recorder = relay(smtputf8=True)
    ceremony_id = mail_ceremony(store, ["åsa@example.com"])

    assert send(cli, ceremony_id) == (0, {"sent": 1, "updates": 0, "cancellations": 0, "failed": 0, "skipped": 0})
    assert [r.rcpt_tos for r in recorder.received] == [["åsa@example.com"]]


def test_a_non_ascii_local_part_is_skipped_with_a_reason_staff_see(cli, store, data_dir, capsys, relay):
    recorder = relay(smtputf8=False)
    ceremony_id = mail_ceremony(store, ["åsa@example.com", ""])
    skipped_invitation = store.scalar("SELECT min(id) FROM invitations WHERE ceremony_id = ?", [ceremony_id])

    code, counts = send(cli, ceremony_id)

    assert code == 0
    assert counts["sent"] == 1 and counts["failed"] == 0 and counts["skipped"] == 1
    assert counts["skipped_reasons"] == [{"invitation": skipped_invitation, "reason": t("mail.reason.smtputf8")}]
    assert [r.rcpt_tos for r in recorder.received] == [["persoon1@example.org"]]
    log = {r["id"]: r for r in mailing.send_log(store, add_user(store, "carla", "coordinator"), ceremony_id)}
    assert log[skipped_invitation]["status"] == "skipped"
    assert log[skipped_invitation]["reason"] == t("mail.reason.smtputf8")
    counts = mailing.log_counts(store, ceremony_id)
    assert (counts["open"], counts["failed"], counts["sent"]) == (0, 0, 1)  # not left open forever
    assert "example.com" not in json.dumps(counts)


def test_the_rate_limit_never_lets_more_than_the_limit_through_in_any_minute():
    now, sent_at = [1000.0], []

    def sleep(seconds):  # a timer that wakes 2 ms early, as coarse system timers do
        now[0] += seconds - 0.002 if seconds > 0.01 else seconds

    pacer = _Pacer(60, sleep=sleep, clock=lambda: now[0])
    for _ in range(200):
        pacer.wait()
        sent_at.append(now[0])
        now[0] += 0.001
    assert max(sum(start <= at < start + 60 for at in sent_at) for start in sent_at) == 60


def test_a_connection_dropped_after_data_shows_who_may_have_it_twice(cli, store, data_dir, capsys, relay):
    recorder = relay()
    ceremony_id = mail_ceremony(store, ["", "", ""])
    recorder.drop_after = 1

    code, _out, _err = cli("mail", "send", "--ceremony", str(ceremony_id))
    assert code == 1
    recorder.drop_after = None
    assert send(cli, ceremony_id)[1]["sent"] == 2

    log = mailing.send_log(store, add_user(store, "carla", "coordinator"), ceremony_id)
    assert [r["status"] for r in log] == ["sent"] * 3
    assert sorted(r["reason"] for r in log) == ["", "", t("mail.reason.maybe_twice")]
