"""The audit trail: chained, tamper-evident, free of personal values."""

import re
import subprocess
import sys

from ceremony import audit
from tests.conftest import ROOT
from tests.text_helpers import matching


def _cli(data_dir, *args, stdin=""):
    return subprocess.run(
        [sys.executable, "-m", "ceremony", "--data-dir", str(data_dir), *args],
        input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60,
    )


def _fill(store, n=5):
    for i in range(n):
        audit.record(store, "test", "demo.action", f"thing:{i}", count=i)


def test_intact_chain_verifies(store, data_dir):
    _fill(store)
    assert audit.verify(store).ok
    result = _cli(data_dir, "audit", "verify")
    assert result.returncode == 0, result.stderr
    assert re.search(matching("audit.ok.other"), result.stdout.strip())


def test_changed_byte_is_named(store, data_dir):
    _fill(store)
    target = store.scalar("SELECT id FROM audit WHERE target = 'thing:2'")
    store.db.execute("UPDATE audit SET details = replace(details, '2', '3') WHERE id = ?", [target])
    result = _cli(data_dir, "audit", "verify")
    assert result.returncode == 1
    assert f"regel {target}" in result.stderr


def test_deleted_entry_is_detected(store, data_dir):
    _fill(store)
    target = store.scalar("SELECT id FROM audit WHERE target = 'thing:1'")
    store.db.execute("DELETE FROM audit WHERE id = ?", [target])
    result = _cli(data_dir, "audit", "verify")
    assert result.returncode == 1
    assert f"regel {target + 1}" in result.stderr


def test_deleted_last_entries_are_detected(store):
    _fill(store)
    last = store.scalar("SELECT max(id) FROM audit")
    store.db.execute("DELETE FROM audit WHERE id = ?", [last])
    result = audit.verify(store)
    assert not result.ok and result.broken_at == last


def test_inserted_entry_is_detected(store):
    _fill(store)
    store.db.execute("UPDATE audit SET id = id + 1000 WHERE id > 3")
    store.db.execute(
        "INSERT INTO audit(id, at, actor, action, target, details, mac) VALUES (4, 'x', 'evil', 'x', '', '{}', 'ff')"
    )
    assert audit.verify(store).broken_at == 4


def test_every_cli_command_is_audited(store, data_dir):
    result = _cli(data_dir, "status", "--json")
    assert result.returncode == 0
    entry = audit.entries(store, action="cli.status")[0]
    assert entry["actor"].startswith("cli:")
    assert entry["at"].endswith("Z")
