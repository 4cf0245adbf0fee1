"""Dashboard figures: live counts plus the anonymous counts of purged invitations."""

import datetime as dt

import pytest

from ceremony import ceremonies, invitations, stats
from ceremony.errors import AccessDenied
from ceremony.phone_round import claims, outcomes
from tests.ceremony_factory import add_people
from tests.conftest import add_user


@pytest.fixture
def setup(store, monkeypatch):
    monkeypatch.setenv("CEREMONY_FAKE_NOW", "2026-09-01T21:30:00+00:00")  # 23:30 in Brussels
    coord = add_user(store, "carla", "coordinator")
    add_people(store, [{} for _ in range(6)])
    cid = ceremonies.create_ceremony(store, coord, name="Welkom", date="2026-10-15")
    invitations.invite(store, coord, cid)
    inv = [r["id"] for r in store.rows("SELECT id FROM invitations ORDER BY id")]
    return coord, cid, inv


def test_funnel_phone_groups_and_calls_per_day(store, setup, monkeypatch):
    coord, cid, inv = setup
    for outcome in ("komt", "komt", "komt_niet", "geen_antwoord"):
        outcomes.record_outcome(store, coord, claims.claim_next(store, coord, cid), outcome)
    monkeypatch.setenv("CEREMONY_FAKE_NOW", "2026-09-01T22:30:00+00:00")  # next day in Brussels
    outcomes.record_outcome(store, coord, claims.claim_next(store, coord, cid), "voicemail")
    reached = [r["id"] for r in store.rows("SELECT id FROM invitations WHERE reached = 1 ORDER BY id")]
    not_reached = [i for i in inv if i not in reached]
    store.db.execute("UPDATE invitations SET present = 1 WHERE id IN (?, ?, ?)", [reached[0], reached[1], not_reached[0]])
    # a purged earlier batch of this ceremony
    store.db.execute(
        "INSERT INTO ceremony_counts(ceremony_id, invited, reached, confirmed, attended, attended_reached, calls) "
        "VALUES (?, 4, 2, 2, 2, 1, 5)",
        [cid],
    )
    dora = add_user(store, "dora", "dpo")
    f = stats.figures(store, dora, cid)
    assert f.funnel == {"invited": 10, "reached": 5, "confirmed": 4, "present": 5}
    assert f.groups == {"reached": {"people": 5, "present": 3}, "not_reached": {"people": 5, "present": 2}}
    assert (f.rate("reached"), f.rate("not_reached")) == (60.0, 40.0)
    assert f.calls_per_day == [("2026-09-01", 4), ("2026-09-02", 1)]
    assert f.calls_total == 10
    assert stats.figures(store, dora).funnel == f.funnel  # all ceremonies together


def test_empty_figures_and_permissions(store, setup):
    coord, cid, inv = setup
    other = ceremonies.create_ceremony(store, coord, name="Leeg", date=dt.date(2027, 1, 1))
    f = stats.figures(store, coord, other)
    assert f.funnel == {"invited": 0, "reached": 0, "confirmed": 0, "present": 0}
    assert f.rate("reached") is None and f.calls_per_day == [] and f.calls_total == 0
    with pytest.raises(AccessDenied):
        stats.figures(store, add_user(store, "bert", "beller"), cid)
