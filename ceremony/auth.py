"""Accounts, roles, the one permission check, and the password step of signing in.

Every page and every domain action that touches data calls `require(user, permission)`;
hiding a button is never the protection. Passwords are argon2id hashes and must pass
`ceremony.passwords.check`.

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
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from email_validator import EmailNotValidError, validate_email

from ceremony import audit, passwords
from ceremony.clock import now_utc, parse_utc, utc_iso
from ceremony.errors import AccessDenied, AuthError, InvalidInput, NotFound
from ceremony.texts import t

ROLES = ("beheerder", "coordinator", "beller", "dpo")
MIN_PASSWORD = passwords.MIN_LENGTH
MAX_FAILED = 5
LOCK_MINUTES = 15

# permission -> roles that hold it. The access matrix test walks this table.
PERMISSIONS: dict[str, frozenset[str]] = {
    "users.manage": frozenset({"beheerder"}),
    "settings.manage": frozenset({"beheerder"}),
    "audit.view": frozenset({"beheerder", "dpo"}),
    "compliance.view": frozenset({"beheerder", "dpo"}),
    "intake.import": frozenset({"beheerder", "coordinator"}),
    "transport.confirm": frozenset({"beheerder", "coordinator"}),
    "retention.view": frozenset({"beheerder", "coordinator"}),
    "retention.delete": frozenset({"beheerder"}),
    "keys.rotate": frozenset({"beheerder"}),
    "ceremonies.manage": frozenset({"coordinator"}),
    "calls.make": frozenset({"coordinator", "beller"}),
    "calls.assign": frozenset({"coordinator"}),
    "checkin": frozenset({"coordinator"}),
    "dashboard.view": frozenset({"beheerder", "coordinator", "dpo"}),
    "export.mailmerge": frozenset({"coordinator"}),
    "people.view": frozenset({"coordinator"}),
    "people.edit": frozenset({"coordinator"}),
    "people.erase": frozenset({"coordinator"}),
}

_hasher = PasswordHasher()  # argon2id with the library's current defaults

# password_hash of an account that has no usable password (single sign-on only)
SSO_ONLY_HASH = "!"
# Checked instead of a real hash when there is none (unknown user, SSO-only account), so
# every failure costs one argon2 verification. Same parameters as `_hasher` (a test
# checks it); the password behind it was random and is forgotten.
_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$i6NphOdxCKFc6RNm5WER9g$dLD4VE1Gfurd3/Gc6FKkwu3x+i/cyHMC20+1n/gA88o"
# the ways a sign-in can complete (the `method` of `login.success`)
SIGN_IN_METHODS = ("password", "password+totp", "password+recovery", "sso")


@dataclass(frozen=True)
class User:
    id: int
    username: str
    role: str

    @property
    def actor(self) -> str:
        return audit.user_actor(self.username)


def can(role: str, permission: str) -> bool:
    """Whether `role` holds `permission` (unknown permissions are held by nobody)."""
    return role in PERMISSIONS.get(permission, frozenset())


def require(user: User | None, permission: str) -> User:
    """Raise AccessDenied unless `user` holds `permission`."""
    if user is None or not can(user.role, permission):
        raise AccessDenied(t("auth.denied"))
    return user


def _check_username(username: str) -> str:
    name = username.strip().lower()
    if not re.fullmatch(r"[a-z0-9._-]{2,40}", name):
        raise InvalidInput(t("auth.username_invalid"))
    return name


def _check_password(password: str, username: str) -> None:
    passwords.check(password, username)


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(t("auth.role_unknown", roles=", ".join(ROLES)))
    return role


def _check_email(email: str | None) -> str | None:
    """The normalised address, None for empty; InvalidInput when it is not an address."""
    value = (email or "").strip()
    if not value:
        return None
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        raise InvalidInput(t("signin.email_invalid")) from None


def _email_taken(store, email: str, user_id: int | None = None) -> bool:
    return bool(
        store.scalar(
            "SELECT 1 FROM users WHERE lower(email) = lower(?) AND id IS NOT ?", [email, user_id]
        )
    )


def user_count(store, active_only: bool = False) -> int:
    """How many accounts exist (or only the active ones)."""
    return store.scalar("SELECT count(*) FROM users" + (" WHERE active = 1" if active_only else ""))


def active_accounts(store) -> list[dict]:
    """Username and role of every active account, by username."""
    return store.rows("SELECT username, role FROM users WHERE active = 1 ORDER BY username")


def create_user(
    store, user: User, username: str, role: str, password: str | None, email: str | None = None
) -> User:
    """Add an account (administrators only).

    `password=None` makes a single-sign-on-only account: it needs an e-mail address to
    be matched by, and password sign-in is impossible for it. Audits `user.create`
    (role, sso_only, has_email; never the address).
    """
    require(user, "users.manage")
    return _insert_user(store, user.actor, username, role, password, email)


def _insert_user(
    store, actor: str, username: str, role: str, password: str | None, email: str | None = None
) -> User:
    name = _check_username(username)
    _check_role(role)
    address = _check_email(email)
    if password is None:
        if address is None:
            raise InvalidInput(t("signin.sso_needs_email"))
        password_hash = SSO_ONLY_HASH
    else:
        _check_password(password, name)
        password_hash = _hasher.hash(password)
    with store.write() as db:
        if store.scalar("SELECT 1 FROM users WHERE username = ?", [name]):
            raise InvalidInput(t("auth.user_exists"))
        if address and _email_taken(store, address):
            raise InvalidInput(t("signin.email_taken"))
        cur = db.execute(
            "INSERT INTO users(username, role, password_hash, email, created_at) VALUES (?,?,?,?,?)",
            [name, role, password_hash, address, utc_iso()],
        )
        audit.record(
            store, actor, "user.create", f"user:{cur.lastrowid}",
            role=role, sso_only=password is None, has_email=address is not None,
        )
    return User(cur.lastrowid, name, role)


def create_first_admin(store, username: str, password: str) -> User:
    """The first-run administrator; refused once any user exists. Audits `user.create`.

    The password must pass the policy; with `require_totp` on, the administrator enrols
    a second factor at the first sign-in like everyone else.
    """
    with store.write():
        if user_count(store):
            raise AccessDenied(t("auth.admin_exists"))
        return _insert_user(store, "system:first-run", username, "beheerder", password)


def _get(store, username: str) -> dict:
    row = store.one("SELECT * FROM users WHERE username = ?", [username.strip().lower()])
    if row is None:
        raise NotFound(t("auth.user_unknown"))
    return row


def get_user(store, username: str) -> User:
    """The account called `username` (NotFound otherwise), whether enabled or not."""
    row = _get(store, username)
    return User(row["id"], row["username"], row["role"])


def list_users(store) -> list[dict]:
    """Accounts without their hashes: also `email`, `has_password` and `sso_linked`."""
    return store.rows(
        "SELECT id, username, role, active, failed_logins, locked_until, created_at, last_login_at, "
        f"email, password_hash != '{SSO_ONLY_HASH}' AS has_password, oidc_sub IS NOT NULL AS sso_linked "
        "FROM users ORDER BY username"
    )


def set_email(store, user: User, username: str, email: str | None) -> None:
    """Set (or with None/empty, clear) an account's e-mail address for single sign-on.

    Unique across accounts (case-insensitive). A changed address also forgets the linked
    SSO subject, so the next SSO sign-in is matched by the new address. Audits
    `user.email` with `cleared`, never the address. An SSO-only account keeps an address.
    """
    require(user, "users.manage")
    address = _check_email(email)
    with store.write() as db:
        row = _get(store, username)
        if address is None and row["password_hash"] == SSO_ONLY_HASH:
            raise InvalidInput(t("signin.sso_needs_email"))
        if address and _email_taken(store, address, row["id"]):
            raise InvalidInput(t("signin.email_taken"))
        same = (row["email"] or "").lower() == (address or "").lower()
        db.execute(
            "UPDATE users SET email = ?, oidc_sub = CASE WHEN ? THEN oidc_sub END WHERE id = ?",
            [address, int(same), row["id"]],
        )
        audit.record(store, user.actor, "user.email", f"user:{row['id']}", cleared=address is None)


def _active_admins_after(store, username: str) -> int:
    return store.scalar(
        "SELECT count(*) FROM users WHERE role = 'beheerder' AND active = 1 AND username != ?",
        [username],
    )


def set_active(store, user: User, username: str, active: bool) -> None:
    """Disable or re-enable an account; the last active administrator stays."""
    require(user, "users.manage")
    actor = user.actor
    with store.write() as db:
        row = _get(store, username)
        if not active and row["role"] == "beheerder" and not _active_admins_after(store, row["username"]):
            raise InvalidInput(t("auth.last_admin"))
        db.execute(
            "UPDATE users SET active = ?, failed_logins = 0, locked_until = NULL WHERE id = ?",
            [int(active), row["id"]],
        )
        audit.record(store, actor, "user.enable" if active else "user.disable", f"user:{row['id']}")
        if not active:
            end_sessions(store, row["id"], "disabled")


def set_role(store, user: User, username: str, role: str) -> None:
    """Change an account's role."""
    require(user, "users.manage")
    actor = user.actor
    _check_role(role)
    with store.write() as db:
        row = _get(store, username)
        if row["role"] == "beheerder" and role != "beheerder" and not _active_admins_after(store, row["username"]):
            raise InvalidInput(t("auth.last_admin"))
        db.execute("UPDATE users SET role = ? WHERE id = ?", [role, row["id"]])
        audit.record(store, actor, "user.role", f"user:{row['id']}", old=row["role"], new=role)
        end_sessions(store, row["id"], "role")


