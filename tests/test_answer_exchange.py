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

from ceremony.answers import exchange as exchange_module
from ceremony.answers.exchange import COMING, NOT_COMING, WAITING, Exchange
from ceremony.errors import NotFound
from tests.answer_helpers import code_hash, later, publish
from tests.test_ownership import PACKAGE, READ, WRITE, strings


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


class StaffSide:
    """What the staff side does with the exchange, as a model: it records the answers it
    takes in and publishes the capacity minus the places of the answers it has recorded."""

    def __init__(self, exchange, capacity: int):
        self.exchange, self.capacity, self.recorded = exchange, capacity, {}

    def take_in(self, meanwhile=lambda: None) -> None:
        """Take the answers, record them, delete them; `meanwhile` runs after the take."""
        taken = self.exchange.take_answers()
        meanwhile()
        for sealed in taken:
            self.recorded[sealed.code_hash] = sealed.status, sealed.sealed
        self.exchange.delete_answers([a.id for a in taken])

    def publish(self) -> None:
        held = sum(int(people) for status, people in self.recorded.values() if status == COMING)
        self.exchange.put_ceremony(1, {"phone": ""}, later(7), later(14), 3, self.capacity - held)


POST = st.tuples(st.integers(0, 3), st.booleans(), st.integers(0, 3))  # code, coming, companions


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    capacity=st.integers(0, 8),
    steps=st.lists(st.one_of(
        st.tuples(st.just("post"), POST),
        st.tuples(st.sampled_from(["take, then publish", "publish, then take"]), st.none()),
        st.tuples(st.just("take, a change meanwhile, publish"), POST),
    ), max_size=30),
)
def test_places_left_is_the_capacity_minus_the_people_of_the_latest_coming_answers(
    tmp_path_factory, capacity, steps
):
    """Across changed answers and syncs in either order, also with an answer changed in the
    middle of a sync, the places left are exact."""
    exchange, codes = publish(tmp_path_factory.mktemp("x"), codes=4, places_left=capacity)
    staff, latest = StaffSide(exchange, capacity), {}

    def post(index, coming, companions):
        code, people = code_hash(codes[index]), 1 + companions
        latest[code] = (exchange.post_answer(code, str(people).encode(), "k1", coming, people), people)

    for kind, values in steps:
        if kind == "post":
            post(*values)
        elif kind == "take, then publish":
            staff.take_in()
            staff.publish()
        elif kind == "publish, then take":
            staff.publish()
            staff.take_in()
        else:
            staff.take_in(meanwhile=lambda values=values: post(*values))
            staff.publish()
        taken = sum(people for status, people in latest.values() if status == COMING)
        assert taken <= capacity
        assert exchange.lookup(code_hash(codes[0])).places_left == capacity - taken


def test_an_answer_changed_during_a_sync_keeps_the_places_exact(tmp_path):
    exchange, codes = publish(tmp_path, codes=2, places_left=3)
    staff = StaffSide(exchange, 3)
    first, second = (code_hash(c) for c in codes)
    exchange.post_answer(first, b"3", "k1", True, 3)
    staff.take_in()
    staff.publish()
    exchange.post_answer(first, b"1", "k1", False, 1)
    # handed to the staff side, then changed back before it deletes what it took
    staff.take_in(meanwhile=lambda: exchange.post_answer(first, b"3", "k1", True, 3))
    staff.publish()
    assert exchange.lookup(first).places_left == 0
    assert exchange.post_answer(second, b"1", "k1", True, 1) == WAITING


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


def test_only_the_exchange_module_holds_sql_on_the_exchange_tables():
    """The exchange's tables are private to ceremony/answers/exchange.py (like an owner's)."""
    owner = PACKAGE / "answers" / "exchange.py"
    found = [
        f"{path.relative_to(PACKAGE)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py")) if path != owner
        for line, text in strings(path.read_text(encoding="utf-8"))
        for match in [*WRITE.finditer(text), *READ.finditer(text)] if match.group(1).startswith("exchange_")
    ]
    assert found == []
    tables = {m.group(1) for _, text in strings(owner.read_text(encoding="utf-8")) for m in WRITE.finditer(text)}
    assert {"exchange_codes", "exchange_answers", "exchange_ceremonies"} <= tables


def test_an_unknown_and_a_dead_code_cost_the_same_statements(tmp_path, monkeypatch):
    """No timing assert: the check runs the very same SQL for an unknown and a dead code
    (one look-up by hash with the deadlines in the query), and both find nothing."""
    exchange, codes = publish(tmp_path, codes=2, answer_by=later(1))
    monkeypatch.setenv("CEREMONY_FAKE_NOW", later(2))  # the deadline has passed

    def traced(code: str) -> tuple[object, list[str]]:
        statements = []
        exchange._db().set_trace_callback(statements.append)
        try:
            found = exchange.lookup(code_hash(code))
        finally:
            exchange._db().set_trace_callback(None)
        return found, [s.replace(code_hash(code), "<hash>") for s in statements]

    unknown, dead = traced("ONBEKENDECODE234"), traced(codes[0])
    assert unknown[0] is None and dead[0] is None
    assert len(unknown[1]) == 1 and unknown[1] == dead[1]
    assert exchange_module._lookup(exchange._db(), code_hash(codes[0])) is None  # no row, not a row set aside
