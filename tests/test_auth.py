"""Accounts: argon2id hashes, lockout after five failures, last administrator kept,
a password step that leaks nothing, e-mail and single-sign-on matching."""

import json
import statistics
import time

import pytest

from ceremony import audit, auth, permissions, signing_in
from ceremony.errors import AccessDenied, AuthError, InvalidInput
from tests.conftest import ADMIN, PASSWORD, add_user
from tests.text_helpers import matching


def _reasons(store) -> list[str]:
    return [json.loads(e["details"]).get("reason") for e in reversed(audit.entries(store, "login.failure"))]


def _sign_in(store, name, password=PASSWORD) -> permissions.User:
    return signing_in.complete_sign_in(store, signing_in.authenticate(store, name, password), "password")


@pytest.mark.production_argon2
def test_password_is_hashed_with_argon2id(store):
    add_user(store, "anna", "coordinator")
    stored = store.scalar("SELECT password_hash FROM users WHERE username = 'anna'")
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


@pytest.mark.production_argon2
def test_dummy_hash_costs_what_a_real_one_costs():
    # unknown users are checked against it: its parameters must be the hasher's own
    assert not auth._hasher.check_needs_rehash(signing_in._DUMMY_HASH)


def test_login_and_lockout(store, monkeypatch):
    add_user(store, "bert", "beller")
    assert _sign_in(store, "bert").role == "beller"
    for _ in range(5):
        with pytest.raises(AuthError, match=matching("signin.failed")):
            signing_in.authenticate(store, "bert", "wrong-password")
    with pytest.raises(AuthError):
        signing_in.authenticate(store, "bert", PASSWORD)  # even the right password, for 15 minutes
    assert _reasons(store)[-1] == "locked"
    assert audit.entries(store, "user.locked")
    monkeypatch.setenv("CEREMONY_FAKE_NOW", "2099-01-01T00:00:00+00:00")
    assert _sign_in(store, "bert").username == "bert"


def test_password_step_alone_does_not_sign_in(store):
    add_user(store, "bert", "beller")
    user = signing_in.authenticate(store, "bert", PASSWORD)
    assert audit.entries(store, "login.password")
    assert not audit.entries(store, "login.success")
    assert store.scalar("SELECT last_login_at FROM users WHERE id = ?", [user.id]) is None
    signing_in.complete_sign_in(store, user, "password+totp")
    success = audit.entries(store, "login.success")[0]
    assert json.loads(success["details"]) == {"method": "password+totp"}
    assert store.scalar("SELECT last_login_at FROM users WHERE id = ?", [user.id])


def test_a_correct_password_does_not_reset_the_failure_count(store):
    # otherwise a stolen password would allow endless second-factor guesses
    add_user(store, "bert", "beller")
    for _ in range(3):
        with pytest.raises(AuthError):
            signing_in.authenticate(store, "bert", "wrong-password")
    user = signing_in.authenticate(store, "bert", PASSWORD)
    assert store.scalar("SELECT failed_logins FROM users WHERE id = ?", [user.id]) == 3
    signing_in.complete_sign_in(store, user, "password")
    assert store.scalar("SELECT failed_logins FROM users WHERE id = ?", [user.id]) == 0


def test_every_failure_gives_the_same_answer_and_the_reason_only_to_the_audit(store):
    add_user(store, "anna", "beheerder")
    add_user(store, "carl", "coordinator")
    add_user(store, "lotte", "beller")
    auth.create_user(store, ADMIN, "sso", "dpo", None, email="sso@example.org")
    auth.set_active(store, ADMIN, "carl", False)
    for _ in range(signing_in.MAX_FAILED):
        with pytest.raises(AuthError):
            signing_in.authenticate(store, "lotte", "wrong-password")
    messages = set()
    for name, password in [
        ("nobody", PASSWORD),
        ("anna", "wrong-password"),
        ("carl", PASSWORD),
        ("lotte", PASSWORD),
        ("sso", PASSWORD),
    ]:
        with pytest.raises(AuthError) as caught:
            signing_in.authenticate(store, name, password)
        messages.add(str(caught.value))
    assert len(messages) == 1
    assert _reasons(store)[-5:] == ["unknown_user", "password", "disabled", "locked", "no_password"]
    unknown = [e for e in audit.entries(store, "login.failure") if "unknown_user" in e["details"]][0]
    assert unknown["actor"] == "anonymous" and "nobody" not in json.dumps(unknown)
    assert PASSWORD not in json.dumps(audit.entries(store))


