"""The exchange file: live and dead codes, one waiting answer per code, places kept honest
across changed answers and concurrent posts from two processes."""

from __future__ import annotations

import os
import stat
import threading
from concurrent.futures import ProcessPoolExecutor

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ceremony.answers.exchange import COMING, NOT_COMING, WAITING, Exchange
from ceremony.errors import NotFound
from tests.answer_helpers import code_hash, later, publish


def test_the_file_is_private_and_reopens(tmp_path):
    exchange, codes = publish(tmp_path)
    assert stat.S_IMODE(os.stat(exchange.path).st_mode) == 0o600
    again = Exchange.open(exchange.path)
    assert again.lookup(code_hash(codes[0])).invitation_id == 100


def test_group_writable_when_configured(tmp_path, monkeypatch):
    monkeypatch.setenv("CEREMONY_EXCHANGE_GROUP_WRITABLE", "1")
    exchange, _ = publish(tmp_path)
    assert stat.S_IMODE(os.stat(exchange.path).st_mode) == 0o660


def test_a_live_code_shows_its_ceremony_and_an_unknown_one_nothing(tmp_path):
    exchange, codes = publish(tmp_path, places_left=10, max_companions=2)
    view = exchange.lookup(code_hash(codes[0]))
    assert (view.ceremony_id, view.max_companions, view.places_left, view.answered_at) == (1, 2, 10, None)
    assert view.public["venue"] == "Raadzaal"
    assert exchange.lookup(code_hash("ONBEKEND")) is None


@pytest.mark.parametrize("deadline", ["answer_by", "ends_at"])
def test_a_passed_deadline_or_ceremony_kills_the_code(tmp_path, deadline):
    exchange, codes = publish(tmp_path, **{deadline: later(-0.01)})
    assert exchange.lookup(code_hash(codes[0])) is None
    with pytest.raises(NotFound):
        exchange.post_answer(code_hash(codes[0]), b"sealed", "k1", True, 1)
    assert exchange.take_answers() == []


def test_removed_codes_and_ceremonies_die(tmp_path):
    exchange, codes = publish(tmp_path, codes=3)
    assert exchange.remove_codes_for([100]) == 1
    assert exchange.lookup(code_hash(codes[0])) is None
    assert set(exchange.code_invitations().values()) == {101, 102}
    exchange.remove_ceremony(1)
    assert exchange.lookup(code_hash(codes[1])) is None
    assert exchange.code_invitations() == {}


def test_put_codes_is_idempotent_and_keeps_the_answer_state(tmp_path):
    exchange, codes = publish(tmp_path, places_left=5)
    exchange.post_answer(code_hash(codes[0]), b"s", "k1", True, 3)
    exchange.put_codes([(code_hash(codes[0]), 100, 1)])
    view = exchange.lookup(code_hash(codes[0]))
    assert view.answered_at is not None and view.places_left == 2


def test_a_changed_answer_replaces_the_waiting_one_and_gives_back_its_places(tmp_path):
    exchange, codes = publish(tmp_path, codes=2, places_left=4)
    first, second = (code_hash(c) for c in codes)
    assert exchange.post_answer(first, b"a1", "k1", True, 3) == COMING
    assert exchange.post_answer(second, b"b1", "k1", True, 2) == WAITING  # 1 place left
    assert exchange.post_answer(first, b"a2", "k1", False, 1) == NOT_COMING  # gives back 3
    assert exchange.post_answer(second, b"b2", "k1", True, 2) == COMING
    assert exchange.post_answer(first, b"a3", "k1", True, 3) == WAITING  # 2 left
    assert exchange.post_answer(first, b"a4", "k1", True, 2) == COMING
    answers = exchange.take_answers()
    assert [(a.code_hash, a.sealed, a.status) for a in answers] == [(second, b"b2", COMING), (first, b"a4", COMING)]
    assert answers[0].invitation_id == 101 and answers[0].key_id == "k1"
    assert exchange.lookup(first).places_left == 0


