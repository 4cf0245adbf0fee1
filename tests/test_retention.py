"""Retention policy, the purge command and early deletion (synthetic people only)."""

import datetime as dt
import json
import secrets

import pytest

from ceremony import admin, audit, deliveries, people, permissions, retention, rights, shredder
from ceremony.clock import utc_iso
from ceremony.errors import AccessDenied, InvalidInput
from ceremony.startup import open_installation
from ceremony.store import Store
from ceremony.texts import t
from tests.ceremony_factory import ceremony_row, invite_with_call, make_person
from tests.conftest import ADMIN, add_user, assert_absent

RECEIVED = "2025-01-10T09:00:00Z"  # Brussels date 10/01/2025; receipt term ends 10/01/2026


def national_number() -> str:
    return f"{secrets.randbelow(10**11):011d}"


def delivery_with(store, n: int, received_at: str = RECEIVED) -> tuple[int, list[int]]:
    """A delivery of `n` synthetic people with canary names, received at `received_at`."""
    did = deliveries.create_delivery(store, "test", "csv")
    ids = [
        make_person(
            store, did, national_number=national_number(),
            first_name=f"Zq{secrets.token_hex(4)}", last_name=f"Wv{secrets.token_hex(4)}",
        )
        for _ in range(n)
    ]
    with store.write() as db:
        db.execute("UPDATE deliveries SET received_at = ? WHERE id = ?", [received_at, did])
    return did, ids


def ceremony(store, date: str) -> int:
    return ceremony_row(store, date=date)


def invite(store, person_id: int, ceremony_id: int, note: str | None = "Belt liever na 17u") -> int:
    """An invitation that was answered, with one call attempt carrying a sealed note."""
    return invite_with_call(store, person_id, ceremony_id, note)


def count(store, table: str) -> int:
    return store.scalar(f"SELECT count(*) FROM {table}")


# --- policy ---------------------------------------------------------------------------


def test_receipt_term_in_brussels_dates(store):
    _did, ids = delivery_with(store, 2, received_at="2025-01-09T23:30:00Z")  # 10/01 00:30 in Brussels
    assert retention.purge_date_of_person(store, ids[0]) == dt.date(2026, 1, 10)
    assert retention.plan_purge(store, dt.date(2026, 1, 9)).people == []
    assert retention.plan_purge(store, dt.date(2026, 1, 10)).people == ids


def test_ceremony_term_purges_invited_people_only(store):
    did, (invited, other) = delivery_with(store, 2)
    invite(store, invited, ceremony(store, "2025-03-01"))
    assert retention.purge_date_of_person(store, invited) == dt.date(2025, 3, 31)
    assert retention.purge_date_of_person(store, other) == dt.date(2026, 1, 10)
    assert retention.next_purge(store) == dt.date(2025, 3, 31)

    early = retention.run_purge(store, "test", "schedule", as_of=dt.date(2025, 3, 30))
    assert (early.purged_people, early.purged_deliveries) == (0, 0)
    result = retention.run_purge(store, "test", "schedule", as_of=dt.date(2025, 3, 31))
    assert (result.purged_people, result.purged_deliveries) == (1, 0)
    assert people.get_person(store, invited) is None
    assert people.get_person(store, other).first_name.startswith("Zq")
    assert store.scalar("SELECT status FROM deliveries WHERE id = ?", [did]) == "active"
    assert retention.next_purge(store) == dt.date(2026, 1, 10)


def test_whichever_comes_first_and_latest_ceremony_counts(store):
    _did, (late, twice) = delivery_with(store, 2)
    invite(store, late, ceremony(store, "2026-06-01"))  # ceremony after the receipt term
    invite(store, twice, ceremony(store, "2025-03-01"), note=None)
    invite(store, twice, ceremony(store, "2025-09-01"), note=None)
    assert retention.purge_date_of_person(store, late) == dt.date(2026, 1, 10)
    assert retention.purge_date_of_person(store, twice) == dt.date(2025, 10, 1)


def test_terms_follow_the_settings(store):
    _did, (pid,) = delivery_with(store, 1)
    invite(store, pid, ceremony(store, "2025-03-01"))
    admin.set_setting(store, ADMIN, "retention_days_after_receipt", "30")
    admin.set_setting(store, ADMIN, "retention_days_after_ceremony", "0")
    assert retention.purge_date_of_person(store, pid) == dt.date(2025, 2, 9)
    admin.set_setting(store, ADMIN, "retention_days_after_receipt", "365")
    assert retention.purge_date_of_person(store, pid) == dt.date(2025, 3, 1)


