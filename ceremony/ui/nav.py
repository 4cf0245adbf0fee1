"""The pages of the app, who may see them, and their sections in the sidebar."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ceremony.texts import t

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
    PageSpec("home.py", t("nav.page.home"), ":material/home:", None, t("nav.section.general")),
    PageSpec("intake.py", t("nav.page.intake"), ":material/move_to_inbox:", "intake.import", t("nav.section.data")),
    PageSpec("people.py", t("nav.page.people"), ":material/person_search:", "people.view", t("nav.section.data")),
    PageSpec("retention.py", t("nav.page.retention"), ":material/auto_delete:", "retention.view", t("nav.section.data")),
    PageSpec("ceremonies.py", t("nav.page.ceremonies"), ":material/celebration:", "ceremonies.manage", t("nav.section.ceremony")),
    PageSpec("calls.py", t("nav.page.calls"), ":material/call:", "calls.make", t("nav.section.ceremony")),
    PageSpec("checkin.py", t("nav.page.checkin"), ":material/how_to_reg:", "checkin", t("nav.section.ceremony")),
    PageSpec("exports.py", t("nav.page.exports"), ":material/download:", "export.mailmerge", t("nav.section.ceremony")),
    PageSpec("dashboard.py", t("nav.page.dashboard"), ":material/monitoring:", "dashboard.view", t("nav.section.ceremony")),
    PageSpec("compliance.py", t("nav.page.compliance"), ":material/verified_user:", "compliance.view", t("nav.section.admin")),
    PageSpec("audit.py", t("nav.page.audit"), ":material/receipt_long:", "audit.view", t("nav.section.admin")),
    PageSpec("users.py", t("nav.page.users"), ":material/group:", "users.manage", t("nav.section.admin")),
    PageSpec("settings.py", t("nav.page.settings"), ":material/settings:", "settings.manage", t("nav.section.admin")),
)


# Pages made for a phone at the door or on the line: no reminders above them, so the
# first action stays above the fold (issue 19). The reminders show on every other page.
DESK_PAGES = ("calls.py", "checkin.py")


def is_desk(url_path: str) -> bool:
    """Whether the page at this address is a desk page (`DESK_PAGES`)."""
    return url_path in {Path(file).stem for file in DESK_PAGES}


def pages_for(role: str) -> list[PageSpec]:
    """The pages a role may open, in menu order."""
    from ceremony.auth import can

    return [p for p in PAGES if p.permission is None or can(role, p.permission)]