def test_taking_in_an_answer_that_was_replaced_meanwhile_keeps_the_new_one(tmp_path):
    exchange, codes = publish(tmp_path, places_left=5)
    code = code_hash(codes[0])
    exchange.post_answer(code, b"old", "k1", True, 2)
    taken = exchange.take_answers()
    exchange.post_answer(code, b"new", "k1", False, 1)  # between take and delete
    exchange.delete_answers([a.id for a in taken])
    assert [a.sealed for a in exchange.take_answers()] == [b"new"]


def test_after_the_staff_side_takes_answers_in_its_published_places_count(tmp_path):
    exchange, codes = publish(tmp_path, codes=2, places_left=5)
    first = code_hash(codes[0])
    exchange.post_answer(first, b"a", "k1", True, 3)
    exchange.delete_answers([a.id for a in exchange.take_answers()])
    # the staff side recorded the 3 places and publishes what is left
    exchange.put_ceremony(1, exchange.lookup(first).public, later(7), later(14), 3, 2)
    assert exchange.lookup(first).places_left == 2
    assert exchange.post_answer(first, b"a2", "k1", False, 1) == NOT_COMING  # gives back 3
    assert exchange.lookup(first).places_left == 5


def test_the_sealed_answer_can_be_made_with_the_status_decided(tmp_path):
    exchange, codes = publish(tmp_path, places_left=0)
    status = exchange.post_answer(code_hash(codes[0]), lambda s: s.encode(), "k1", True, 1)
    assert status == WAITING and exchange.take_answers()[0].sealed == b"wachtlijst"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    capacity=st.integers(0, 8),
    posts=st.lists(st.tuples(st.integers(0, 3), st.booleans(), st.integers(0, 3)), max_size=25),
)
def test_places_left_is_the_capacity_minus_the_people_of_coming_answers(tmp_path_factory, capacity, posts):
    exchange, codes = publish(tmp_path_factory.mktemp("x"), codes=4, places_left=capacity)
    latest = {}
    for index, coming, companions in posts:
        code = code_hash(codes[index])
        latest[code] = (exchange.post_answer(code, b"s", "k1", coming, 1 + companions), 1 + companions)
    taken = sum(people for status, people in latest.values() if status == COMING)
    assert taken <= capacity
    assert exchange.lookup(code_hash(codes[0])).places_left == capacity - taken
    assert {a.code_hash: a.status for a in exchange.take_answers()} == {c: s for c, (s, _) in latest.items()}


def _post_all(path: str, hashes: list[str]) -> list[str]:
    """In another process: post one coming answer per code."""
    exchange = Exchange.open(path)
    return [exchange.post_answer(h, b"s", "k1", True, 1) for h in hashes]


def test_two_processes_never_both_take_the_last_places(tmp_path):
    exchange, codes = publish(tmp_path, codes=40, places_left=15)
    hashes = [code_hash(c) for c in codes]
    with ProcessPoolExecutor(2) as pool:
        futures = [pool.submit(_post_all, str(exchange.path), hashes[half::2]) for half in (0, 1)]
        results = [status for future in futures for status in future.result()]
    assert results.count(COMING) == 15 and results.count(WAITING) == 25
    assert exchange.lookup(hashes[0]).places_left == 0


def test_threads_posting_changed_answers_keep_the_count(tmp_path):
    exchange, codes = publish(tmp_path, codes=6, places_left=6)
    hashes = [code_hash(c) for c in codes]

    def churn(code):
        for round_ in range(15):
            exchange.post_answer(code, b"s", "k1", round_ % 2 == 0, 2)

    threads = [threading.Thread(target=churn, args=(h,)) for h in hashes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = [a.status for a in exchange.take_answers()]
    assert len(statuses) == 6 and statuses.count(COMING) == 3  # every last answer: coming with 2
    assert exchange.lookup(hashes[0]).places_left == 0
