"""Accounts (table `users`).

Roles, the signed-in `User` and the one permission check live in `ceremony.permissions`.
Passwords are argon2id hashes and must pass
`ceremony.passwords.check`. The steps of signing in (password, lockout, completion,
single sign-on) are `ceremony.signing_in`; they read and change accounts through the
functions here.
"""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from email_validator import EmailNotValidError, validate_email

from ceremony import audit, passwords, sessions
from ceremony.clock import utc_iso
from ceremony.errors import AccessDenied, InvalidInput, NotFound
from ceremony.permissions import ROLES, User, require
from ceremony.texts import t

MIN_PASSWORD = passwords.MIN_LENGTH

_hasher = PasswordHasher()  # argon2id with the library's current defaults

# password_hash of an account that has no usable password (single sign-on only)
SSO_ONLY_HASH = "!"


def _check_username(username: str) -> str:
    name = username.strip().lower()
    if not re.fullmatch(r"[a-z0-9._-]{2,40}", name):
        raise InvalidInput(t("auth.username_invalid"))
    return name


def _check_password(store, password: str, username: str) -> None:
    """The password policy, with the installation's own word (the municipality) as a word to refuse."""
    passwords.check(password, username, words=[store.setting("municipality")])


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
        _check_password(store, password, name)
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
            "UPDATE users SET active = ?, failed_logins = 0, locked_until = NULL, lock_level = 0 WHERE id = ?",
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
        _check_password(store, password, row["username"])
        db.execute(
            "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL, lock_level = 0 WHERE id = ?",
            [_hasher.hash(password), row["id"]],
        )
        audit.record(store, actor, "user.password_reset", f"user:{row['id']}")
        end_sessions(store, row["id"], "password")


def end_sessions(store, user_id: int, reason: str) -> None:
    """An account change ends the account's open sessions at once (their next click)."""
    ended = sessions.revoke_user(store, user_id, reason)
    if ended:
        audit.record(store, "system", "session.revoked", f"user:{user_id}", reason=reason, sessions=ended)


# --- the account rows that signing in reads and changes (see `ceremony.signing_in`) -------------


def account(store, *, username: str | None = None, user_id: int | None = None) -> dict | None:
    """One account row (with its hash) by user name or id, or None."""
    if username is not None:
        return store.one("SELECT * FROM users WHERE username = ?", [username])
    return store.one("SELECT * FROM users WHERE id = ?", [user_id])


def password_hash(store, username: str) -> str | None:
    """The stored password hash of an account (SSO_ONLY_HASH without a password), or None."""
    return store.scalar("SELECT password_hash FROM users WHERE username = ?", [username])


def account_for_identity(store, sub: str | None, email: str | None) -> dict | None:
    """The account linked to OpenID Connect subject `sub`, else the one with this e-mail
    (case-insensitive, linked or not: the caller compares its `oidc_sub`); None if none."""
    row = store.one("SELECT * FROM users WHERE oidc_sub = ?", [sub]) if sub else None
    if row is None and email:
        row = store.one("SELECT * FROM users WHERE lower(email) = lower(?)", [email])
    return row


def link_identity(store, user_id: int, sub: str) -> None:
    """Record the OpenID Connect subject of an account (the caller audits)."""
    with store.write() as db:
        db.execute("UPDATE users SET oidc_sub = ? WHERE id = ?", [sub, user_id])


def set_failures(store, user_id: int, failed: int, locked_until: str | None = None) -> None:
    """Store the count of failed sign-in steps in a row, and a lock when there is one."""
    with store.write() as db:
        db.execute("UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?", [failed, locked_until, user_id])


def set_lock(store, user_id: int, locked_until: str, lock_level: int) -> None:
    """Lock an account until `locked_until`; `lock_level` counts the locks in a row."""
    with store.write() as db:
        db.execute("UPDATE users SET locked_until = ?, lock_level = ? WHERE id = ?", [locked_until, lock_level, user_id])


def mark_signed_in(store, user_id: int, at: str) -> None:
    """A completed sign-in: clear the failures, the lock and its level, set `last_login_at`."""
    with store.write() as db:
        db.execute(
            "UPDATE users SET failed_logins = 0, locked_until = NULL, lock_level = 0, last_login_at = ? WHERE id = ?",
            [at, user_id],
        )


def password_ok(password_hash: str, password: str) -> bool:
    """Whether `password` matches an argon2 hash (False for any unusable hash)."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def current(store, user_id: int) -> User | None:
    """Re-read a logged-in user on every page: a disabled account or new role counts at once."""
    row = store.one("SELECT id, username, role, active FROM users WHERE id = ?", [user_id])
    if row is None or not row["active"]:
        return None
    return User(row["id"], row["username"], row["role"])

