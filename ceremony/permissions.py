"""Roles, what each may do, and the one permission check.

Every page and every domain action that touches data calls `require(user, permission)`;
hiding a button is never the protection. Kept apart from the accounts (`ceremony.auth`)
so that any domain module can check a permission without loading argon2 or the account
functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from ceremony import audit
from ceremony.errors import AccessDenied
from ceremony.texts import t

ROLES = ("beheerder", "coordinator", "beller", "dpo")

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
    "integrity.accept": frozenset({"beheerder"}),
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
