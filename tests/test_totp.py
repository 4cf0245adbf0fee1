"""The second factor: enrolment, codes, replay, recovery codes, lockout, reset, re-seal."""

import datetime as dt
import json
import re

import pyotp
import pytest

from ceremony import admin, audit, auth, signing_in, totp
from ceremony.errors import AccessDenied, AuthError, IntegrityError, InvalidInput
from ceremony.texts import t
from tests.conftest import ADMIN, PASSWORD, add_user, assert_absent
from tests.text_helpers import matching

START = dt.datetime(2026, 10, 5, 9, 0, 0, tzinfo=dt.UTC)


@pytest.fixture
def at_time(monkeypatch):
    """Pin the app's clock; returns a function that moves it (seconds from START)."""

    def move(seconds: float = 0) -> dt.datetime:
        moment = START + dt.timedelta(seconds=seconds)
        monkeypatch.setenv("CEREMONY_FAKE_NOW", moment.isoformat())
        return moment

    move(0)
    return move


def _code(secret: str, moment: dt.datetime) -> str:
    return pyotp.TOTP(secret).at(moment)


def _enrolled(store, at_time, name="anna", role="coordinator"):
    user = add_user(store, name, role)
    enrolment = totp.start_enrolment(store, user.id)
    codes = totp.confirm_enrolment(store, user.id, _code(enrolment.secret, at_time(0)))
    return user, enrolment.secret, codes


def _failed(store, user_id) -> int:
    return store.scalar("SELECT failed_logins FROM users WHERE id = ?", [user_id])


def test_enrolment_shows_secret_uri_and_qr_and_stores_the_secret_sealed(store, data_dir, at_time):
    anna = add_user(store, "anna", "coordinator")
    assert totp.required(store) and totp.needs_enrolment(store, anna.id)
    assert totp.next_step(store, anna.id) == "enrol"
    enrolment = totp.start_enrolment(store, anna.id)
    assert re.fullmatch(r"[A-Z2-7]{32}", enrolment.secret)
    assert enrolment.uri.startswith("otpauth://totp/Ceremonie:anna?secret=" + enrolment.secret)
    assert enrolment.qr_svg.startswith('<svg role="img" ')
    assert "<title>QR-code om tweestapsverificatie in te stellen" in enrolment.qr_svg
    assert not totp.is_enrolled(store, anna.id)  # not active before a code confirms it

    codes = totp.confirm_enrolment(store, anna.id, _code(enrolment.secret, at_time(0)))
    assert totp.is_enrolled(store, anna.id) and not totp.needs_enrolment(store, anna.id)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", c) for c in codes)
    assert totp.remaining_recovery_codes(store, anna.id) == 10
    enrolled = audit.entries(store, "totp.enrolled")[0]
    assert json.loads(enrolled["details"]) == {"recovery_codes": 10}
    assert audit.entries(store, "totp.enrolment_started")
    store.close()
    needles = [enrolment.secret.encode(), *(c.encode() for c in codes), *(c.replace("-", "").encode() for c in codes)]
    assert_absent(data_dir, needles)


def test_the_qr_code_scales_whole_and_the_secret_reads_in_groups_of_four(store, at_time):
    """The QR code: a fixed 245 px drawing without a viewBox was cut off at 12rem."""
    enrolment = totp.start_enrolment(store, add_user(store, "anna", "coordinator").id)
    opening = re.match(r"<svg [^>]*>", enrolment.qr_svg).group(0)
    assert re.search(r'viewBox="0 0 (\d+) \1"', opening)  # the whole square, at any drawn size
    assert not re.search(r"\b(width|height)=", opening)  # the page decides the size
    assert enrolment.groups == [enrolment.secret[i : i + 4] for i in range(0, 32, 4)]


def test_issuer_is_the_municipality(store, at_time):
    anna = add_user(store, "anna", "coordinator")
    admin.set_setting(store, ADMIN, "municipality", "Stad Gent")
    assert "issuer=Stad%20Gent" in totp.start_enrolment(store, anna.id).uri


def _wrong(secret: str, moment: dt.datetime) -> str:
    """A six-digit code that is not the code of `secret` at `moment` nor next to it."""
    near = {_code(secret, moment + dt.timedelta(seconds=s)) for s in (-30, 0, 30)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in near)


