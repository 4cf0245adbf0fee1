"""A purge killed midway leaves the old or the new state; the next start finishes the job."""

import datetime as dt
import json
import os
import secrets
import subprocess
import sys

import pytest

from ceremony import audit, deliveries, people, retention, shredder
from ceremony.clock import utc_iso
from ceremony.startup import open_installation
from ceremony.store import Store, placeholders
from tests.ceremony_factory import invite_with_call, make_person
from tests.conftest import ROOT, assert_absent


def purge_process(data_dir, crash_at: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, **{retention.CRASH_ENV: crash_at})
    return subprocess.run(
        [sys.executable, "-m", "ceremony", "--data-dir", str(data_dir), "purge", "--json"],
        capture_output=True, text=True, cwd=ROOT, timeout=120, env=env,
    )


def delivery(store, n: int, received_at: str, ceremony_id: int) -> list[int]:
    """`n` synthetic people, each invited with a sealed call note."""
    did = deliveries.create_delivery(store, "test", "csv")
    ids = []
    for _ in range(n):
        pid = make_person(
            store, did, national_number=f"{secrets.randbelow(10**11):011d}", first_name=f"Zq{secrets.token_hex(4)}"
        )
        invite_with_call(store, pid, ceremony_id, "Na 17u bellen", answer=None, present=0, outcome="terugbellen")
        ids.append(pid)
    with store.write() as db:
        db.execute("UPDATE deliveries SET received_at = ? WHERE id = ?", [received_at, did])
    return ids


def snapshot(store, ids: list[int]) -> dict[int, tuple]:
    """Everything readable about each person: fields, invitations, call notes."""
    state = {}
    for pid in ids:
        person = people.get_person(store, pid)
        if person is None:
            state[pid] = None
            continue
        notes = [
            people.open_note(store, person.delivery_id, r["uid"], r["note"])
            for r in store.rows("SELECT uid, note FROM call_attempts WHERE person_id = ? ORDER BY id", [pid])
        ]
        invitations = store.scalar("SELECT count(*) FROM invitations WHERE person_id = ?", [pid])
        state[pid] = (person.fields, invitations, notes)
    return state


def leftovers(store, ids: list[int]) -> int:
    """Rows still linked to people who are gone (a half-deleted person)."""
    marks = placeholders(ids)
    return store.scalar(
        f"SELECT (SELECT count(*) FROM invitations WHERE person_id IN ({marks}) "
        f"  AND person_id NOT IN (SELECT id FROM people)) "
        f"+ (SELECT count(*) FROM call_attempts WHERE person_id IN ({marks}) "
        f"  AND person_id NOT IN (SELECT id FROM people))",
        [*ids, *ids],
    )


@pytest.mark.parametrize("step", ["shredded", "before_commit", "committed"])
def test_killed_purge_is_finished_by_next_start(store, data_dir, step):
    now = dt.datetime.now(dt.UTC)
    with store.write() as db:
        cid = db.execute(
            "INSERT INTO ceremonies(name, date, created_at, created_by) VALUES ('C', ?, ?, 't')",
            [(now + dt.timedelta(days=60)).date().isoformat(), utc_iso()],
        ).lastrowid
    expired = delivery(store, 3, utc_iso(now - dt.timedelta(days=800)), cid)
    fresh = delivery(store, 2, utc_iso(now), cid)
    before = snapshot(store, expired + fresh)
    expired_delivery = store.scalar("SELECT delivery_id FROM people WHERE id = ?", [expired[0]])
    needles = [bytes(r[0])[:24] for r in store.db.execute(
        f"SELECT record FROM people WHERE id IN ({placeholders(expired)})", expired
    )]
    store.close()

    killed = purge_process(data_dir, step)
    assert killed.returncode == 9, killed.stderr  # died at the hook, printed nothing
    assert killed.stdout == ""

    store = Store.open(data_dir)  # the next process
    after = snapshot(store, expired + fresh)
    assert leftovers(store, expired) == 0
    for pid in expired + fresh:
        assert after[pid] in (before[pid], None), "a person is half deleted"
    assert [after[pid] for pid in fresh] == [before[pid] for pid in fresh]
    gone = [after[pid] is None for pid in expired]
    if step == "committed":
        assert all(gone) and store.meta(shredder.COMPACT_FLAG)  # deleted, compaction still due
        assert retention.purge_history(store)[0]["purged_people"] == 3
    else:
        assert not any(gone) and not store.meta(shredder.COMPACT_FLAG)  # rolled back entirely
        assert retention.purge_history(store) == []

    open_installation(data_dir).close()  # the app starts again
    assert all(snapshot(store, expired)[pid] is None for pid in expired)
    assert snapshot(store, fresh) == {pid: before[pid] for pid in fresh}
    assert not store.meta(shredder.COMPACT_FLAG)
    assert store.scalar("SELECT status FROM deliveries WHERE id = ?", [expired_delivery]) == "purged"
    assert sum(h["purged_people"] for h in retention.purge_history(store)) == 3
    entry = audit.entries(store, action="retention.purge")[0]
    assert entry["actor"] == "system:start-up"
    assert audit.verify(store).ok
    store.close()
    assert_absent(data_dir, needles)

    again = Store.open(data_dir)
    result = retention.run_purge(again, "test", "schedule")
    assert (result.purged_people, result.purged_deliveries) == (0, 0)
    assert json.loads(audit.entries(again, action="retention.purge")[0]["details"])["purged_people"] == 0
    again.close()
