"""Signing in: the password step with its lockout, later factors' checks, completion, SSO.

Signing in is a sequence of factors, driven by the server's sign-in pages:

1. `authenticate(store, name, password)`: the first factor. It answers every failure
   (unknown name, wrong password, locked, disabled, no password) with the same sentence
   and about the same time; the reason goes to the audit trail only (`login.failure`).
   Success records `login.password`, nothing more: the user is not signed in yet.
2. the second factor, if `ceremony.totp.next_step` asks for one (`totp.verify`, or
   enrolment with `totp.start_enrolment` / `totp.confirm_enrolment`); wrong codes count
   toward the same lockout as wrong passwords (`record_failure`).
3. `complete_sign_in(store, user, method)` once every factor passed: records
   `login.success` with the method, clears the failure count, sets `last_login_at`.

Single sign-on starts at `find_for_identity` and ends at `complete_sign_in(..., "sso")`.
Accounts are read and changed through `ceremony.auth` (the owner of `users`).
"""

from __future__ import annotations

import datetime as dt

from ceremony import audit, auth
from ceremony.clock import now_utc, parse_utc, utc_iso
from ceremony.errors import AuthError
from ceremony.texts import t

MAX_FAILED = 5
LOCK_MINUTES = 15
# Checked instead of a real hash when there is none (unknown user, SSO-only account), so
# every failure costs one argon2 verification. Same parameters as `auth`'s hasher (a test
# checks it); the password behind it was random and is forgotten.
_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$i6NphOdxCKFc6RNm5WER9g$dLD4VE1Gfurd3/Gc6FKkwu3x+i/cyHMC20+1n/gA88o"
# the ways a sign-in can complete (the `method` of `login.success`)
SIGN_IN_METHODS = ("password", "password+totp", "password+recovery", "sso")


def sign_in_failed() -> AuthError:
    """The one answer to every failed sign-in step, whatever the reason."""
    return AuthError(t("signin.failed", minutes=LOCK_MINUTES))


def authenticate(store, username: str, password: str) -> auth.User:
    """The first factor: check a user name and password; raise AuthError on any failure.

    Unknown names, wrong passwords, locked, disabled and SSO-only accounts all get the
    same sentence, each after one argon2 verification (against a dummy hash when there is
    no real one). The audit trail says why: `login.failure` with reason `unknown_user`
    (actor `anonymous`, no name: it could be a mistyped password), `password` (with the
    count), `locked`, `disabled` or `no_password`; the MAX_FAILED-th failure in a row
    locks the account for LOCK_MINUTES (`user.locked`). Failures are committed before the
    error is raised.

    Success records `login.password` only; it does not reset the failure count (so a
    stolen password cannot be used to retry second-factor codes without limit). Follow
    with the second factor (`ceremony.totp.next_step`) and `complete_sign_in`.
    """
    name = username.strip().lower()
    stored = auth.password_hash(store, name)
    usable = stored is not None and stored != auth.SSO_ONLY_HASH
    matches = auth.password_ok(stored if usable else _DUMMY_HASH, password) and usable
    now = now_utc()
    with store.write():
        row = auth.account(store, username=name)
        if row is None:
            audit.record(store, "anonymous", "login.failure", "", reason="unknown_user")
            raise_after = True
        else:
            reason = blocked_reason(row, now)
            if reason is None and row["password_hash"] == auth.SSO_ONLY_HASH:
                reason = "no_password"
            if reason is not None:
                _record_blocked(store, row, reason)
            elif not matches:
                _count_failure(store, row, now, "password")
            else:
                audit.record(store, audit.user_actor(row["username"]), "login.password", f"user:{row['id']}")
            raise_after = reason is not None or not matches
    if raise_after:
        raise sign_in_failed()
    return auth.User(row["id"], row["username"], row["role"])


def blocked_reason(row: dict, now: dt.datetime | None = None) -> str | None:
    """'disabled' or 'locked' when an account may not sign in now, else None."""
    if not row["active"]:
        return "disabled"
    if row["locked_until"] and parse_utc(row["locked_until"]) > (now or now_utc()):
        return "locked"
    return None


def _record_blocked(store, row: dict, reason: str) -> None:
    audit.record(store, audit.user_actor(row["username"]), "login.failure", f"user:{row['id']}", reason=reason)


