"""`python -m ceremony export ...` as an operator on the server would run it."""

from __future__ import annotations

import codecs
import csv
import io
import json
import stat
import subprocess
import sys

import icalendar

from tests.conftest import ROOT
from tests.test_exports import add_ceremony, add_person, do_not_contact, invite, national_number


def cli(data_dir, *args):
    return subprocess.run(
        [sys.executable, "-m", "ceremony", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_mailmerge_writes_a_private_file_and_reminds_to_delete_it(store, data_dir, tmp_path):
    add_person(store, 1, first_name="Zoë", last_name="D'Hondt", phone="+32470123456")
    add_person(store, 2, first_name="=SUM(A1)", last_name="Иванова", phone="+31612345678")
    do_not_contact(store, add_person(store, 3, first_name="Weigeraar"))
    out = tmp_path / "brieven.csv"

    r = cli(data_dir, "export", "mailmerge", "--out", str(out))

    assert r.returncode == 0, r.stderr
    assert "2 personen" in r.stdout and "verwijder" in r.stdout
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
    assert "Zoë" not in r.stdout + r.stderr and "Иванова" not in r.stdout + r.stderr
    entry = store.one("SELECT * FROM audit WHERE action = 'export.mailmerge'")
    assert entry["actor"].startswith("cli:") and json.loads(entry["details"])["count"] == 2
    assert (
        store.one("SELECT * FROM audit WHERE action = 'cli.export.mailmerge'")["details"]
        == '{"outcome": "ok"}'
    )


def test_mailmerge_of_a_ceremony_with_privacy_column(store, data_dir, tmp_path):
    ceremony = add_ceremony(store)
    invite(store, ceremony, add_person(store, 1, first_name="Anna"))
    add_person(store, 2, first_name="Niet Uitgenodigd")
    out = tmp_path / "ceremonie.csv"

    r = cli(
        data_dir, "export", "mailmerge", "--ceremony", str(ceremony), "--privacy", "--out", str(out)
    )

    assert r.returncode == 0, r.stderr
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig")), delimiter=";"))
    assert rows[0][-5:] == ["ceremonie", "datum", "uur", "locatie", "privacy"]
    assert len(rows) == 2 and rows[1][0] == "Anna" and "AgII" in rows[1][-1]


def test_existing_file_and_unknown_ceremony_are_refused(store, data_dir, tmp_path):
    add_person(store, 1)
    existing = tmp_path / "bestaat.csv"
    existing.write_text("niet overschrijven")
    r = cli(data_dir, "export", "mailmerge", "--out", str(existing))
    assert r.returncode == 2 and "bestaat al" in r.stderr and "Traceback" not in r.stderr
    assert existing.read_text() == "niet overschrijven"

    missing = tmp_path / "nieuw.csv"
    r = cli(data_dir, "export", "mailmerge", "--ceremony", "999", "--out", str(missing))
    assert r.returncode == 2 and "bestaat niet" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert not missing.exists()  # no empty file left behind
    assert store.scalar("SELECT count(*) FROM audit WHERE action = 'export.mailmerge'") == 0


def test_emails_and_ics_from_the_command_line(store, data_dir, tmp_path):
    ceremony = add_ceremony(store, time="19:00")
    invite(store, ceremony, add_person(store, 1, email="anna@example.org"), "e-mail")
    invite(store, ceremony, add_person(store, 2, email="bert@example.org"), "brief")

    emails = tmp_path / "adressen.txt"
    r = cli(data_dir, "export", "emails", "--ceremony", str(ceremony), "--out", str(emails))
    assert r.returncode == 0, r.stderr
    assert emails.read_bytes() == b"anna@example.org\r\n"
    assert stat.S_IMODE(emails.stat().st_mode) == 0o600 and "verwijder" in r.stdout

    ics = tmp_path / "ceremonie.ics"
    r = cli(data_dir, "export", "ics", "--ceremony", str(ceremony), "--out", str(ics))
    assert r.returncode == 0, r.stderr
    event = next(iter(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")))
    assert event["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert event.decoded("DTSTART").hour == 19

    r = cli(data_dir, "export", "ics", "--out", str(tmp_path / "x.ics"))
    assert r.returncode == 2  # --ceremony is required
