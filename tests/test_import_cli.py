"""`python -m ceremony import`, as an operator at the server would call it."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import pytest

from ceremony import audit, people, transport
from ceremony.store import Store
from ceremony.texts import t
from tests.test_import import HEADERS, NOW, PW, delivery, nn_for, person_row
from tests.text_helpers import leading

JSON_KEYS = {"delivery_id", "rows", "stored", "updated", "unchanged", "duplicates", "out_of_scope", "out_of_scope_reasons",
             "rejected", "warnings", "dropped_columns", "notices"}


@pytest.fixture(autouse=True)
def _fixed_now(monkeypatch):
    """The import's certificate window is measured from NOW (in-process and in the killed process)."""
    monkeypatch.setenv("CEREMONY_FAKE_NOW", NOW)


def setup(cli, data_dir):
    assert cli("init").code == 0
    assert cli("settings", "set", "postcodes", "9000").code == 0


def counts(data_dir) -> tuple[int, int]:
    store = Store.open(data_dir)
    try:
        return store.scalar("SELECT count(*) FROM people"), store.scalar("SELECT count(*) FROM deliveries")
    finally:
        store.close()


def test_import_json_report(cli, data_dir, tmp_path):
    setup(cli, data_dir)
    rows = [person_row(0), person_row(1, Voornaam=None), person_row(2, Postcode="1000"), person_row(0)]
    source = tmp_path / "levering.xlsx"
    source.write_bytes(delivery([[*r, "Marokko"] for r in rows], headers=[*HEADERS, "Nationaliteit"]))
    r = cli("import", str(source), "--password-stdin", "--json", stdin=PW + "\n")
    assert r.code == 0, r.err
    report = json.loads(r.out)
    assert set(report) == JSON_KEYS
    assert (report["rows"], report["stored"], report["duplicates"], report["out_of_scope"]) == (4, 1, 1, 1)
    assert report["rejected"] == [{"row": 3, "reason": t("validate.first_name.missing")}]
    assert report["warnings"] == []
    assert report["dropped_columns"] == ["Nationaliteit"]
    assert PW not in r.out + r.err
    assert "Voornaam0" not in r.out + r.err
    assert source.exists()  # kept without --delete-source
    store = Store.open(data_dir)
    entry = audit.entries(store, action="import.delivery")[0]
    assert entry["actor"].startswith("cli:")
    assert [p.national_number for p in people.iter_people(store)] == [nn_for(0)]
    store.close()


def test_plain_text_report(cli, data_dir, tmp_path):
    setup(cli, data_dir)
    source = tmp_path / "levering.csv"
    source.write_bytes(delivery([person_row(0), person_row(1, Rijksregisternummer="12345678901")], "csv"))
    r = cli("import", str(source))  # not encrypted: no password asked
    assert r.code == 0, r.err
    assert "1 nieuw" in r.out
    assert t("validate.nn.checksum") in r.out
    assert t("formats.notice.unencrypted") in r.out


def test_wrong_password_one_dutch_line_nothing_stored(cli, data_dir, tmp_path):
    setup(cli, data_dir)
    source = tmp_path / "levering.xlsx"
    source.write_bytes(delivery([person_row(0)]))
    r = cli("import", str(source), "--password-stdin", "--delete-source", stdin="fout\n")
    assert r.code != 0
    assert r.err.strip().splitlines() == [r.err.strip()]
    assert t("formats.wrong_password") in r.err
    assert "Traceback" not in r.err
    assert counts(data_dir) == (0, 0)
    assert source.exists()  # never deleted after a failure


def test_damaged_and_unsupported_files_are_refused(cli, data_dir, tmp_path):
    setup(cli, data_dir)
    damaged = bytearray(delivery([person_row(0)], "zip-aes"))
    damaged[len(damaged) // 2] ^= 0x40
    (tmp_path / "kapot.zip").write_bytes(bytes(damaged))
    (tmp_path / "foto.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    for name in ("kapot.zip", "foto.png"):
        r = cli("import", str(tmp_path / name), "--password-stdin", stdin=PW + "\n")
        assert r.code != 0
        assert len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err
    assert counts(data_dir) == (0, 0)


def test_a_file_without_header_row_one_line_no_values(cli, data_dir, tmp_path):
    setup(cli, data_dir)
    first = [v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else v or "" for v in person_row(0)]
    source = tmp_path / "levering.csv"
    source.write_bytes(delivery([person_row(1), person_row(2)], "csv", headers=first))
    r = cli("import", str(source), "--json")
    assert r.code == 2
    assert len(r.err.strip().splitlines()) == 1 and leading("columns.no_header_row") in r.err
    for value in ("Familienaam0", "Voornaam0", nn_for(0), "persoon0@example.org"):
        assert value not in r.out + r.err
    assert counts(data_dir) == (0, 0)


def test_missing_file_one_line(cli, data_dir, tmp_path):
    setup(cli, data_dir)
    r = cli("import", str(tmp_path / "bestaat-niet.xlsx"))
    assert r.code == 2
    assert t("intake.file_unreadable") in r.err


def test_delete_source_removes_the_file_and_records_it(cli, data_dir, tmp_path):
    setup(cli, data_dir)
    source = tmp_path / "drop" / "levering.sealed"
    source.parent.mkdir()
    source.write_bytes(delivery([person_row(0)], "sealed"))
    r = cli("import", str(source), "--password-stdin", "--delete-source", "--json", stdin=PW + "\n")
    assert r.code == 0, r.err
    delivery_id = json.loads(r.out)["delivery_id"]
    assert not source.exists()
    store = Store.open(data_dir)
    done = transport.confirmations(store, delivery_id)
    assert set(done) == {"source_file"}
    assert done["source_file"]["confirmed_by"].startswith("cli:")
    assert store.scalar("SELECT source_deleted_at FROM deliveries WHERE id = ?", [delivery_id])
    assert delivery_id in transport.pending(store)  # mailbox, download and SMS still to confirm
    store.close()


KILLER = """
import os, signal, sys
from ceremony import people
from ceremony.cli.common import operator
from ceremony.intake import importer
from ceremony.store import Store

real = people.insert_people

def insert_then_die(*args, **kwargs):
    real(*args, **kwargs)  # the rows are written inside the open transaction ...
    os.kill(os.getpid(), signal.SIGKILL)  # ... and the process dies before COMMIT

people.insert_people = insert_then_die
store = Store.open(sys.argv[1])
importer.import_delivery(store, operator("beheerder"), open(sys.argv[2], "rb").read(), sys.argv[3])
"""


def test_a_killed_import_stores_nothing(cli, data_dir, tmp_path):
    setup(cli, data_dir)
    source = tmp_path / "levering.xlsx"
    source.write_bytes(delivery([person_row(i) for i in range(50)]))
    r = subprocess.run([sys.executable, "-c", KILLER, str(data_dir), str(source), PW],
                       capture_output=True, text=True, timeout=180)
    assert r.returncode == -signal.SIGKILL
    assert counts(data_dir) == (0, 0)
    # and the store still works: the same file imports fine afterwards
    r = cli("import", str(source), "--password-stdin", "--json", stdin=PW + "\n")
    assert json.loads(r.out)["stored"] == 50