def test_delivery_overview_shows_purge_dates_and_counts(store):
    did, (a, b) = delivery_with(store, 2)
    invite(store, a, ceremony(store, "2025-03-01"))
    empty = deliveries.create_delivery(store, "test", "csv")
    with store.write() as db:
        db.execute("UPDATE deliveries SET received_at = ?, rows = 5 WHERE id = ?", ["2025-02-01T10:00:00Z", empty])
    rows = {row["id"]: row for row in retention.delivery_overview(store)}
    assert rows[did]["stored_now"] == 2 and rows[did]["purged"] == 0
    assert rows[did]["first_purge_date"] == dt.date(2025, 3, 31)
    assert rows[did]["purge_date"] == dt.date(2026, 1, 10)  # the day the last person goes
    assert rows[empty]["purge_date"] == dt.date(2026, 2, 1) and rows[empty]["received"] == 5

    retention.run_purge(store, "test", "schedule", as_of=dt.date(2025, 3, 31))
    rows = {row["id"]: row for row in retention.delivery_overview(store)}
    assert (rows[did]["stored_now"], rows[did]["purged"]) == (1, 1)


def test_empty_delivery_loses_its_key_at_the_receipt_term(store):
    empty = deliveries.create_delivery(store, "test", "csv")
    with store.write() as db:
        db.execute("UPDATE deliveries SET received_at = ? WHERE id = ?", [RECEIVED, empty])
    assert retention.run_purge(store, "t", "schedule", as_of=dt.date(2026, 1, 9)).purged_deliveries == 0
    assert store.scalar("SELECT wrapped_key FROM deliveries WHERE id = ?", [empty]) is not None
    result = retention.run_purge(store, "t", "schedule", as_of=dt.date(2026, 1, 10))
    assert (result.purged_people, result.purged_deliveries) == (0, 1)
    row = store.one("SELECT status, purge_reason, wrapped_key FROM deliveries WHERE id = ?", [empty])
    assert row == {"status": "purged", "purge_reason": "term", "wrapped_key": None}


def test_counts_and_audit_survive_without_personal_values(store):
    did, ids = delivery_with(store, 3)
    cid = ceremony(store, "2025-03-01")
    for pid in ids:
        invite(store, pid, cid)
    names = [people.get_person(store, pid).first_name for pid in ids]
    result = retention.run_purge(store, "test", "schedule", as_of=dt.date(2026, 1, 10))
    assert (result.purged_people, result.purged_deliveries) == (3, 1)
    counts = store.one("SELECT invited, reached, confirmed, attended, calls FROM ceremony_counts WHERE ceremony_id = ?", [cid])
    assert counts == {"invited": 3, "reached": 3, "confirmed": 3, "attended": 3, "calls": 3}
    assert store.scalar("SELECT people_purged FROM deliveries WHERE id = ?", [did]) == 3
    history = retention.purge_history(store)
    assert [(h["trigger"], h["as_of"], h["purged_people"], h["purged_deliveries"]) for h in history] == [
        ("schedule", "2026-01-10", 3, 1)
    ]
    entry = audit.entries(store, action="retention.purge")[0]
    assert json.loads(entry["details"]) == {
        "as_of": "2026-01-10", "purged_deliveries": 1, "purged_people": 3, "trigger": "schedule",
    }
    trail = json.dumps(store.rows("SELECT * FROM audit"))
    assert not any(name in trail for name in names)
    assert audit.verify(store).ok


def test_startup_task_purges_what_is_due_today(store):
    long_ago = utc_iso(dt.datetime.now(dt.UTC) - dt.timedelta(days=800))
    _old, old_ids = delivery_with(store, 2, received_at=long_ago)
    _new, new_ids = delivery_with(store, 1, received_at=utc_iso())
    open_installation(store.paths.data_dir).close()
    assert store.scalar("SELECT count(*) FROM people WHERE id IN (?,?)", old_ids) == 0
    assert people.get_person(store, new_ids[0]) is not None
    entry = audit.entries(store, action="retention.purge")[0]
    assert entry["actor"] == "system:start-up"
    assert json.loads(entry["details"])["purged_people"] == 2
    assert not store.meta(shredder.COMPACT_FLAG)


# --- early deletion -------------------------------------------------------------------


