"""Accounts, roles and the one permission check.

Every page and every domain action that touches data calls `require(user, permission)`;
hiding a button is never the protection. Passwords are argon2id hashes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ceremony import audit
from ceremony.clock import be_datetime, now_utc, parse_utc, utc_iso
from ceremony.errors import AccessDenied, AuthError, InvalidInput, NotFound
from ceremony.texts import t

ROLES = ("beheerder", "coordinator", "beller", "dpo")
MIN_PASSWORD = 10
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


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(t("auth.password_short", n=MIN_PASSWORD))


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(t("auth.role_unknown", roles=", ".join(ROLES)))
    return role


def user_count(store) -> int:
    return store.scalar("SELECT count(*) FROM users")


def create_user(store, user: User, username: str, role: str, password: str) -> User:
    """Add an account (administrators only)."""
    require(user, "users.manage")
    return _insert_user(store, user.actor, username, role, password)


def _insert_user(store, actor: str, username: str, role: str, password: str) -> User:
    name = _check_username(username)
    _check_role(role)
    _check_password(password)
    with store.write() as db:
        if store.scalar("SELECT 1 FROM users WHERE username = ?", [name]):
            raise InvalidInput(t("auth.user_exists"))
        cur = db.execute(
            "INSERT INTO users(username, role, password_hash, created_at) VALUES (?,?,?,?)",
            [name, role, _hasher.hash(password), utc_iso()],
        )
        audit.record(store, actor, "user.create", f"user:{cur.lastrowid}", role=role)
    return User(cur.lastrowid, name, role)


def create_first_admin(store, username: str, password: str) -> User:
    """The first-run administrator; refused once any user exists."""
    with store.write():
        if user_count(store):
            raise AccessDenied(t("auth.admin_exists"))
        return _insert_user(store, "system:first-run", username, "beheerder", password)


def _get(store, username: str) -> dict:
    row = store.one("SELECT * FROM users WHERE username = ?", [username.strip().lower()])
    if row is None:
        raise NotFound(t("auth.user_unknown"))
    return row


def list_users(store) -> list[dict]:
    """Accounts without their hashes."""
    return store.rows(
        "SELECT id, username, role, active, failed_logins, locked_until, created_at, last_login_at "
        "FROM users ORDER BY username"
    )


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


def reset_password(store, user: User, username: str, password: str) -> None:
    """Set a new password and lift a lock."""
    require(user, "users.manage")
    actor = user.actor
    _check_password(password)
    with store.write() as db:
        row = _get(store, username)
        db.execute(
            "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?",
            [_hasher.hash(password), row["id"]],
        )
        audit.record(store, actor, "user.password_reset", f"user:{row['id']}")


def authenticate(store, username: str, password: str) -> User:
    """Check a login; count failures and lock after MAX_FAILED for LOCK_MINUTES.

    Failures are committed (and audited) before the AuthError is raised.
    """
    name = username.strip().lower()
    now = now_utc()
    failure: str | None = None
    with store.write() as db:
        row = store.one("SELECT * FROM users WHERE username = ?", [name])
        actor = audit.user_actor(name)
        if row is None:
            audit.record(store, "anonymous", "login.failure", "", reason="unknown_user")
            failure = t("auth.bad_login")
        elif not row["active"]:
            audit.record(store, actor, "login.failure", f"user:{row['id']}", reason="disabled")
            failure = t("auth.disabled")
        elif row["locked_until"] and parse_utc(row["locked_until"]) > now:
            audit.record(store, actor, "login.failure", f"user:{row['id']}", reason="locked")
            failure = t("auth.locked", until=be_datetime(row["locked_until"]))
        elif not _password_ok(row["password_hash"], password):
            failure = _count_failure(store, row, now)
        else:
            db.execute(
                "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ?",
                [utc_iso(now), row["id"]],
            )
            audit.record(store, actor, "login.success", f"user:{row['id']}")
    if failure:
        raise AuthError(failure)
    return User(row["id"], row["username"], row["role"])


def _password_ok(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _count_failure(store, row: dict, now: dt.datetime) -> str:
    """Record a wrong password; the MAX_FAILED-th in a row locks the account."""
    failed = row["failed_logins"] + 1
    target = f"user:{row['id']}"
    audit.record(store, audit.user_actor(row["username"]), "login.failure", target, reason="password", failed=failed)
    if failed < MAX_FAILED:
        store.db.execute("UPDATE users SET failed_logins = ? WHERE id = ?", [failed, row["id"]])
        return t("auth.bad_login")
    locked = utc_iso(now + dt.timedelta(minutes=LOCK_MINUTES))
    store.db.execute(
        "UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?", [locked, row["id"]]
    )
    audit.record(store, "system", "user.locked", target, minutes=LOCK_MINUTES)
    return t("auth.locked", until=be_datetime(locked))


def current(store, user_id: int) -> User | None:
    """Re-read a logged-in user on every page: a disabled account or new role counts at once."""
    row = store.one("SELECT id, username, role, active FROM users WHERE id = ?", [user_id])
    if row is None or not row["active"]:
        return None
    return User(row["id"], row["username"], row["role"])


def complete_sign_in(store, user: User, method: str) -> User:
    """Every factor passed: record the sign-in (the server then opens the session)."""
    with store.write() as db:
        db.execute("UPDATE users SET last_login_at = ? WHERE id = ?", [utc_iso(), user.id])
        audit.record(store, user.actor, "login.success", f"user:{user.id}", method=method)
    return user
