"""The pages of the app, who may see them, and their sections in the sidebar."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PAGES_DIR = Path(__file__).parent / "pages"


@dataclass(frozen=True)
class PageSpec:
    file: str
    title: str
    icon: str
    permission: str | None  # None: every logged-in user
    section: str

    @property
    def path(self) -> str:
        return str(PAGES_DIR / self.file)


PAGES = (
    PageSpec("home.py", "Start", ":material/home:", None, "Algemeen"),
    PageSpec("intake.py", "Ontvangen", ":material/move_to_inbox:", "intake.import", "Gegevens"),
    PageSpec("people.py", "Personen", ":material/person_search:", "people.view", "Gegevens"),
    PageSpec("retention.py", "Bewaring", ":material/auto_delete:", "retention.view", "Gegevens"),
    PageSpec("ceremonies.py", "Ceremonies", ":material/celebration:", "ceremonies.manage", "Ceremonie"),
    PageSpec("calls.py", "Belronde", ":material/call:", "calls.make", "Ceremonie"),
    PageSpec("checkin.py", "Onthaal", ":material/how_to_reg:", "checkin", "Ceremonie"),
    PageSpec("exports.py", "Export", ":material/download:", "export.mailmerge", "Ceremonie"),
    PageSpec("dashboard.py", "Overzicht", ":material/monitoring:", "dashboard.view", "Ceremonie"),
    PageSpec("compliance.py", "Verantwoording", ":material/verified_user:", "compliance.view", "Beheer"),
    PageSpec("audit.py", "Auditlog", ":material/receipt_long:", "audit.view", "Beheer"),
    PageSpec("users.py", "Gebruikers", ":material/group:", "users.manage", "Beheer"),
    PageSpec("settings.py", "Instellingen", ":material/settings:", "settings.manage", "Beheer"),
)


def pages_for(role: str) -> list[PageSpec]:
    """The pages a role may open, in menu order."""
    from ceremony.auth import can

    return [p for p in PAGES if p.permission is None or can(role, p.permission)]