def test_early_deletion_refused_for_coordinator(store):
    did, ids = delivery_with(store, 2, received_at=utc_iso())
    carla = add_user(store, "carla", "coordinator")
    with pytest.raises(AccessDenied):
        retention.delete_delivery(store, carla, did, str(did))
    assert count(store, "people") == 2 and count(store, "purges") == 0


def test_early_deletion_by_administrator(store, data_dir):
    did, ids = delivery_with(store, 2, received_at=utc_iso())
    keep_did, keep = delivery_with(store, 1, received_at=utc_iso())
    invite(store, ids[0], ceremony(store, "2099-01-01"))
    secret = bytes(store.scalar("SELECT record FROM people WHERE id = ?", [ids[1]]))
    anna = add_user(store, "anna", "beheerder")
    assert retention.delivery_loss(store, did) == {"people": 2, "invitations": 1, "calls": 1}

    with pytest.raises(InvalidInput):
        retention.delete_delivery(store, anna, did, str(keep_did))  # the wrong number typed
    assert count(store, "people") == 3

    result = retention.delete_delivery(store, anna, did, f"#{did}")
    assert (result.purged_people, result.purged_deliveries) == (2, 1)
    assert store.scalar("SELECT count(*) FROM people WHERE delivery_id = ?", [did]) == 0
    assert count(store, "invitations") == 0 and count(store, "call_attempts") == 0
    row = store.one("SELECT status, purge_reason, wrapped_key FROM deliveries WHERE id = ?", [did])
    assert row == {"status": "purged", "purge_reason": "early", "wrapped_key": None}
    assert people.get_person(store, keep[0]) is not None
    hist = retention.purge_history(store)[0]
    assert (hist["actor"], hist["trigger"], hist["purged_people"]) == ("user:anna", "user", 2)
    entry = audit.entries(store, action="retention.delete_early")[0]
    assert entry["target"] == f"delivery:{did}"
    assert json.loads(entry["details"]) == {"purged_people": 2, "invitations": 1, "calls": 1}
    assert_absent(data_dir, [secret[:24]])


# --- the command line -----------------------------------------------------------------


def test_cli_dry_run_deletes_nothing_then_purge_then_nothing_more(cli, store, data_dir):
    did, ids = delivery_with(store, 3)
    _fresh, fresh_ids = delivery_with(store, 1, received_at="2025-12-01T10:00:00Z")
    store.close()

    dry = cli("purge", "--as-of", "2026-01-10", "--dry-run", "--json")
    assert dry.code == 0, dry.err
    report = json.loads(dry.out)
    assert (report["dry_run"], report["purged_people"], report["would_purge_people"]) == (True, 0, 3)
    assert report["would_purge_deliveries"] == 1
    assert count(store, "people") == 4 and count(store, "purges") == 0

    first = cli("purge", "--as-of", "2026-01-10", "--json")
    assert first.code == 0, first.err
    report = json.loads(first.out)
    assert (report["purged_people"], report["purged_deliveries"], report["as_of"]) == (3, 1, "2026-01-10")
    assert count(store, "people") == 1

    second = cli("purge", "--as-of", "2026-01-10", "--json")
    assert (json.loads(second.out)["purged_people"], json.loads(second.out)["purged_deliveries"]) == (0, 0)
    assert count(store, "purges") == 1
    assert audit.entries(store, action="retention.purge")[0]["actor"].startswith("cli:")

    plain = cli("purge", "--as-of", "2026-01-10")
    assert plain.code == 0 and t("views.n.people", n=0) in plain.out


def test_cli_bad_date_is_one_dutch_line(cli, data_dir):
    cli("init")
    r = cli("purge", "--as-of", "10/01/2026")
    assert r.code == 2 and "JJJJ-MM-DD" in r.err and "Traceback" not in r.err
    assert len(r.err.strip().splitlines()) == 1


def test_status_json_reports_next_purge(cli, store, data_dir):
    store.close()
    assert json.loads(cli("status", "--json").out)["next_purge"] is None
    _did, (pid,) = delivery_with(store, 1)
    invite(store, pid, ceremony(store, "2025-03-01"))
    store.close()
    assert json.loads(cli("status", "--json").out)["next_purge"] == "2025-03-31"


