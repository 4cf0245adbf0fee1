"""The audit trail: chained, tamper-evident, free of personal values."""

import re

from ceremony import audit
from tests.text_helpers import leading, matching


def _fill(store, n=5):
    for i in range(n):
        audit.record(store, "test", "demo.action", f"thing:{i}", count=i)


def test_intact_chain_verifies(cli, store, data_dir):
    _fill(store)
    assert audit.verify(store).ok
    result = cli("audit", "verify")
    assert result.code == 0, result.err
    assert re.search(matching("audit.ok.other"), result.out.strip())


def test_changed_byte_is_named(cli, store, data_dir):
    _fill(store)
    target = store.scalar("SELECT id FROM audit WHERE target = 'thing:2'")
    store.db.execute("UPDATE audit SET details = replace(details, '2', '3') WHERE id = ?", [target])
    result = cli("audit", "verify")
    assert result.code == 1
    assert leading("audit.broken", id=target) in result.err


def test_deleted_entry_is_detected(cli, store, data_dir):
    _fill(store)
    target = store.scalar("SELECT id FROM audit WHERE target = 'thing:1'")
    store.db.execute("DELETE FROM audit WHERE id = ?", [target])
    result = cli("audit", "verify")
    assert result.code == 1
    assert leading("audit.broken", id=target + 1) in result.err


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


def test_every_cli_command_is_audited(cli, store, data_dir):
    result = cli("status", "--json")
    assert result.code == 0
    entry = audit.entries(store, action="cli.status")[0]
    assert entry["actor"].startswith("cli:")
    assert entry["at"].endswith("Z")
