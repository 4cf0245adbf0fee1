"""Reminder e-mails against a real SMTP server started by the test (aiosmtpd, STARTTLS).

A reminder goes `reminder_days` before the ceremony, once per invitee, to those who said
yes or have not answered, never to those who said no, may not be contacted, were erased,
or whose ceremony was cancelled; by `mail remind --ceremony ID` and by the scheduled job
(`mail remind --due`, on the purge timer). Every message is read back as a mail client
would: one recipient, the reminder's subject and text, the .ics read by vobject.
"""

from __future__ import annotations

import json
import re

import pytest
import vobject

from ceremony import ceremonies, invitations, rights
from ceremony.texts import t
from tests.ceremony_factory import add_people, ceremony_row, invite_directly
from tests.conftest import ROOT, add_user
from tests.text_helpers import leading

DAY = "2026-12-19"  # a Saturday; the default reminder day (7 days before) is 12 December
REMINDER_DAY = "2026-12-12T08:00:00"


def at(monkeypatch, moment: str) -> None:
    """Pin the clock (UTC)."""
    monkeypatch.setenv("CEREMONY_FAKE_NOW", moment)


@pytest.fixture
def ceremony(store, monkeypatch):
    """A ceremony with one e-mail invitee per kind of answer, and invitees who get nothing.

    Addresses: persoon0 said yes, persoon1 has not answered, persoon2 said maybe, persoon3
    said no, persoon4 may not be contacted, persoon5 is invited by letter, persoon6 was
    erased; one more has no address.
    """
    at(monkeypatch, "2026-11-20T10:00:00")
    ceremony_id = ceremony_row(store, "Welkom in Teststad", DAY, "14:30", "Stadhuis")
    ids = add_people(store, [{} for _ in range(7)] + [{"email": ""}])
    by_mail = [*ids[:5], ids[6], ids[7]]
    invite_directly(store, ceremony_id, by_mail, channel="e-mail")
    invite_directly(store, ceremony_id, [ids[5]], channel="brief")
    coordinator = add_user(store, "carla", "coordinator")
    rows = {r["person_id"]: r["id"] for r in invitations.contactable(store, ceremony_id)}
    for person, answer in ((ids[0], "komt"), (ids[2], "misschien"), (ids[3], "komt_niet")):
        invitations.set_answer(store, coordinator, rows[person], answer)
    rights.mark_do_not_contact(store, coordinator, ids[4])
    rights.erase(store, coordinator, ids[6])
    return ceremony_id


def remind(cli, *args) -> tuple[int, dict]:
    code, out, err = cli("mail", "remind", *map(str, args), "--json")
    assert code in (0, 1), err
    return code, json.loads(out)


def test_a_reminder_goes_once_to_those_who_said_yes_or_have_not_answered(
    cli, store, monkeypatch, server, ceremony
):
    at(monkeypatch, REMINDER_DAY)
    assert cli("mail", "send", "--ceremony", ceremony).code == 0  # the invitations: a log of their own
    invited = len(server.received)

    code, counts = remind(cli, "--ceremony", ceremony)

    assert code == 0 and counts == {"sent": 3, "failed": 0, "skipped": 2}
    reminders = server.received[invited:]
    assert sorted(r.rcpt_tos[0] for r in reminders) == [f"persoon{i}@example.org" for i in range(3)]
    msg = reminders[0].message
    assert len(msg["To"].addresses) == 1 and "Cc" not in msg and "Bcc" not in msg
    assert str(msg["Subject"]) == t("mail.reminder.subject", ceremonie="Welkom in Teststad",
                                    datum="zaterdag 19 december 2026")
    text = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
    first = msg["To"].addresses[0].display_name.split()[0]
    assert text.startswith(leading("mail.reminder.body", voornaam=first))
    assert "zaterdag 19 december 2026 om 14.30 uur" in text and t("exports.privacy.title") in text
    [attachment] = msg.iter_attachments()
    calendar = vobject.readOne(attachment.get_content())
    invitation_calendar = vobject.readOne(next(server.received[0].message.iter_attachments()).get_content())
    assert calendar.vevent.uid.value == invitation_calendar.vevent.uid.value  # the same event, not a new one

    # a second run, by hand or by the timer, sends nothing new
    assert remind(cli, "--ceremony", ceremony) == (0, {"sent": 0, "failed": 0, "skipped": 5})
    assert remind(cli, "--due") == (0, {"ceremonies": 1, "sent": 0, "failed": 0, "skipped": 5})
    assert len(server.received) == invited + 3
    entries = store.rows("SELECT * FROM audit WHERE action = 'mail.remind'")
    assert [json.loads(e["details"])["sent"] for e in entries] == [3, 0, 0]
    assert not any("example.org" in e["details"] + e["target"] for e in store.rows("SELECT * FROM audit"))


