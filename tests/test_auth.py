"""Accounts: argon2id hashes, lockout after five failures, last administrator kept."""

import pytest

from ceremony import auth
from ceremony.errors import AccessDenied, AuthError, InvalidInput
from tests.conftest import ADMIN, PASSWORD, add_user


def test_password_is_hashed_with_argon2id(store):
    add_user(store, "anna", "coordinator")
    stored = store.scalar("SELECT password_hash FROM users WHERE username = 'anna'")
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_login_and_lockout(store, monkeypatch):
    add_user(store, "bert", "beller")
    assert auth.authenticate(store, "bert", PASSWORD).role == "beller"
    for _ in range(4):
        with pytest.raises(AuthError, match="klopt niet"):
            auth.authenticate(store, "bert", "wrong-password")
    with pytest.raises(AuthError, match="vergrendeld"):
        auth.authenticate(store, "bert", "wrong-password")
    with pytest.raises(AuthError, match="vergrendeld"):
        auth.authenticate(store, "bert", PASSWORD)  # even the right password, for 15 minutes
    monkeypatch.setenv("CEREMONY_FAKE_NOW", "2099-01-01T00:00:00+00:00")
    assert auth.authenticate(store, "bert", PASSWORD).username == "bert"


def test_disabled_account_cannot_log_in(store):
    add_user(store, "anna", "beheerder")
    add_user(store, "carl", "coordinator")
    auth.set_active(store, ADMIN, "carl", False)
    with pytest.raises(AuthError, match="uitgeschakeld"):
        auth.authenticate(store, "carl", PASSWORD)
    assert auth.current(store, store.scalar("SELECT id FROM users WHERE username='carl'")) is None


def test_last_admin_cannot_be_disabled(store):
    add_user(store, "anna", "beheerder")
    with pytest.raises(InvalidInput, match="laatste actieve beheerder"):
        auth.set_active(store, ADMIN, "anna", False)


def test_first_admin_only_once(store):
    auth.create_first_admin(store, "root", PASSWORD)
    with pytest.raises(AccessDenied):
        auth.create_first_admin(store, "other", PASSWORD)


def test_weak_input_refused(store):
    with pytest.raises(InvalidInput, match="minstens"):
        auth.create_user(store, ADMIN, "dora", "dpo", "short")
    with pytest.raises(InvalidInput, match="rol"):
        auth.create_user(store, ADMIN, "dora", "god", PASSWORD)
    with pytest.raises(InvalidInput, match="gebruikersnaam"):
        auth.create_user(store, ADMIN, "<script>", "dpo", PASSWORD)


def test_require():
    assert auth.require(auth.User(1, "a", "beheerder"), "users.manage")
    with pytest.raises(AccessDenied):
        auth.require(auth.User(2, "b", "beller"), "users.manage")
    with pytest.raises(AccessDenied):
        auth.require(None, "calls.make")
