"""One rule for matching names, used by every search (Personen, check-in, invitee filter)."""

import pytest

from ceremony import ceremonies, checkin, invitations, names, rights
from tests.ceremony_factory import add_people
from tests.conftest import add_user


@pytest.mark.parametrize(
    "query, first, last",
    [
        ("zoe celik", "Zoë", "Çelik"),
        ("CELIK zoë", "Zoë", "Çelik"),  # word order and case
        ("d'hondt", "Marie", "D\u2019Hondt"),  # typographic apostrophe in the stored name
        ("van der", "Jan", "Van  der   Berg"),  # extra spaces
        ("yilmaz", "Ayşe", "Yılmaz"),  # dotless ı typed as i
        ("ozturk", "Emre", "Øztürk"),
    ],
)
def test_a_query_matches_however_it_is_typed(query, first, last):
    assert names.matches(names.words(query), first, last)


def test_no_match_when_a_word_is_missing():
    assert not names.matches(names.words("zoe peeters"), "Zoë", "Çelik")


def test_every_search_uses_the_same_rule(store):
    coord = add_user(store, "carla", "coordinator")
    ids = add_people(store, [{"first_name": "Marie", "last_name": "D\u2019Hondt"},
                             {"first_name": "Ayşe", "last_name": "Yılmaz"}])
    cid = ceremonies.create_ceremony(store, coord, name="Welkom", date="2026-10-15")
    invitations.invite(store, coord, cid, ids)
    for query, pid in (("d'hondt marie", ids[0]), ("yilmaz", ids[1])):
        assert [p.id for p in rights.search(store, coord, query).people] == [pid]
        found = checkin.search(store, coord, cid, query)
        assert [store.scalar("SELECT person_id FROM invitations WHERE id = ?", [r["invitation_id"]])
                for r in found] == [pid]