def test_the_scheduled_job_reminds_from_the_reminder_day_until_the_day_before(
    cli, store, monkeypatch, server, ceremony
):
    ceremony_row(store, "Al voorbij", "2026-12-01", "10:00", "Zaal")  # in the past: never
    at(monkeypatch, "2026-12-11T08:00:00")  # eight days before
    assert remind(cli, "--due") == (0, {"ceremonies": 0, "sent": 0, "failed": 0, "skipped": 0})

    assert cli("settings", "set", "reminder_days", "0").code == 0  # off
    at(monkeypatch, REMINDER_DAY)
    assert remind(cli, "--due") == (0, {"ceremonies": 0, "sent": 0, "failed": 0, "skipped": 0})
    assert server.received == []

    assert cli("settings", "set", "reminder_days", "3").code == 0
    at(monkeypatch, "2026-12-17T01:30:00")  # the timer missed the 16th: it catches up
    assert remind(cli, "--due") == (0, {"ceremonies": 1, "sent": 3, "failed": 0, "skipped": 2})
    at(monkeypatch, f"{DAY}T01:30:00")  # on the day itself: too late
    assert remind(cli, "--due")[1]["ceremonies"] == 0
    assert len(server.received) == 3


def test_the_setting_is_validated(cli, store):
    assert cli("settings", "set", "reminder_days", "7").code == 0
    code, _out, err = cli("settings", "set", "reminder_days", "-1")
    assert code == 2 and t("settings.label.reminder_days") in err


def test_a_dropped_connection_keeps_what_was_sent_and_the_next_run_sends_the_rest(cli, store, monkeypatch, server):
    at(monkeypatch, REMINDER_DAY)
    ceremony_id = ceremony_row(store, "Ceremonie", DAY, "10:00", "Zaal")
    invite_directly(store, ceremony_id, add_people(store, [{} for _ in range(5)]), channel="e-mail")
    server.drop_after = 2

    code, out, _err = cli("mail", "remind", "--due")

    assert code == 1
    assert t("mail.cli.reminded", sent=2, failed=1, skipped=0) in out and t("mail.cli.interrupted") in out
    server.drop_after = None
    assert remind(cli, "--due") == (0, {"ceremonies": 1, "sent": 3, "failed": 0, "skipped": 2})
    sent_to = [r.rcpt_tos[0] for r in server.received]
    assert sorted(sent_to) == sorted(set(sent_to)) and len(sent_to) == 5  # each exactly once


def test_a_refused_address_is_retried_by_the_next_run(cli, store, monkeypatch, server, ceremony):
    at(monkeypatch, REMINDER_DAY)
    server.refuse = {"persoon1@example.org"}
    assert remind(cli, "--due") == (1, {"ceremonies": 1, "sent": 2, "failed": 1, "skipped": 2})
    server.refuse = set()
    at(monkeypatch, "2026-12-13T01:30:00")
    assert remind(cli, "--due") == (0, {"ceremonies": 1, "sent": 1, "failed": 0, "skipped": 4})
    assert sorted(r.rcpt_tos[0] for r in server.received) == [f"persoon{i}@example.org" for i in range(3)]


def test_dry_run_builds_the_reminders_and_sends_nothing(cli, store, monkeypatch, ceremony):
    at(monkeypatch, REMINDER_DAY)  # no mail server configured: a dry run does not need one
    store.put_setting("reminder_days", 0)  # the timer's reminders off; by hand still possible
    assert remind(cli, "--ceremony", ceremony, "--dry-run") == (
        0, {"sent": 0, "failed": 0, "skipped": 2, "to_send": 3})
    store.put_setting("reminder_days", 7)
    assert remind(cli, "--due", "--dry-run") == (
        0, {"ceremonies": 1, "sent": 0, "failed": 0, "skipped": 2, "to_send": 3})
    assert store.scalar("SELECT count(*) FROM reminder_log") == 0
    code, _out, err = cli("mail", "remind", "--due")
    assert code == 2 and err.strip() == t("mail.not_configured")


