"""Adding people: one insert path, each person sealed under their delivery's key."""

from ceremony import deliveries, people
from tests.ceremony_factory import person_fields


def test_insert_person_returns_the_id_of_the_person_it_stored(store):
    delivery_id = deliveries.create_delivery(store, "test", "csv")
    with store.write():
        people.insert_people(store, delivery_id, [(person_fields(0), "2026-01-01"), (person_fields(1), "2026-01-02")])
        first = people.insert_person(store, delivery_id, person_fields(2), "2026-02-01")
        second = people.insert_person(store, delivery_id, person_fields(3), "2026-02-02")
    assert people.get_person(store, first).first_name == "Voornaam2"
    assert people.get_person(store, second).fields == person_fields(3)
    assert people.get_person(store, second).certificate_date == "2026-02-02"
    assert people.find_by_national_number(store, person_fields(3)["national_number"]).id == second
