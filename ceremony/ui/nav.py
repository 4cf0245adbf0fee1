"""The pages of the app, their Dutch addresses, who may see them, and their sections in the sidebar.

Each page has a Dutch URL slug (`/ontvangen`, `/belronde`, ...) from the catalogue. The
English addresses the pages had before (`/intake`, `/calls`, ...) stay valid for
bookmarks: `MOVED` maps each to its page's address, and the app server's gate redirects
them (308).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ceremony.texts import t

PAGES_DIR = Path(__file__).parent / "pages"


@dataclass(frozen=True)
class PageSpec:
    file: str
    title: str
    slug: str  # the Dutch address of the page (the start page is served at "/")
    icon: str
    permission: str | None  # None: every logged-in user
    section: str

    @property
    def path(self) -> str:
        return str(PAGES_DIR / self.file)

    @property
    def url(self) -> str:
        """The page's address on the server: "/" for the start page, else "/<slug>"."""
        return "/" if self is PAGES[0] else "/" + self.slug


PAGES = (
    PageSpec("home.py", t("nav.page.home"), t("nav.slug.home"), ":material/home:", None, t("nav.section.general")),
    PageSpec("intake.py", t("nav.page.intake"), t("nav.slug.intake"), ":material/move_to_inbox:", "intake.import", t("nav.section.data")),
    PageSpec("people.py", t("nav.page.people"), t("nav.slug.people"), ":material/person_search:", "people.view", t("nav.section.data")),
    PageSpec("retention.py", t("nav.page.retention"), t("nav.slug.retention"), ":material/auto_delete:", "retention.view", t("nav.section.data")),
    PageSpec("ceremonies.py", t("nav.page.ceremonies"), t("nav.slug.ceremonies"), ":material/celebration:", "ceremonies.manage", t("nav.section.ceremony")),
    PageSpec("calls.py", t("nav.page.calls"), t("nav.slug.calls"), ":material/call:", "calls.make", t("nav.section.ceremony")),
    PageSpec("checkin.py", t("nav.page.checkin"), t("nav.slug.checkin"), ":material/how_to_reg:", "checkin", t("nav.section.ceremony")),
    PageSpec("exports.py", t("nav.page.exports"), t("nav.slug.exports"), ":material/download:", "export.mailmerge", t("nav.section.ceremony")),
    PageSpec("dashboard.py", t("nav.page.dashboard"), t("nav.slug.dashboard"), ":material/monitoring:", "dashboard.view", t("nav.section.ceremony")),
    PageSpec("compliance.py", t("nav.page.compliance"), t("nav.slug.compliance"), ":material/verified_user:", "compliance.view", t("nav.section.admin")),
    PageSpec("audit.py", t("nav.page.audit"), t("nav.slug.audit"), ":material/receipt_long:", "audit.view", t("nav.section.admin")),
    PageSpec("users.py", t("nav.page.users"), t("nav.slug.users"), ":material/group:", "users.manage", t("nav.section.admin")),
    PageSpec("settings.py", t("nav.page.settings"), t("nav.slug.settings"), ":material/settings:", "settings.manage", t("nav.section.admin")),
)

# the English addresses of the first versions -> the page's Dutch address
MOVED = {"/" + Path(p.file).stem: p.url for p in PAGES[1:] if Path(p.file).stem != p.slug}
# our own pages only: a `next` outside this set becomes "/" (no open redirect)
PAGE_PATHS = frozenset(p.url for p in PAGES)


def safe_next(value: str | None) -> str:
    """The page to return to after sign-in: one of ours, or the start page."""
    value = (value or "/").split("?")[0].split("#")[0]
    value = MOVED.get(value, value)  # an old English address: its page's Dutch one
    return value if value in PAGE_PATHS else "/"


# Pages made for a phone at the door or on the line: no reminders above them, so the
# first action stays above the fold. The reminders show on every other page.
DESK_PAGES = ("calls.py", "checkin.py")


def is_desk(url_path: str) -> bool:
    """Whether the page at this address is a desk page (`DESK_PAGES`)."""
    return url_path in {p.slug for p in PAGES if p.file in DESK_PAGES}


def pages_for(role: str) -> list[PageSpec]:
    """The pages a role may open, in menu order."""
    from ceremony.permissions import can

    return [p for p in PAGES if p.permission is None or can(role, p.permission)]
