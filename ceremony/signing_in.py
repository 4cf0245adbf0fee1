"""Signing in: the password step with its lockout, later factors' checks, completion, SSO.

Signing in is a sequence of factors, driven by the server's sign-in pages:

1. `authenticate(store, name, password)`: the first factor. It answers every failure
   (unknown name, wrong password, locked, disabled, no password) with the same sentence
   and about the same time; the reason goes to the audit trail only (`login.failure`).
   Success records `login.password`, nothing more: the user is not signed in yet.
2. the second factor, if `ceremony.totp.next_step` asks for one (`totp.verify`, or
   enrolment with `totp.start_enrolment` / `totp.confirm_enrolment`); wrong codes count
   toward the same lockout as wrong passwords.
3. `complete_sign_in(store, user, method)` once every factor passed: records
   `login.success` with the method, clears the failure count, sets `last_login_at`.

The lockout counts atomically: every password or code check first claims one try
(`begin_attempt`, counted as a failure in the same transaction that checks the lock, so
at most MAX_FAILED checks ever run before a lock, however many arrive at once) and ends
with `attempt_failed` or `release_attempt`. `record_failure` counts one failure of any
other step. Each lock lasts the next of LOCK_STEPS_MINUTES (15 minutes, 1 hour, then 24
hours) until a sign-in completes; every lock is audited (`user.locked`, minutes, level).

Single sign-on starts at `find_for_identity` and ends at `complete_sign_in(..., "sso")`.
Accounts are read and changed through `ceremony.auth` (the owner of `users`).
"""

from __future__ import annotations

import datetime as dt

from ceremony import audit, auth, permissions
from ceremony.clock import now_utc, parse_utc, utc_iso
from ceremony.errors import AuthError
from ceremony.texts import t

MAX_FAILED = 5
LOCK_STEPS_MINUTES = (15, 60, 24 * 60)  # the first lock, the second, every one after
LOCK_MINUTES = LOCK_STEPS_MINUTES[0]
# Checked instead of a real hash when there is none (unknown user, SSO-only account), so
# every failure costs one argon2 verification. Same parameters as `auth`'s hasher (a test
# checks it); the password behind it was random and is forgotten.
_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$i6NphOdxCKFc6RNm5WER9g$dLD4VE1Gfurd3/Gc6FKkwu3x+i/cyHMC20+1n/gA88o"
# the ways a sign-in can complete (the `method` of `login.success`)
SIGN_IN_METHODS = ("password", "password+totp", "password+recovery", "sso")


def sign_in_failed() -> AuthError:
    """The one answer to every failed sign-in step, whatever the reason."""
    return AuthError(t("signin.failed", minutes=LOCK_MINUTES))


def authenticate(store, username: str, password: str) -> permissions.User:
    """The first factor: check a user name and password; raise AuthError on any failure.

    Unknown names, wrong passwords, locked, disabled and SSO-only accounts all get the
    same sentence, each after one argon2 verification (against a dummy hash when there is
    no real one). The audit trail says why: `login.failure` with reason `unknown_user`
    (actor `anonymous`, no name: it could be a mistyped password), `password` (with the
    count), `locked`, `disabled` or `no_password`; the MAX_FAILED-th failure in a row
    locks the account (`user.locked`). Failures are committed before the error is raised.

    Success records `login.password` only; it does not reset the failure count (so a
    stolen password cannot be used to retry second-factor codes without limit). Follow
    with the second factor (`ceremony.totp.next_step`) and `complete_sign_in`.
    """
    name = username.strip().lower()
    row = auth.account(store, username=name)
    try:
        if row is None:
            audit.record(store, "anonymous", "login.failure", "", reason="unknown_user")
            raise sign_in_failed()
        row = begin_attempt(store, row["id"])
    except AuthError:
        auth.password_ok(_DUMMY_HASH, password)  # the same cost as a real check
        raise
    usable = row["password_hash"] != auth.SSO_ONLY_HASH
    if not (auth.password_ok(row["password_hash"] if usable else _DUMMY_HASH, password) and usable):
        if usable:
            attempt_failed(store, row["id"], "password")
        else:
            with store.write():
                release_attempt(store, row["id"])
                _record_blocked(store, row, "no_password")
        raise sign_in_failed()
    with store.write():
        release_attempt(store, row["id"])
        audit.record(store, audit.user_actor(row["username"]), "login.password", f"user:{row['id']}")
    return permissions.User(row["id"], row["username"], row["role"])