@pytest.mark.production_argon2
def test_unknown_and_known_names_take_comparable_time(store):
    add_user(store, "anna", "coordinator")

    def median_seconds(name: str) -> float:
        times = []
        for _ in range(5):
            start = time.perf_counter()
            with pytest.raises(AuthError):
                signing_in.authenticate(store, name, "wrong-password")
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    median_seconds("anna")  # warm up
    known, unknown = median_seconds("anna"), median_seconds("nobody")
    assert known < 3 * unknown and unknown < 3 * known, (known, unknown)


def test_disabled_account_cannot_log_in(store):
    add_user(store, "anna", "beheerder")
    add_user(store, "carl", "coordinator")
    auth.set_active(store, ADMIN, "carl", False)
    with pytest.raises(AuthError):
        signing_in.authenticate(store, "carl", PASSWORD)
    assert auth.current(store, store.scalar("SELECT id FROM users WHERE username='carl'")) is None


def test_disabled_between_password_and_completion_cannot_complete(store):
    add_user(store, "anna", "beheerder")
    carl = add_user(store, "carl", "coordinator")
    user = signing_in.authenticate(store, "carl", PASSWORD)
    auth.set_active(store, ADMIN, "carl", False)
    with pytest.raises(AuthError):
        signing_in.complete_sign_in(store, user, "password")
    assert store.scalar("SELECT last_login_at FROM users WHERE id = ?", [carl.id]) is None


def test_last_admin_cannot_be_disabled(store):
    add_user(store, "anna", "beheerder")
    with pytest.raises(InvalidInput, match=matching("auth.last_admin")):
        auth.set_active(store, ADMIN, "anna", False)


def test_first_admin_only_once(store):
    with pytest.raises(InvalidInput, match=matching("signin.password.common")):
        auth.create_first_admin(store, "root", "password1234")
    auth.create_first_admin(store, "root", PASSWORD)
    with pytest.raises(AccessDenied):
        auth.create_first_admin(store, "other", PASSWORD)


def test_weak_input_refused(store):
    with pytest.raises(InvalidInput, match=matching("signin.password.short", n=12)):
        auth.create_user(store, ADMIN, "dora", "dpo", "short")
    with pytest.raises(InvalidInput, match=matching("signin.password.username")):
        auth.create_user(store, ADMIN, "dora", "dpo", "Dora-is-de-beste-dpo")
    with pytest.raises(InvalidInput, match=matching("auth.role_unknown")):
        auth.create_user(store, ADMIN, "dora", "god", PASSWORD)
    with pytest.raises(InvalidInput, match=matching("auth.username_invalid")):
        auth.create_user(store, ADMIN, "<script>", "dpo", PASSWORD)
    add_user(store, "dora", "dpo")
    with pytest.raises(InvalidInput, match=matching("signin.password.repeated")):
        auth.reset_password(store, ADMIN, "dora", "aaaaaaaaaaaaaaaa")
    assert store.scalar("SELECT count(*) FROM audit WHERE action = 'user.password_reset'") == 0


