"""Tamper evidence that cannot be deleted quietly.

The anchor and the shred ledger live outside the database; the database records how far
they went (its signed audit head, `meta.ledger_seq`) and the anchor records how far the
ledger went. A missing, shortened or older anchor or ledger is an alarm: the start-up and
every command refuse with one sentence naming the administrator command, `audit verify`
exits non-zero, and only `audit accept-anchor --reason ... --confirm` sets a new anchor.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import socket

import pytest
from starlette.testclient import TestClient

from ceremony import audit, incident, ledger, permissions, rights, startup
from ceremony.errors import IntegrityError
from ceremony.store import Store
from ceremony.texts import t
from tests.ceremony_factory import make_person

COORD = permissions.User(0, "testcoord", "coordinator")
NUMBERS = ("85073003328", "85073003427", "90020212388")
ACCEPT = "audit accept-anchor"


def _fill(store, n=3):
    for i in range(n):
        audit.record(store, "test", "demo.action", f"thing:{i}", count=i)


def _restore(copy, data_dir):
    """What an operator does: app stopped, old copy in place, no WAL of the newer state beside it."""
    for suffix in ("-wal", "-shm"):
        (data_dir / f"ceremony.db{suffix}").unlink(missing_ok=True)
    shutil.copyfile(copy, data_dir / "ceremony.db")


def _refused(cli, *args):
    """The command is refused with exit 2 and one sentence naming the administrator command."""
    code, out, err = cli(*args)
    assert code == 2, (code, out, err)
    assert ACCEPT in err and err.count("\n") == 1 and "Traceback" not in err
    return err


def _verify_fails(cli):
    code, _out, err = cli("audit", "verify")
    assert code == 1, err
    assert ACCEPT in err


def _opened(data_dir):
    """The store opened only to read (no start-up tasks, no checks), closed afterwards."""
    return contextlib.closing(Store.open(data_dir))


def _people(data_dir) -> list[int]:
    with _opened(data_dir) as s:
        return [r["id"] for r in s.rows("SELECT id FROM people ORDER BY id")]


# --- the anchor ---------------------------------------------------------------------------


def test_a_deleted_anchor_is_an_alarm_and_is_not_re_created(cli, store, data_dir):
    _fill(store)
    store.close()
    store.paths.anchor_file.unlink()
    _verify_fails(cli)
    _refused(cli, "status")
    _refused(cli, "users", "list")
    assert not store.paths.anchor_file.exists()  # the next command did not re-create it
    _verify_fails(cli)


def test_a_deleted_anchor_and_an_older_database_fail_verify_and_every_command(cli, store, data_dir, tmp_path):
    _fill(store)
    copy = tmp_path / "old.db"
    assert cli("backup", "--out", str(copy)).code == 0
    _fill(store)
    store.close()
    store.paths.anchor_file.unlink()
    _restore(copy, data_dir)  # the trail is back at the older, shorter state
    _verify_fails(cli)
    _refused(cli, "status", "--json")
    assert not store.paths.anchor_file.exists()


def test_an_older_anchor_put_back_is_an_alarm(cli, store, data_dir, tmp_path):
    _fill(store)
    old_anchor = store.paths.anchor_file.read_text()
    _fill(store)
    store.close()
    store.paths.anchor_file.write_text(old_anchor)
    _verify_fails(cli)
    _refused(cli, "status")
    assert store.paths.anchor_file.read_text() == old_anchor  # left as evidence


def test_an_unreadable_anchor_is_refused_until_an_administrator_accepts(cli, store, data_dir):
    _fill(store)
    store.close()
    store.paths.anchor_file.write_text("{not json")
    _verify_fails(cli)
    _refused(cli, "status")
    assert cli("audit", "accept-anchor", "--reason", "incident 7", "--confirm").code == 0
    assert cli("status").code == 0
    with _opened(data_dir) as s:
        entry = audit.entries(s, action="integrity.accept_anchor")[0]
        assert json.loads(entry["details"])["old_anchor"] == "unreadable"


# --- the shred ledger -----------------------------------------------------------------------


def _two_erasures(store, cli, tmp_path):
    ids = [make_person(store, national_number=nn) for nn in NUMBERS]
    copy = tmp_path / "old.db"
    assert cli("backup", "--out", str(copy)).code == 0
    rights.erase(store, COORD, ids[0])
    rights.object_and_erase(store, COORD, ids[1])
    assert store.meta(ledger.LEDGER_SEQ) == 2
    store.close()
    return ids, copy


def _drop_last_ledger_line(store):
    path = store.paths.ledger_file
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:-1]))
    return "".join(lines)


def test_a_shortened_ledger_is_an_alarm(cli, store, data_dir, tmp_path):
    _two_erasures(store, cli, tmp_path)
    _drop_last_ledger_line(store)
    _verify_fails(cli)
    _refused(cli, "status")


def test_a_deleted_ledger_is_an_alarm(cli, store, data_dir, tmp_path):
    _two_erasures(store, cli, tmp_path)
    store.paths.ledger_file.unlink()
    _verify_fails(cli)
    _refused(cli, "status")


def test_a_shortened_ledger_and_an_older_backup_do_not_bring_people_back(cli, store, data_dir, tmp_path):
    ids, copy = _two_erasures(store, cli, tmp_path)
    whole = _drop_last_ledger_line(store)
    _restore(copy, data_dir)  # meta.ledger_seq is 0 in the copy; the ledger has one line of two
    _verify_fails(cli)
    _refused(cli, "status")
    _refused(cli, "export", "mailmerge", "--out", str(tmp_path / "out.csv"))
    assert not (tmp_path / "out.csv").exists()
    # the incident procedure: put the ledger back from its own backup, and it all re-applies
    store.paths.ledger_file.write_text(whole)
    assert cli("status").code == 0
    assert _people(data_dir) == [ids[2]]


def test_a_restore_with_intact_evidence_still_re_applies_the_ledger(cli, store, data_dir, tmp_path):
    ids, copy = _two_erasures(store, cli, tmp_path)
    _restore(copy, data_dir)
    code, _out, err = cli("status")
    assert code == 0, err
    assert _people(data_dir) == [ids[2]]
    assert cli("audit", "verify").code == 0


# --- start-up and the server ----------------------------------------------------------------


def test_the_start_up_refuses_before_any_other_step(store, data_dir):
    _fill(store)
    store.paths.anchor_file.unlink()
    with pytest.raises(IntegrityError, match=ACCEPT):
        startup.open_installation(data_dir)
    assert audit.entries(store, action="app.start") == []


def test_the_server_does_not_start(cli, store, data_dir):
    from ceremony.ui.server import build_app, runtime

    _fill(store)
    store.close()
    store.paths.anchor_file.unlink()
    with socket.socket() as taken:  # should the check ever be skipped, the server stops at once
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        _refused(cli, "serve", "--port", taken.getsockname()[1])
    runtime.forget()
    with pytest.raises(IntegrityError, match=ACCEPT), TestClient(build_app(str(data_dir))) as client:
        client.get("/_stcore/health")  # never reached: the lifespan refused to start
    runtime.forget()


# --- the administrator's command ------------------------------------------------------------


def test_accepting_a_new_anchor_needs_a_reason_and_a_confirmation_and_is_audited(cli, store, data_dir, tmp_path):
    _two_erasures(store, cli, tmp_path)
    _drop_last_ledger_line(store)
    store.paths.anchor_file.unlink()
    assert cli("audit", "accept-anchor", "--reason", "incident 42").code == 2  # no --confirm
    assert cli("audit", "accept-anchor", "--reason", " ", "--confirm").code == 2
    _refused(cli, "status")

    code, out, err = cli("audit", "accept-anchor", "--reason", "incident 42", "--confirm")
    assert code == 0, err
    assert cli("status").code == 0
    assert cli("audit", "verify").code == 0
    with _opened(data_dir) as s:
        entry = audit.entries(s, action="integrity.accept_anchor")[0]
        details = json.loads(entry["details"])
        assert entry["actor"] == audit.cli_actor()
        assert details["reason"] == "incident 42"
        assert details["old_anchor"] == "missing" and details["ledger_lines"] == 1
        assert details["database_ledger"] == 2 and details["database_entries"] > 0
        assert s.meta(ledger.LEDGER_SEQ) == 1
    assert json.loads(store.paths.anchor_file.read_text())["ledger"] == 1


def test_only_an_administrator_may_accept(store):
    from ceremony.errors import AccessDenied

    with pytest.raises(AccessDenied):
        incident.accept_anchor(store, COORD, "incident")


def test_a_fresh_installation_creates_both_and_keeps_working(cli, data_dir):
    assert cli("init").code == 0
    anchor = data_dir / "keys" / "audit.anchor"
    assert anchor.exists()
    assert cli("status").code == 0
    assert cli("audit", "verify").code == 0
    assert json.loads(anchor.read_text())["seq"] > 0


def test_every_message_is_one_sentence_naming_the_command():
    for key in ("integrity.anchor_missing", "integrity.anchor_older", "integrity.ledger_shorter",
                "integrity.ledger_shorter_than_anchor"):
        text = t(key, db=2, anchor=1, lines=1, path="x")
        assert ACCEPT in text and text.count(". ") == 0