def check_may_continue(store, user_id: int) -> dict:
    """The account row if it may go on signing in; else audit why and raise AuthError.

    For the later factors: an account disabled or locked since the password step stops.
    """
    with store.write():
        row = auth.account(store, user_id=user_id)
        if row is None:
            audit.record(store, "anonymous", "login.failure", f"user:{user_id}", reason="unknown_user")
        else:
            reason = blocked_reason(row)
            if reason is None:
                return row
            _record_blocked(store, row, reason)
    raise sign_in_failed()


def record_failure(store, user_id: int, reason: str) -> None:
    """Count one failed sign-in step (e.g. reason 'totp') toward the lockout.

    Audits `login.failure` with the reason and count, and `user.locked` at MAX_FAILED.
    The caller raises `sign_in_failed()` (or its own error) afterwards.
    """
    with store.write():
        row = auth.account(store, user_id=user_id)
        if row is not None:
            _count_failure(store, row, now_utc(), reason)


def complete_sign_in(store, user: auth.User, method: str) -> auth.User:
    """Record that `user` passed every factor: the server may now open a session.

    `method` is one of SIGN_IN_METHODS. Re-checks the account (disabled or locked since
    the first step, also for "sso": AuthError), clears the failure count, sets
    `last_login_at` and audits `login.success` with the method. Returns the account as it
    is now (role included).
    """
    if method not in SIGN_IN_METHODS:
        raise ValueError(f"unknown sign-in method {method!r}")
    now = now_utc()
    with store.write():
        row = auth.account(store, user_id=user.id)
        reason = "unknown_user" if row is None else blocked_reason(row, now)
        if reason is None:
            auth.mark_signed_in(store, row["id"], utc_iso(now))
            audit.record(store, audit.user_actor(row["username"]), "login.success", f"user:{row['id']}", method=method)
        else:
            audit.record(store, "anonymous", "login.failure", f"user:{user.id}", reason=reason, method=method)
    if reason is not None:
        raise sign_in_failed()
    return auth.User(row["id"], row["username"], row["role"])


def find_for_identity(
    store, email: str | None, sub: str | None, unmatched: str = "sso_no_account"
) -> auth.User | None:
    """The account that a single-sign-on identity signs in as, or None (audited).

    `sub` and `email` come from `sso.account_keys`: the account linked to `sub` is the one;
    else the account with this e-mail address (case-insensitive), which is then linked to
    `sub` for good (`user.sso_linked`). Pass `email` only when the provider vouches for it.
    Refused, with `login.failure` and a reason (never the address): no account
    (`unmatched`, e.g. `sso_no_account`, `sso_email_unverified`, `sso_tenant`), an account
    linked to another subject (`sso_sub_mismatch`), a disabled or locked account
    (`sso_disabled`, `sso_locked`; never linked). Then call `complete_sign_in(store, user,
    "sso")`.
    """
    sub = (sub or "").strip() or None
    address = (email or "").strip() or None
    with store.write():
        row = auth.account_for_identity(store, sub, address)
        if row is None:
            audit.record(store, "anonymous", "login.failure", "", reason=unmatched)
            return None
        reason = _identity_refusal(row, sub)
        if reason is not None:
            _record_blocked(store, row, reason)
            return None
        if row["oidc_sub"] is None:
            auth.link_identity(store, row["id"], sub)
            audit.record(store, audit.user_actor(row["username"]), "user.sso_linked", f"user:{row['id']}")
    return auth.User(row["id"], row["username"], row["role"])


def _identity_refusal(row: dict, sub: str | None) -> str | None:
    """Why an account found for an identity may not sign in with it, or None."""
    if sub is None or (row["oidc_sub"] is not None and row["oidc_sub"] != sub):
        return "sso_sub_mismatch"
    blocked = blocked_reason(row)
    return None if blocked is None else "sso_" + blocked


def _count_failure(store, row: dict, now: dt.datetime, reason: str) -> None:
    """Record a failed step; the MAX_FAILED-th in a row locks the account."""
    failed = row["failed_logins"] + 1
    target = f"user:{row['id']}"
    audit.record(store, audit.user_actor(row["username"]), "login.failure", target, reason=reason, failed=failed)
    if failed < MAX_FAILED:
        auth.set_failures(store, row["id"], failed, row["locked_until"])
        return
    auth.set_failures(store, row["id"], 0, utc_iso(now + dt.timedelta(minutes=LOCK_MINUTES)))
    audit.record(store, "system", "user.locked", target, minutes=LOCK_MINUTES)