def reset_password(store, user: User, username: str, password: str) -> None:
    """Set a new password (policy checked) and lift a lock. Audits `user.password_reset`."""
    require(user, "users.manage")
    actor = user.actor
    with store.write() as db:
        row = _get(store, username)
        _check_password(password, row["username"])
        db.execute(
            "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?",
            [_hasher.hash(password), row["id"]],
        )
        audit.record(store, actor, "user.password_reset", f"user:{row['id']}")
        end_sessions(store, row["id"], "password")


def end_sessions(store, user_id: int, reason: str) -> None:
    """An account change ends the account's open sessions at once (their next click)."""
    from ceremony import sessions  # sessions builds on this module

    ended = sessions.revoke_user(store, user_id, reason)
    if ended:
        audit.record(store, "system", "session.revoked", f"user:{user_id}", reason=reason, sessions=ended)


# --- signing in ---------------------------------------------------------------------------


def sign_in_failed() -> AuthError:
    """The one answer to every failed sign-in step, whatever the reason."""
    return AuthError(t("signin.failed", minutes=LOCK_MINUTES))


def authenticate(store, username: str, password: str) -> User:
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
    found = store.one("SELECT password_hash FROM users WHERE username = ?", [name])
    usable = found is not None and found["password_hash"] != SSO_ONLY_HASH
    matches = _password_ok(found["password_hash"] if usable else _DUMMY_HASH, password) and usable
    now = now_utc()
    with store.write() as db:
        row = store.one("SELECT * FROM users WHERE username = ?", [name])
        if row is None:
            audit.record(store, "anonymous", "login.failure", "", reason="unknown_user")
            raise_after = True
        else:
            reason = blocked_reason(row, now)
            if reason is None and row["password_hash"] == SSO_ONLY_HASH:
                reason = "no_password"
            if reason is not None:
                _record_blocked(store, row, reason)
            elif not matches:
                _count_failure(db, store, row, now, "password")
            else:
                audit.record(store, audit.user_actor(row["username"]), "login.password", f"user:{row['id']}")
            raise_after = reason is not None or not matches
    if raise_after:
        raise sign_in_failed()
    return User(row["id"], row["username"], row["role"])


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
        row = store.one("SELECT * FROM users WHERE id = ?", [user_id])
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
    with store.write() as db:
        row = store.one("SELECT * FROM users WHERE id = ?", [user_id])
        if row is not None:
            _count_failure(db, store, row, now_utc(), reason)


