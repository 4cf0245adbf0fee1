"""Server-side sign-in sessions: the only SQL on the `sessions` table.

The browser holds a random 256-bit token in an HttpOnly cookie; the database stores
only its SHA-256, the user, when it was created and last used, when it expires and
whether it was revoked. A session is valid while it is not revoked, its user is
enabled, it was used within `session_timeout_minutes` and it is younger than
`session_max_hours`. Disabling a user, changing their role or resetting their password
revokes all their sessions at once (see `revoke_user`). `deadline` tells a page when its
session will end (for the warning a minute before); `timed_out_user` whose session ended
by itself (only then are typed drafts kept, `ceremony.ui.drafts`).

A session first lives in a *pending* stage ('totp' or 'enrol') between the password and
the second factor; only an 'active' session gives access to a page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from ceremony import audit, permissions
from ceremony.clock import now_utc, parse_utc, utc_iso

ACTIVE = "active"
PENDING_TOTP = "totp"
PENDING_ENROL = "enrol"
PENDING_MINUTES = 10
# last_seen_at is written at most this often, so a busy page does not write on every rerun
TOUCH_SECONDS = 30


@dataclass(frozen=True)
class Session:
    id: int
    user: permissions.User
    stage: str
    method: str
    expires_at: str
    last_seen_at: str = ""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


def create(store, user: permissions.User, stage: str = ACTIVE, method: str = "password") -> str:
    """Open a session for `user`; returns the token for the cookie (never stored)."""
    token = secrets.token_urlsafe(32)
    now = now_utc()
    if stage == ACTIVE:
        expires = now + dt.timedelta(hours=store.setting("session_max_hours"))
    else:
        expires = now + dt.timedelta(minutes=PENDING_MINUTES)
    with store.write() as db:
        cur = db.execute(
            "INSERT INTO sessions(token_hash, user_id, stage, method, created_at, last_seen_at, expires_at) "
            "VALUES (?,?,?,?,?,?,?)",
            [_hash(token), user.id, stage, method, utc_iso(now), utc_iso(now), utc_iso(expires)],
        )
        if stage == ACTIVE:
            audit.record(store, user.actor, "session.start", f"session:{cur.lastrowid}", method=method)
    return token


def lookup(store, token: str | None, stage: str = ACTIVE, touch: bool = True) -> Session | None:
    """The valid session behind `token` in `stage`, or None (expired, revoked, unknown).

    An idle or over-age session is revoked on the spot, so it stays dead.
    """
    if not token or len(token) > 200:
        return None
    row = store.one(
        "SELECT s.*, u.username, u.role, u.active FROM sessions s JOIN users u ON u.id = s.user_id "
        "WHERE s.token_hash = ?",
        [_hash(token)],
    )
    if row is None or row["revoked_at"] or row["stage"] != stage or not row["active"]:
        return None
    now = now_utc()
    idle = dt.timedelta(minutes=store.setting("session_timeout_minutes"))
    if parse_utc(row["expires_at"]) <= now:
        _revoke_row(store, row["id"], "expired")
        return None
    if stage == ACTIVE and parse_utc(row["last_seen_at"]) + idle <= now:
        _revoke_row(store, row["id"], "idle")
        return None
    if touch and (now - parse_utc(row["last_seen_at"])).total_seconds() >= TOUCH_SECONDS:
        with store.write() as db:
            db.execute("UPDATE sessions SET last_seen_at = ? WHERE id = ?", [utc_iso(now), row["id"]])
    user = permissions.User(row["user_id"], row["username"], row["role"])
    return Session(row["id"], user, row["stage"], row["method"], row["expires_at"], row["last_seen_at"])


# the reasons a session ends by itself (no one ended it): only these keep a user's drafts
TIMED_OUT = ("idle", "expired")


def deadline(store, session: Session) -> tuple[dt.datetime, bool]:
    """When `session` ends if its user does nothing more, and whether activity can still
    push that moment back (False once the absolute lifetime comes first)."""
    idle_end = parse_utc(session.last_seen_at) + dt.timedelta(minutes=store.setting("session_timeout_minutes"))
    absolute_end = parse_utc(session.expires_at)
    return (idle_end, True) if idle_end < absolute_end else (absolute_end, False)


def timed_out_user(store, token: str | None) -> int | None:
    """The user id of the session behind `token` if it ended by itself (idle or over age),
    else None (unknown, still valid, signed out, or ended by an administrator)."""
    if not token or len(token) > 200:
        return None
    lookup(store, token, touch=False)  # an idle session found now is revoked as 'idle' first
    return store.scalar(
        "SELECT user_id FROM sessions WHERE token_hash = ? AND stage = ? AND revoked_reason IN (?, ?)",
        [_hash(token), ACTIVE, *TIMED_OUT],
    )


def _revoke_row(store, session_id: int, reason: str) -> None:
    with store.write() as db:
        db.execute(
            "UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL",
            [utc_iso(), reason, session_id],
        )


def end(store, token: str | None, reason: str = "logout") -> None:
    """Sign out: revoke the session behind `token` (a no-op for an unknown token)."""
    if not token:
        return
    row = store.one("SELECT s.id, u.username FROM sessions s JOIN users u ON u.id = s.user_id "
                    "WHERE s.token_hash = ? AND s.revoked_at IS NULL", [_hash(token)])
    if row is None:
        return
    with store.write():
        _revoke_row(store, row["id"], reason)
        if reason == "logout":
            audit.record(store, audit.user_actor(row["username"]), "session.end", f"session:{row['id']}")


def revoke_user(store, user_id: int, reason: str) -> int:
    """End every open session of a user (disabled, new role, new password, reset factor)."""
    with store.write() as db:
        cur = db.execute(
            "UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE user_id = ? AND revoked_at IS NULL",
            [utc_iso(), reason, user_id],
        )
    return cur.rowcount


def list_active(store) -> list[dict]:
    """Open, signed-in sessions per user (no tokens): for the administrator."""
    cutoff = utc_iso(now_utc() - dt.timedelta(minutes=store.setting("session_timeout_minutes")))
    return store.rows(
        "SELECT s.id, u.username, s.method, s.created_at, s.last_seen_at, s.expires_at "
        "FROM sessions s JOIN users u ON u.id = s.user_id "
        "WHERE s.revoked_at IS NULL AND s.stage = ? AND s.expires_at > ? AND s.last_seen_at > ? "
        "ORDER BY u.username, s.created_at",
        [ACTIVE, utc_iso(), cutoff],
    )


def end_by_admin(store, admin: permissions.User, session_id: int) -> None:
    """An administrator ends someone's session."""
    permissions.require(admin, "users.manage")
    with store.write():
        _revoke_row(store, session_id, "admin")
        audit.record(store, admin.actor, "session.end_by_admin", f"session:{session_id}")


def prune(store) -> int:
    """Forget sessions that ended more than a day ago (start-up task)."""
    cutoff = utc_iso(now_utc() - dt.timedelta(days=1))
    with store.write() as db:
        cur = db.execute(
            "DELETE FROM sessions WHERE (revoked_at IS NOT NULL AND revoked_at < ?) OR expires_at < ?",
            [cutoff, cutoff],
        )
    return cur.rowcount