def begin_attempt(store, user_id: int) -> dict:
    """Claim one check of a sign-in factor for the account; its row, or AuthError (audited).

    In one write transaction: the account must exist, be enabled and not locked, and have
    a try left; the try is then counted as a failure already, so parallel attempts cannot
    all pass the check before the count moves. A lock that has ended starts a new round.
    End every claim with `attempt_failed` or `release_attempt`.
    """
    now = now_utc()
    with store.write():
        row = auth.account(store, user_id=user_id)
        reason = "unknown_user" if row is None else blocked_reason(row, now)
        if reason is None:
            failed = _round(row, now)
            if failed >= MAX_FAILED:
                reason = "locked"  # the last tries are being checked right now
            else:
                auth.set_failures(store, user_id, failed + 1, None)
        if reason == "unknown_user":
            audit.record(store, "anonymous", "login.failure", f"user:{user_id}", reason=reason)
        elif reason is not None:
            _record_blocked(store, row, reason)
    if reason is not None:
        raise sign_in_failed()
    return row


def attempt_failed(store, user_id: int, reason: str) -> None:
    """A claimed check failed: audit it (`login.failure`, reason and count); the
    MAX_FAILED-th failure in a row locks the account."""
    with store.write():
        row = auth.account(store, user_id=user_id)
        if row is not None:
            _count_failure(store, row, now_utc(), reason, claimed=True)


def release_attempt(store, user_id: int) -> None:
    """A claimed check passed (or was not a real try): give the claimed failure back."""
    with store.write():
        row = auth.account(store, user_id=user_id)
        if row is not None and row["failed_logins"] > 0:
            auth.set_failures(store, user_id, row["failed_logins"] - 1, row["locked_until"])


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

    For a step that did not claim its check with `begin_attempt`. Audits `login.failure`
    with the reason and count, and `user.locked` at MAX_FAILED. The caller raises
    `sign_in_failed()` (or its own error) afterwards.
    """
    with store.write():
        row = auth.account(store, user_id=user_id)
        if row is not None:
            _count_failure(store, row, now_utc(), reason, claimed=False)


def complete_sign_in(store, user: permissions.User, method: str) -> permissions.User:
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
    return permissions.User(row["id"], row["username"], row["role"])


def find_for_identity(
    store, email: str | None, sub: str | None, unmatched: str = "sso_no_account"
) -> permissions.User | None:
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
    return permissions.User(row["id"], row["username"], row["role"])


def _identity_refusal(row: dict, sub: str | None) -> str | None:
    """Why an account found for an identity may not sign in with it, or None."""
    if sub is None or (row["oidc_sub"] is not None and row["oidc_sub"] != sub):
        return "sso_sub_mismatch"
    blocked = blocked_reason(row)
    return None if blocked is None else "sso_" + blocked


def _round(row: dict, now: dt.datetime) -> int:
    """The failures that count now: none once a lock has ended (a new round)."""
    if row["locked_until"] and parse_utc(row["locked_until"]) <= now:
        return 0
    return row["failed_logins"]


def _count_failure(store, row: dict, now: dt.datetime, reason: str, claimed: bool) -> None:
    """Record a failed step (already counted when `claimed`); the MAX_FAILED-th in a row
    locks the account for the next of LOCK_STEPS_MINUTES."""
    failed = _round(row, now) + (0 if claimed else 1)
    target = f"user:{row['id']}"
    audit.record(store, audit.user_actor(row["username"]), "login.failure", target, reason=reason, failed=failed)
    locked = blocked_reason(row, now) == "locked"
    auth.set_failures(store, row["id"], failed, row["locked_until"] if locked else None)
    if failed < MAX_FAILED or locked:
        return
    level = row["lock_level"] + 1
    minutes = LOCK_STEPS_MINUTES[min(level, len(LOCK_STEPS_MINUTES)) - 1]
    auth.set_lock(store, row["id"], utc_iso(now + dt.timedelta(minutes=minutes)), level)
    audit.record(store, "system", "user.locked", target, minutes=minutes, level=level)