def test_a_typo_during_enrolment_keeps_the_secret_and_the_right_code_then_enrols(store, at_time):
    """A typo: a wrong code used to replace the secret the phone had just scanned."""
    anna = add_user(store, "anna", "coordinator")
    enrolment = totp.start_enrolment(store, anna.id)
    with pytest.raises(AuthError, match=matching("signin.totp.enrol_wrong_code", n=totp.MAX_ENROL_TRIES - 1)):
        totp.confirm_enrolment(store, anna.id, _wrong(enrolment.secret, at_time(0)))
    assert not totp.is_enrolled(store, anna.id)
    again = totp.start_enrolment(store, anna.id)  # the page is shown again after the typo
    assert (again.secret, again.uri) == (enrolment.secret, enrolment.uri)
    assert again.tries_left == totp.MAX_ENROL_TRIES - 1
    assert len(audit.entries(store, "totp.enrolment_started")) == 1
    assert totp.confirm_enrolment(store, anna.id, _code(enrolment.secret, at_time(10)))
    assert totp.is_enrolled(store, anna.id)


def test_enrolment_accepts_the_code_of_the_previous_and_the_next_time_step(store, at_time):
    for name, drift in (("anna", -30), ("bert", 30)):
        user = add_user(store, name, "coordinator")
        enrolment = totp.start_enrolment(store, user.id)
        totp.confirm_enrolment(store, user.id, _code(enrolment.secret, at_time(0) + dt.timedelta(seconds=drift)))
        assert totp.is_enrolled(store, user.id)


def test_enrolment_typos_never_lock_the_account(store, at_time):
    """Typos while setting up the phone do not count toward the sign-in lockout."""
    user = add_user(store, "anna", "coordinator")
    signing_in.authenticate(store, "anna", PASSWORD)
    for _round in range(3):  # three fresh QR codes' worth of typos: 15 wrong codes
        enrolment = totp.start_enrolment(store, user.id)
        for _ in range(totp.MAX_ENROL_TRIES):
            with pytest.raises(AuthError):
                totp.confirm_enrolment(store, user.id, _wrong(enrolment.secret, at_time(0)))
    assert _failed(store, user.id) == 0 and not audit.entries(store, "user.locked")
    assert signing_in.authenticate(store, "anna", PASSWORD).id == user.id  # the password still works
    reasons = [json.loads(e["details"])["reason"] for e in audit.entries(store, "login.failure")]
    assert reasons == ["totp_enrolment"] * 3 * totp.MAX_ENROL_TRIES  # still on the audit trail
    enrolment = totp.start_enrolment(store, user.id)
    totp.confirm_enrolment(store, user.id, _code(enrolment.secret, at_time(0)))
    assert totp.is_enrolled(store, user.id)


def test_enrolment_tries_are_bounded_per_secret_then_a_new_qr_code(store, at_time):
    """After MAX_ENROL_TRIES wrong codes the secret is spent: even its right code fails,
    and the page gets a new secret (a brute-force bound that never locks the account)."""
    anna = add_user(store, "anna", "coordinator")
    enrolment = totp.start_enrolment(store, anna.id)
    for left in range(totp.MAX_ENROL_TRIES - 1, 0, -1):
        with pytest.raises(AuthError, match=matching("signin.totp.enrol_wrong_code", n=left)):
            totp.confirm_enrolment(store, anna.id, _wrong(enrolment.secret, at_time(0)))
    with pytest.raises(AuthError, match=matching("signin.totp.enrol_spent", n=totp.MAX_ENROL_TRIES)):
        totp.confirm_enrolment(store, anna.id, _wrong(enrolment.secret, at_time(0)))
    with pytest.raises(AuthError, match=matching("signin.totp.enrol_spent", n=totp.MAX_ENROL_TRIES)):
        totp.confirm_enrolment(store, anna.id, _code(enrolment.secret, at_time(0)))
    assert not totp.is_enrolled(store, anna.id)
    fresh = totp.start_enrolment(store, anna.id)
    assert fresh.secret != enrolment.secret and fresh.tries_left == totp.MAX_ENROL_TRIES
    totp.confirm_enrolment(store, anna.id, _code(fresh.secret, at_time(0)))
    assert totp.is_enrolled(store, anna.id)


