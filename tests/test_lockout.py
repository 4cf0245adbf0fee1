"""The lockout: counting is atomic under parallel attempts, and
repeated locks escalate (15 minutes, then 1 hour, then 24 hours), each audited."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pyotp
import pytest

from ceremony import audit, signing_in, totp
from ceremony.errors import CeremonyError
from ceremony.store import Store
from tests.conftest import PASSWORD, add_user

START = dt.datetime(2030, 3, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(monkeypatch):
    """`clock(minutes)` pins the time at START + minutes."""

    def at(minutes: float) -> dt.datetime:
        moment = START + dt.timedelta(minutes=minutes)
        monkeypatch.setenv("CEREMONY_FAKE_NOW", moment.isoformat())
        return moment

    at(0)
    return at


def _reasons(store) -> list[str]:
    return [json.loads(e["details"])["reason"] for e in audit.entries(store, "login.failure")]


def _locks(store) -> list[int]:
    return [json.loads(e["details"])["minutes"] for e in reversed(audit.entries(store, "user.locked"))]


def _enrolled(store):
    anna = add_user(store, "anna", "coordinator")
    enrolment = totp.start_enrolment(store, anna.id)
    totp.confirm_enrolment(store, anna.id, pyotp.TOTP(enrolment.secret).at(START))
    return anna, enrolment.secret


def _wrong(secret: str) -> str:
    right = {pyotp.TOTP(secret).at(signing_in.now_utc() + dt.timedelta(seconds=s)) for s in (-30, 0, 30)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in right)


def test_parallel_wrong_codes_check_at_most_five(store, data_dir, clock):
    anna, secret = _enrolled(store)
    wrong = _wrong(secret)
    start = threading.Barrier(100)

    def attempt():
        own = Store.open(data_dir)  # a server thread of its own, as under a flood
        start.wait()
        try:
            totp.verify(own, anna.id, wrong)
        except CeremonyError:
            pass
        finally:
            own.close()

    threads = [threading.Thread(target=attempt) for _ in range(100)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    checked = [r for r in _reasons(store) if r == "totp"]
    assert len(checked) == signing_in.MAX_FAILED
    assert _locks(store) == [15]
    with pytest.raises(CeremonyError):  # locked: the right code does not pass
        totp.verify(store, anna.id, pyotp.TOTP(secret).at(START + dt.timedelta(seconds=30)))


def test_repeated_locks_escalate_and_are_audited(store, clock):
    add_user(store, "bert", "beller")
    now = 0
    for expected in (15, 60, 24 * 60, 24 * 60):
        for _ in range(signing_in.MAX_FAILED):
            with pytest.raises(CeremonyError):
                signing_in.authenticate(store, "bert", "not-the-right-one")
        assert _locks(store)[-1] == expected
        clock(now + expected - 1)
        with pytest.raises(CeremonyError):  # still locked a minute before the end
            signing_in.authenticate(store, "bert", PASSWORD)
        now += expected + 1
        clock(now)
    assert [json.loads(e["details"])["level"] for e in reversed(audit.entries(store, "user.locked"))] == [1, 2, 3, 4]
    # a completed sign-in starts again at the first step
    bert = signing_in.authenticate(store, "bert", PASSWORD)
    signing_in.complete_sign_in(store, bert, "password")
    for _ in range(signing_in.MAX_FAILED):
        with pytest.raises(CeremonyError):
            signing_in.authenticate(store, "bert", "not-the-right-one")
    assert _locks(store)[-1] == 15


def test_a_right_password_between_wrong_ones_does_not_reset_the_count(store, clock):
    add_user(store, "bert", "beller")
    for _ in range(signing_in.MAX_FAILED - 1):
        with pytest.raises(CeremonyError):
            signing_in.authenticate(store, "bert", "not-the-right-one")
    signing_in.authenticate(store, "bert", PASSWORD)  # the password step alone
    with pytest.raises(CeremonyError):
        signing_in.authenticate(store, "bert", "not-the-right-one")
    assert _locks(store) == [15]


def test_record_failure_counts_one_failure(store, clock):
    """The one function that counts a failed step toward the lockout (for other steps)."""
    bert = add_user(store, "bert", "beller")
    for _ in range(signing_in.MAX_FAILED):
        signing_in.record_failure(store, bert.id, "totp")
    assert _locks(store) == [15]
    with pytest.raises(CeremonyError):
        signing_in.authenticate(store, "bert", PASSWORD)