def test_email_is_optional_valid_and_unique(store):
    anna = auth.create_user(store, ADMIN, "anna", "coordinator", PASSWORD, email="Anna.Test@Example.org")
    add_user(store, "bert", "beller")
    with pytest.raises(InvalidInput, match=matching("signin.email_taken")):
        auth.create_user(store, ADMIN, "carl", "dpo", PASSWORD, email="anna.test@example.ORG")
    with pytest.raises(InvalidInput, match=matching("signin.email_invalid")):
        auth.set_email(store, ADMIN, "bert", "not-an-address")
    with pytest.raises(InvalidInput, match=matching("signin.email_taken")):
        auth.set_email(store, ADMIN, "bert", "ANNA.TEST@example.org")
    auth.set_email(store, ADMIN, "bert", "bert@example.org")
    listed = {u["username"]: u for u in auth.list_users(store)}
    assert listed["bert"]["email"] == "bert@example.org" and listed["anna"]["has_password"]
    auth.set_email(store, ADMIN, "bert", "")
    assert store.scalar("SELECT email FROM users WHERE username = 'bert'") is None
    details = json.dumps(audit.entries(store, "user."))
    assert "example.org" not in details.lower()
    with pytest.raises(AccessDenied):
        auth.set_email(store, anna, "bert", "x@example.org")


def test_identity_matched_by_sub_then_email(store):
    anna = auth.create_user(store, ADMIN, "anna", "coordinator", PASSWORD, email="anna@example.org")
    # first match by e-mail (case-insensitive) records the subject
    assert signing_in.find_for_identity(store, "ANNA@example.org", "sub-1") == anna
    assert store.scalar("SELECT oidc_sub FROM users WHERE id = ?", [anna.id]) == "sub-1"
    assert audit.entries(store, "user.sso_linked")
    # later by subject, whatever address the provider sends
    assert signing_in.find_for_identity(store, "renamed@example.org", "sub-1") == anna
    # another subject with the same address does not take the linked account
    assert signing_in.find_for_identity(store, "anna@example.org", "sub-2") is None
    assert signing_in.find_for_identity(store, "nobody@example.org", "sub-3") is None
    assert _reasons(store)[-2:] == ["sso_sub_mismatch", "sso_no_account"]
    assert signing_in.complete_sign_in(store, anna, "sso") == anna
    # a new address forgets the subject: the next SSO sign-in is matched by the new one
    auth.set_email(store, ADMIN, "anna", "anna.new@example.org")
    assert store.scalar("SELECT oidc_sub FROM users WHERE id = ?", [anna.id]) is None
    assert signing_in.find_for_identity(store, "anna.new@example.org", "sub-4") == anna
    assert "example.org" not in json.dumps(audit.entries(store)).lower()


def test_disabled_account_is_not_found_for_an_identity(store):
    add_user(store, "anna", "beheerder")
    auth.create_user(store, ADMIN, "carl", "coordinator", PASSWORD, email="carl@example.org")
    auth.set_active(store, ADMIN, "carl", False)
    assert signing_in.find_for_identity(store, "carl@example.org", "sub-9") is None
    assert _reasons(store)[-1] == "sso_disabled"
    assert store.scalar("SELECT oidc_sub FROM users WHERE username = 'carl'") is None


def test_sso_only_account(store):
    with pytest.raises(InvalidInput, match=matching("signin.sso_needs_email")):
        auth.create_user(store, ADMIN, "sso", "dpo", None)
    user = auth.create_user(store, ADMIN, "sso", "dpo", None, email="sso@example.org")
    assert store.scalar("SELECT password_hash FROM users WHERE id = ?", [user.id]) == auth.SSO_ONLY_HASH
    with pytest.raises(AuthError):
        signing_in.authenticate(store, "sso", "!")
    with pytest.raises(InvalidInput, match=matching("signin.sso_needs_email")):
        auth.set_email(store, ADMIN, "sso", "")
    assert signing_in.find_for_identity(store, "sso@example.org", "s") == user
    assert not {u["username"]: u for u in auth.list_users(store)}["sso"]["has_password"]


def test_require():
    assert permissions.require(permissions.User(1, "a", "beheerder"), "users.manage")
    with pytest.raises(AccessDenied):
        permissions.require(permissions.User(2, "b", "beller"), "users.manage")
    with pytest.raises(AccessDenied):
        permissions.require(None, "calls.make")