def test_purged_bytes_are_gone_from_every_file(cli, store, data_dir):
    """Acceptance: nothing of a purged delivery remains in any file under the data directory."""
    did, ids = delivery_with(store, 4)
    cid = ceremony(store, "2025-03-01")
    for pid in ids:
        invite(store, pid, cid)
    _keep, (kept,) = delivery_with(store, 1, received_at="2025-12-01T10:00:00Z")
    needles = [bytes(r[0])[:24] for r in store.db.execute("SELECT record FROM people WHERE delivery_id = ?", [did])]
    needles += [bytes(r[0])[:24] for r in store.db.execute("SELECT note FROM call_attempts")]
    needles += [bytes(store.scalar("SELECT wrapped_key FROM deliveries WHERE id = ?", [did]))[:24]]
    needles += [
        r[0].encode() for r in store.db.execute("SELECT blind_index FROM people WHERE delivery_id = ?", [did])
    ]
    assert len(needles) == 4 + 4 + 1 + 4
    # the store stays open, as the running app's does while cron purges: so it is the purge's
    # own checkpoint and vacuum that must clear the old pages, not SQLite's close of the last connection

    r = cli("purge", "--as-of", "2026-01-10", "--json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["purged_people"] == 4
    assert_absent(data_dir, needles)
    assert people.get_person(store, kept) is not None


def test_compaction_blocked_by_a_reader_is_retried(store, data_dir):
    """While another connection reads, old pages stay on disk: the next run compacts again."""
    did, ids = delivery_with(store, 2)
    needles = [bytes(r[0])[:24] for r in store.db.execute("SELECT record FROM people WHERE delivery_id = ?", [did])]
    store.db.execute("PRAGMA busy_timeout = 200")
    reader = Store.open(data_dir)
    cursor = reader.db.execute("SELECT p.id FROM people p, people q")  # rows left: the statement stays open
    cursor.fetchone()  # an open read snapshot, as a page halfway through a query holds

    blocked = retention.run_purge(store, "test", "schedule", as_of=dt.date(2026, 1, 10))
    assert (blocked.purged_people, blocked.compacted) == (2, False)
    assert store.meta(shredder.COMPACT_FLAG)

    cursor.close()
    reader.close()
    again = retention.run_purge(store, "test", "schedule", as_of=dt.date(2026, 1, 10))
    assert (again.purged_people, again.compacted) == (0, True)
    assert not store.meta(shredder.COMPACT_FLAG)
    assert_absent(data_dir, needles)


def test_the_next_purge_date_is_the_earliest_of_every_person_without_reading_each(store, monkeypatch):
    """The start page shows it on every visit: the same date as the minimum over every
    person, from per-delivery and per-ceremony figures (no row per person read)."""
    _early, (alone,) = delivery_with(store, 1, received_at="2025-02-01T10:00:00Z")
    _late, (a, b, c) = delivery_with(store, 3, received_at="2025-06-01T10:00:00Z")
    invite(store, a, ceremony(store, "2025-03-01"), note=None)  # a's last ceremony is later:
    invite(store, a, ceremony(store, "2025-05-20"), note=None)  # 2025-06-19, not 2025-03-31
    invite(store, b, ceremony(store, "2025-04-15"), note=None)

    def every_person() -> dt.date:
        terms = retention.Terms.of(store)
        return min(due for _p, _d, due in retention._people_dates(store, terms, retention._deliveries(store)))

    cases = []
    for after_receipt, after_ceremony in (("365", "30"), ("30", "30"), ("400", "0"), ("200", "60")):
        admin.set_setting(store, ADMIN, "retention_days_after_receipt", after_receipt)
        admin.set_setting(store, ADMIN, "retention_days_after_ceremony", after_ceremony)
        expected = every_person()
        with monkeypatch.context() as m:
            m.setattr(people.rows, "retention_facts", lambda s: pytest.fail("a row per person was read"))
            cases.append((retention.next_purge(store), expected))
    assert [got for got, _ in cases] == [want for _, want in cases]
    assert {want for _, want in cases} == {  # receipt of the early delivery; then b's ceremony
        dt.date(2025, 3, 3), dt.date(2025, 5, 15), dt.date(2025, 4, 15), dt.date(2025, 6, 14),
    }
    coordinator = permissions.User(0, "carla", "coordinator")  # erasure is theirs, not the admin's
    rights.erase(store, coordinator, alone)
    rights.erase(store, coordinator, c)
    assert retention.next_purge(store) == every_person()
    for pid in (a, b):
        rights.erase(store, coordinator, pid)
    assert retention.next_purge(store) is None