def test_a_new_code_on_request_replaces_the_secret(store, at_time):
    anna = add_user(store, "anna", "coordinator")
    first = totp.start_enrolment(store, anna.id)
    second = totp.start_enrolment(store, anna.id, renew=True)
    assert second.secret != first.secret
    assert totp.start_enrolment(store, anna.id).secret == second.secret
    with pytest.raises(AuthError):
        totp.confirm_enrolment(store, anna.id, _code(first.secret, at_time(0)))
    totp.confirm_enrolment(store, anna.id, _code(second.secret, at_time(0)))
    assert totp.is_enrolled(store, anna.id)
    assert len(audit.entries(store, "totp.enrolment_started")) == 2


def test_an_enrolled_account_cannot_enrol_again_without_a_reset(store, at_time):
    anna, _secret, _codes = _enrolled(store, at_time)
    with pytest.raises(InvalidInput, match=matching("signin.totp.already_enrolled")):
        totp.start_enrolment(store, anna.id)


def test_sign_in_with_a_code_once_per_time_step(store, at_time):
    anna, secret, _codes = _enrolled(store, at_time)
    user = signing_in.authenticate(store, "anna", PASSWORD)
    assert totp.next_step(store, user.id) == "code"
    now = at_time(60)
    assert totp.verify(store, user.id, _code(secret, now)) == "password+totp"
    assert signing_in.complete_sign_in(store, user, "password+totp") == anna
    with pytest.raises(AuthError, match=matching("signin.failed")):  # the same code again: a replay
        totp.verify(store, user.id, _code(secret, now))
    # one step of clock drift either way is fine; an older step than one used is not
    assert totp.verify(store, user.id, _code(secret, at_time(120))[:3] + " " + _code(secret, at_time(120))[3:])
    with pytest.raises(AuthError):
        totp.verify(store, user.id, _code(secret, at_time(90)))
    assert totp.verify(store, user.id, _code(secret, at_time(150) + dt.timedelta(seconds=30)))
    assert "password+totp" not in json.dumps(audit.entries(store, "login.failure"))
    assert [json.loads(e["details"])["reason"] for e in audit.entries(store, "login.failure")] == [
        "totp_replayed",
        "totp_replayed",
    ]


def test_wrong_codes_count_toward_the_same_lockout_as_passwords(store, at_time):
    anna, secret, _codes = _enrolled(store, at_time)
    for _ in range(2):
        with pytest.raises(AuthError):
            signing_in.authenticate(store, "anna", "wrong-password")
    user = signing_in.authenticate(store, "anna", PASSWORD)
    for _ in range(signing_in.MAX_FAILED - 2):
        with pytest.raises(AuthError):
            totp.verify(store, user.id, "000000" if _code(secret, at_time(60)) != "000000" else "111111")
    # locked now: neither the right code nor the right password gets through
    with pytest.raises(AuthError):
        totp.verify(store, user.id, _code(secret, at_time(90)))
    with pytest.raises(AuthError):
        signing_in.authenticate(store, "anna", PASSWORD)
    assert audit.entries(store, "user.locked")
    at_time(60 * (signing_in.LOCK_MINUTES + 1))
    user = signing_in.authenticate(store, "anna", PASSWORD)
    assert totp.verify(store, user.id, _code(secret, at_time(60 * (signing_in.LOCK_MINUTES + 1))))


def test_a_recovery_code_works_once(store, at_time):
    anna, _secret, codes = _enrolled(store, at_time)
    assert totp.verify(store, anna.id, codes[3].upper().replace("-", " ")) == "password+recovery"
    used = audit.entries(store, "totp.recovery_code_used")[0]
    assert json.loads(used["details"]) == {"remaining": 9}
    with pytest.raises(AuthError, match=matching("signin.failed")):
        totp.verify(store, anna.id, codes[3])
    assert _failed(store, anna.id) == 1
    assert totp.verify(store, anna.id, codes[4]) == "password+recovery"
    assert totp.remaining_recovery_codes(store, anna.id) == 8


def test_verify_without_enrolment_fails_like_a_wrong_password(store, at_time):
    anna = add_user(store, "anna", "coordinator")
    with pytest.raises(AuthError, match=matching("signin.failed")):
        totp.verify(store, anna.id, "123456")