def complete_sign_in(store, user: User, method: str) -> User:
    """Record that `user` passed every factor: the server may now open a session.

    `method` is one of SIGN_IN_METHODS. Re-checks the account (disabled since the first
    step: AuthError; locked: AuthError, except for "sso", whose factors the identity
    provider checked), clears the failure count, sets `last_login_at` and audits
    `login.success` with the method. Returns the account as it is now (role included).
    """
    if method not in SIGN_IN_METHODS:
        raise ValueError(f"unknown sign-in method {method!r}")
    now = now_utc()
    with store.write() as db:
        row = store.one("SELECT * FROM users WHERE id = ?", [user.id])
        reason = "unknown_user" if row is None else blocked_reason(row, now)
        if reason == "locked" and method == "sso":
            reason = None
        if reason is None:
            db.execute(
                "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ?",
                [utc_iso(now), row["id"]],
            )
            audit.record(store, audit.user_actor(row["username"]), "login.success", f"user:{row['id']}", method=method)
        else:
            audit.record(store, "anonymous", "login.failure", f"user:{user.id}", reason=reason, method=method)
    if reason is not None:
        raise sign_in_failed()
    return User(row["id"], row["username"], row["role"])


def find_for_identity(store, email: str | None, sub: str | None) -> User | None:
    """The enabled account for a single-sign-on identity, or None (audited).

    Matched by OpenID Connect `sub` first, then by e-mail (case-insensitive) among
    accounts not yet linked to another subject; on that first e-mail match the `sub` is
    recorded (`user.sso_linked`). Pass `email` only when the identity provider vouches
    for it (e.g. `email_verified`, or Entra ID's own directory). No match, or a disabled
    account: `login.failure` with reason `sso_no_account` / `disabled`, and None. Then
    call `complete_sign_in(store, user, "sso")`.
    """
    sub = (sub or "").strip() or None
    address = (email or "").strip() or None
    with store.write() as db:
        row = store.one("SELECT * FROM users WHERE oidc_sub = ?", [sub]) if sub else None
        if row is None and address:
            row = store.one(
                "SELECT * FROM users WHERE lower(email) = lower(?) AND (oidc_sub IS NULL OR oidc_sub IS ?)",
                [address, sub],
            )
            if row is not None and sub and row["active"] and row["oidc_sub"] is None:
                db.execute("UPDATE users SET oidc_sub = ? WHERE id = ?", [sub, row["id"]])
                audit.record(store, audit.user_actor(row["username"]), "user.sso_linked", f"user:{row['id']}")
        if row is None:
            audit.record(store, "anonymous", "login.failure", "", reason="sso_no_account")
            return None
        if not row["active"]:
            _record_blocked(store, row, "disabled")
            return None
    return User(row["id"], row["username"], row["role"])


def _password_ok(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _count_failure(db, store, row: dict, now: dt.datetime, reason: str) -> None:
    """Record a failed step; the MAX_FAILED-th in a row locks the account."""
    failed = row["failed_logins"] + 1
    target = f"user:{row['id']}"
    audit.record(store, audit.user_actor(row["username"]), "login.failure", target, reason=reason, failed=failed)
    if failed < MAX_FAILED:
        db.execute("UPDATE users SET failed_logins = ? WHERE id = ?", [failed, row["id"]])
        return
    locked = utc_iso(now + dt.timedelta(minutes=LOCK_MINUTES))
    db.execute("UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?", [locked, row["id"]])
    audit.record(store, "system", "user.locked", target, minutes=LOCK_MINUTES)


def current(store, user_id: int) -> User | None:
    """Re-read a logged-in user on every page: a disabled account or new role counts at once."""
    row = store.one("SELECT id, username, role, active FROM users WHERE id = ?", [user_id])
    if row is None or not row["active"]:
        return None
    return User(row["id"], row["username"], row["role"])

