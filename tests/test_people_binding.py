"""A sealed record belongs to its row: moving it, or changing the columns it vouches for, is detected."""

import pytest

from ceremony import deliveries, people, permissions, rights
from ceremony.errors import IntegrityError
from tests.ceremony_factory import make_person
from tests.conftest import ADMIN

COORD = permissions.User(0, "testcoord", "coordinator")


def _two(store):
    delivery = deliveries.create_delivery(store, "test", "csv")  # one data key for both
    a = make_person(store, delivery, national_number="85073003328", first_name="Anna")
    b = make_person(store, delivery, national_number="85073003427", first_name="Bert")
    return a, b


def test_swapping_uid_and_record_between_rows_is_detected(store):
    a, b = _two(store)
    ra = store.one("SELECT uid, record FROM people WHERE id = ?", [a])
    rb = store.one("SELECT uid, record FROM people WHERE id = ?", [b])
    store.db.execute("UPDATE people SET uid = 'tmp' WHERE id = ?", [a])
    store.db.execute("UPDATE people SET uid = ?, record = ? WHERE id = ?", [ra["uid"], ra["record"], b])
    store.db.execute("UPDATE people SET uid = ?, record = ? WHERE id = ?", [rb["uid"], rb["record"], a])
    with pytest.raises(IntegrityError) as refused:
        people.get_person(store, a)
    assert refused.value.code == "store.tampered"
    with pytest.raises(IntegrityError):
        people.get_person(store, b)


def test_swapping_blind_indexes_is_detected(store):
    a, b = _two(store)
    ba = store.scalar("SELECT blind_index FROM people WHERE id = ?", [a])
    bb = store.scalar("SELECT blind_index FROM people WHERE id = ?", [b])
    store.db.execute("UPDATE people SET blind_index = 'x' WHERE id = ?", [a])
    store.db.execute("UPDATE people SET blind_index = ? WHERE id = ?", [ba, b])
    store.db.execute("UPDATE people SET blind_index = ? WHERE id = ?", [bb, a])
    with pytest.raises(IntegrityError):
        people.get_person(store, a)


def test_do_not_contact_flag_cleared_with_sql_is_detected(store):
    a, _b = _two(store)
    rights.mark_do_not_contact(store, COORD, a)
    assert people.get_person(store, a).do_not_contact
    store.db.execute("UPDATE people SET do_not_contact = 0 WHERE id = ?", [a])
    with pytest.raises(IntegrityError):
        people.get_person(store, a)


def test_flag_changes_through_the_domain_still_read_back(store):
    a, _b = _two(store)
    rights.mark_do_not_contact(store, COORD, a)
    rights.lift_do_not_contact(store, COORD, a)
    person = people.get_person(store, a)
    assert person.first_name == "Anna" and not person.do_not_contact
    assert ADMIN.role == "beheerder"


def test_migration_m120_re_seals_records_of_an_older_version(store, data_dir):
    """Rows sealed with the old associated data (person:<uid>:<delivery>) are re-sealed at open."""
    from ceremony import crypto
    from ceremony.startup import open_installation

    a, b = _two(store)
    for row in store.rows("SELECT * FROM people"):
        key = store.data_key(row["delivery_id"])
        plain = people.open_fields(store, row)
        old = crypto.seal(key, people._payload(plain), people._aad("person", row["uid"], row["delivery_id"]))
        store.db.execute("UPDATE people SET record = ? WHERE id = ?", [old, row["id"]])
    with pytest.raises(IntegrityError):
        people.get_person(store, a)  # an old-style record does not open as a row-bound one
    store.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm120_people_record_bound_to_row'")
    store.close()

    reopened = open_installation(data_dir, for_="cli")  # the migration runs again, then the re-seal
    assert [people.get_person(reopened, i).first_name for i in (a, b)] == ["Anna", "Bert"]
    assert reopened.meta(people.RESEAL_FLAG) is None
