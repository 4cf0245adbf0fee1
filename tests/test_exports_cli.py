"""`python -m ceremony export ...` as an operator on the server would run it."""

from __future__ import annotations

import codecs
import csv
import io
import json
import stat

import icalendar

from ceremony.exports.common import counted
from ceremony.texts import t
from tests.test_exports import add_ceremony, add_person, do_not_contact, invite, national_number


def test_mailmerge_writes_a_private_file_and_reminds_to_delete_it(cli, store, data_dir, tmp_path):
    add_person(store, 1, first_name="Zoë", last_name="D'Hondt", phone="+32470123456")
    add_person(store, 2, first_name="=SUM(A1)", last_name="Иванова", phone="+31612345678")
    do_not_contact(store, add_person(store, 3, first_name="Weigeraar"))
    out = tmp_path / "brieven.csv"

    r = cli("export", "mailmerge", "--out", str(out))

    assert r.code == 0, r.err
    assert counted("exports.cli.written", 2, path=str(out)) in r.out and t("exports.cli.delete_reminder") in r.out
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = out.read_bytes()
    assert data.startswith(codecs.BOM_UTF8) and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert sorted(row[:2] + [row[6]] for row in rows[1:]) == [
        ["'=SUM(A1)", "Иванова", "00 31 6 12345678"],
        ["Zoë", "D'Hondt", "0470 12 34 56"],
    ]
    assert b"Weigeraar" not in data
    assert national_number(1).encode() not in data and national_number(2).encode() not in data
    # nothing personal on the terminal
    assert "Zoë" not in r.out + r.err and "Иванова" not in r.out + r.err
    entry = store.one("SELECT * FROM audit WHERE action = 'export.mailmerge'")
    assert entry["actor"].startswith("cli:") and json.loads(entry["details"])["count"] == 2
    assert (
        store.one("SELECT * FROM audit WHERE action = 'cli.export.mailmerge'")["details"]
        == '{"outcome": "ok"}'
    )


def test_mailmerge_of_a_ceremony_with_privacy_column(cli, store, data_dir, tmp_path):
    ceremony = add_ceremony(store)
    invite(store, ceremony, add_person(store, 1, first_name="Anna"))
    add_person(store, 2, first_name="Niet Uitgenodigd")
    out = tmp_path / "ceremonie.csv"

    r = cli(
        "export", "mailmerge", "--ceremony", str(ceremony), "--privacy", "--out", str(out)
    )

    assert r.code == 0, r.err
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig")), delimiter=";"))
    assert rows[0][-5:] == ["ceremonie", "datum", "uur", "locatie", "privacy"]
    assert len(rows) == 2 and rows[1][0] == "Anna" and "AgII" in rows[1][-1]


def test_existing_file_and_unknown_ceremony_are_refused(cli, store, data_dir, tmp_path):
    add_person(store, 1)
    existing = tmp_path / "bestaat.csv"
    existing.write_text("niet overschrijven")
    r = cli("export", "mailmerge", "--out", str(existing))
    assert r.code == 2 and t("exports.cli.exists", path=existing) in r.err and "Traceback" not in r.err
    assert existing.read_text() == "niet overschrijven"

    missing = tmp_path / "nieuw.csv"
    r = cli("export", "mailmerge", "--ceremony", "999", "--out", str(missing))
    assert r.code == 2 and t("ceremonies.unknown") in r.err
    assert len(r.err.strip().splitlines()) == 1
    assert not missing.exists()  # no empty file left behind
    assert store.scalar("SELECT count(*) FROM audit WHERE action = 'export.mailmerge'") == 0


def test_emails_and_ics_from_the_command_line(cli, store, data_dir, tmp_path):
    ceremony = add_ceremony(store, time="19:00")
    invite(store, ceremony, add_person(store, 1, email="anna@example.org"), "e-mail")
    invite(store, ceremony, add_person(store, 2, email="bert@example.org"), "brief")

    emails = tmp_path / "adressen.txt"
    r = cli("export", "emails", "--ceremony", str(ceremony), "--out", str(emails))
    assert r.code == 0, r.err
    assert emails.read_bytes() == b"anna@example.org\r\n"
    assert stat.S_IMODE(emails.stat().st_mode) == 0o600 and t("exports.cli.delete_reminder") in r.out

    ics = tmp_path / "ceremonie.ics"
    r = cli("export", "ics", "--ceremony", str(ceremony), "--out", str(ics))
    assert r.code == 0, r.err
    event = next(iter(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")))
    assert event["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert event.decoded("DTSTART").hour == 19

    r = cli("export", "ics", "--out", str(tmp_path / "x.ics"))
    assert r.code == 2  # --ceremony is required