def test_require_totp_false_skips_enrolment_but_not_an_enrolled_account(store, at_time):
    bert = add_user(store, "bert", "beller")
    anna, _secret, _codes = _enrolled(store, at_time)
    admin.set_setting(store, ADMIN, "require_totp", "false")
    assert not totp.required(store)
    assert not totp.needs_enrolment(store, bert.id) and totp.next_step(store, bert.id) is None
    assert totp.next_step(store, anna.id) == "code"
    admin.set_setting(store, ADMIN, "require_totp", "ja")
    assert totp.next_step(store, bert.id) == "enrol"
    with pytest.raises(InvalidInput, match=matching("settings.invalid", hint=t("signin.settings.hint.bool"))):
        admin.set_setting(store, ADMIN, "require_totp", "misschien")


def test_reset_by_an_administrator_means_enrolling_again(store, at_time):
    anna, _secret, _codes = _enrolled(store, at_time)
    with pytest.raises(AccessDenied):
        totp.reset(store, anna, "anna")
    totp.reset(store, ADMIN, "anna")
    assert not totp.is_enrolled(store, anna.id) and totp.needs_enrolment(store, anna.id)
    assert totp.remaining_recovery_codes(store, anna.id) == 0
    reset = audit.entries(store, "totp.reset")[0]
    assert reset["actor"] == ADMIN.actor and reset["target"] == f"user:{anna.id}"
    totp.start_enrolment(store, anna.id)  # allowed again


def test_cli_reset_totp_and_accounts_with_email(cli, store, at_time):
    anna, _secret, _codes = _enrolled(store, at_time)
    assert cli("users", "reset-totp", "anna").code == 0
    assert not totp.is_enrolled(store, anna.id)
    assert audit.entries(store, "totp.reset")[0]["actor"].startswith("cli:")

    assert cli("users", "add", "bert", "--role", "beller", "--email", "bert@example.org", "--password-stdin",
               stdin=PASSWORD + "\n").code == 0
    assert cli("users", "add", "sso", "--role", "dpo", "--email", "sso@example.org", "--sso-only").code == 0
    assert cli("users", "set-email", "bert", "Bert.New@example.org").code == 0
    refused = cli("users", "add", "x1", "--role", "dpo", "--sso-only")
    assert refused.code == 2 and t("signin.sso_needs_email") in refused.err
    refused = cli("users", "add", "x2", "--role", "dpo", "--password-stdin", stdin="aaaaaaaaaaaaaaaa\n")
    assert refused.code == 2 and t("signin.password.repeated") in refused.err
    listed = {u["username"]: u for u in auth.list_users(store)}
    assert listed["bert"]["email"] == "Bert.New@example.org"
    assert not listed["sso"]["has_password"] and "x1" not in listed and "x2" not in listed


def test_second_factors_survive_a_key_rotation(store, at_time):
    """`keys rotate` makes a new root secret: the TOTP secrets are re-sealed with it."""
    from ceremony import keys
    from tests.conftest import ADMIN

    anna, secret, codes = _enrolled(store, at_time)
    _enrolled(store, at_time, "bert", "beller")
    before = store.rows("SELECT user_id, secret FROM totp ORDER BY user_id")
    keys.rotate(store, ADMIN)
    after = store.rows("SELECT user_id, secret FROM totp ORDER BY user_id")
    assert all(x["secret"] != y["secret"] for x, y in zip(before, after, strict=True))
    assert totp.verify(store, anna.id, _code(secret, at_time(60))) == "password+totp"
    assert totp.verify(store, anna.id, codes[0]) == "password+recovery"  # hashes still fit
    assert audit.verify(store).ok


def test_a_sealed_secret_moved_to_another_account_does_not_open(store, at_time):
    anna, _secret, _codes = _enrolled(store, at_time)
    bert, _other, _ = _enrolled(store, at_time, "bert", "beller")
    with store.write() as db:
        db.execute(
            "UPDATE totp SET secret = (SELECT secret FROM totp WHERE user_id = ?) WHERE user_id = ?", [anna.id, bert.id]
        )
    with pytest.raises(IntegrityError):
        totp.verify(store, bert.id, "123456")
