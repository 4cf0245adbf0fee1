"""One way to open an installation: `Store.open` only opens, `startup.open_installation`
does the rest for the server, every command and the tests alike."""

import json

import pytest

from ceremony import audit, crypto, people, shredder
from ceremony.errors import IntegrityError
from ceremony.startup import open_installation
from ceremony.store import Store
from tests.ceremony_factory import make_person


def _old_style_records(store) -> int:
    """A person sealed as an older version did (associated data without the row), flagged
    for the re-seal as migration m120 flags it; returns the person's id."""
    pid = make_person(store, first_name="Testvoornaam")
    row = store.one("SELECT * FROM people WHERE id = ?", [pid])
    key = store.data_key(row["delivery_id"])
    old = crypto.seal(
        key, people._payload(people.open_fields(store, row)), people._aad("person", row["uid"], row["delivery_id"])
    )
    store.db.execute("UPDATE people SET record = ? WHERE id = ?", [old, pid])
    store.set_meta(people.RESEAL_FLAG, 1)
    return pid


def test_opening_the_store_only_opens(store, data_dir):
    pid = _old_style_records(store)
    store.close()

    opened = Store.open(data_dir)  # no upgrade, no check: that is the start-up's work
    assert opened.meta(people.RESEAL_FLAG) == 1
    with pytest.raises(IntegrityError):
        people.get_person(opened, pid)
    opened.close()

    started = open_installation(data_dir, for_="cli")
    assert started.meta(people.RESEAL_FLAG) is None
    assert people.get_person(started, pid).first_name == "Testvoornaam"
    started.close()


def test_every_command_finishes_a_compaction_a_crash_left(store, cli):
    pid = make_person(store)
    shredder.shred_people(store, [pid], "erasure")  # the process dies before compacting
    assert store.meta(shredder.COMPACT_FLAG)

    assert cli("status").code == 0
    assert not store.meta(shredder.COMPACT_FLAG)



def test_a_command_refused_at_start_up_is_on_record_as_failed(cli, store, data_dir):
    make_person(store)
    assert cli("status").code == 0  # the trail has a head and the anchor follows it
    store.close()
    store.paths.anchor_file.unlink()  # tamper evidence gone: every start refuses

    assert cli("status").code == 2
    reader = Store.open(data_dir)
    failed = [json.loads(e["details"]) for e in audit.entries(reader, action="cli.status", exact=True)]
    reader.close()
    assert failed[0] == {"outcome": "error"}