def test_a_ceremony_without_e_mail_invitees_needs_no_mail_server(cli, store, monkeypatch):
    at(monkeypatch, REMINDER_DAY)
    ceremony_id = ceremony_row(store, "Per brief", DAY, "10:00", "Zaal")
    invite_directly(store, ceremony_id, add_people(store, [{}, {}]), channel="brief")
    assert remind(cli, "--due") == (0, {"ceremonies": 1, "sent": 0, "failed": 0, "skipped": 0})


def test_a_cancelled_ceremony_gets_no_reminder(cli, store, monkeypatch, server, ceremony):
    columns = {row["name"] for row in store.rows("PRAGMA table_info(ceremonies)")}
    with store.write() as db:
        if "cancelled_at" not in columns:  # the state another change adds to ceremonies
            db.execute("ALTER TABLE ceremonies ADD COLUMN cancelled_at TEXT")
        db.execute("UPDATE ceremonies SET cancelled_at = '2026-12-01T10:00:00Z' WHERE id = ?", [ceremony])
    at(monkeypatch, REMINDER_DAY)

    assert remind(cli, "--due")[1]["ceremonies"] == 0
    code, _out, err = cli("mail", "remind", "--ceremony", ceremony)
    assert code == 2 and err.strip() == t("mail.reminder.cancelled")
    assert server.received == []


def test_a_past_ceremony_is_refused(cli, store, monkeypatch, server, ceremony):
    at(monkeypatch, "2026-12-20T10:00:00")
    code, _out, err = cli("mail", "remind", "--ceremony", ceremony)
    assert code == 2 and err.strip() == t("mail.reminder.past")
    assert server.received == []


def test_who_got_the_invitation_within_the_reminder_days_gets_no_scheduled_reminder(
    cli, store, monkeypatch, server, ceremony
):
    at(monkeypatch, "2026-12-14T09:00:00")  # invitations sent five days before the ceremony
    assert cli("mail", "send", "--ceremony", ceremony).code == 0
    at(monkeypatch, "2026-12-15T01:30:00")
    assert remind(cli, "--due") == (0, {"ceremonies": 1, "sent": 0, "failed": 0, "skipped": 5})
    assert len(server.received) == 3  # the invitations only
    # by hand, the coordinator decides
    assert remind(cli, "--ceremony", ceremony)[1]["sent"] == 3


def test_a_ceremony_moved_to_another_day_is_reminded_again(cli, store, monkeypatch, server, ceremony):
    at(monkeypatch, REMINDER_DAY)
    assert remind(cli, "--due")[1]["sent"] == 3
    coordinator = add_user(store, "wouter", "coordinator")
    row = ceremonies.get_ceremony(store, ceremony)
    ceremonies.update_ceremony(store, coordinator, ceremony, name=row["name"], date="2027-01-09", time=row["time"],
                               location=row["location"])
    at(monkeypatch, "2027-01-02T01:30:00")
    assert remind(cli, "--due") == (0, {"ceremonies": 1, "sent": 3, "failed": 0, "skipped": 2})
    assert "zaterdag 9 januari 2027" in server.received[-1].message.get_body(("plain",)).get_content()


def test_erasing_a_person_removes_their_reminder_log(cli, store, monkeypatch, server, ceremony):
    at(monkeypatch, REMINDER_DAY)
    remind(cli, "--ceremony", ceremony)
    coordinator = add_user(store, "wouter", "coordinator")
    person = store.scalar("SELECT min(person_id) FROM invitations WHERE ceremony_id = ?", [ceremony])
    rights.erase(store, coordinator, person)
    assert store.scalar("SELECT count(*) FROM reminder_log") == 2


def test_the_purge_timer_of_the_operators_guide_runs_the_reminders(cli, store, monkeypatch):
    guide = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    unit = guide.split("ceremonie-purge.service`:", 1)[1].split("```", 2)[1]
    commands = re.findall(r"^ExecStart=\S+ -m ceremony (.+)$", unit, flags=re.M)
    assert commands[0].startswith("purge") and commands[-1].startswith("mail remind --due")
    cron = guide.split("```cron", 1)[1].split("```", 1)[0]
    assert "mail remind --due" in cron
    for command in commands:
        assert cli(*command.split()).code == 0
