"""The compliance report as Markdown: summary, each obligation with its evidence, the art. 30
register entry, deliveries and purge dates, purge history, users, transport confirmations
and technical measures. The page shows the same sections with `st.markdown`."""

from __future__ import annotations

from ceremony.auditlog import actor_label
from ceremony.clock import be_date, be_datetime
from ceremony.compliance.model import Check, Evidence, Obligation
from ceremony.plain import plain
from ceremony.texts import CATALOGUE, t

# plain symbols: they render in every font, also on a server without emoji fonts
ICONS = {True: "✔", False: "⚠", None: ""}


def cell(value) -> str:
    """Text that shows as itself inside a Markdown table cell: a setting holding `[x](url)`, an
    image or `|` stays text; a URL (the deliberation) stays a usable address."""
    return plain(value, links=True)


def table(headers: list[str], rows: list[list]) -> str:
    """A Markdown table; "Geen." when there are no rows."""
    if not rows:
        return t("compliance.report.empty")
    lines = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def status(ok: bool | None) -> str:
    """Status word with its icon."""
    key = {True: "ok", False: "attention", None: "info"}[ok]
    return f"{ICONS[ok]} {t('compliance.status.' + key)}".strip()


def _code(prefix: str, value) -> str:
    return CATALOGUE.get(f"{prefix}.{value}", str(value or ""))


def summary(evidence: Evidence) -> str:
    headers = [t(f"compliance.report.col.{k}") for k in ("code", "obligation", "status", "reason")]
    return table(headers, [[o.code, o.title, status(o.ok), o.reason] for o in evidence.obligations])


def checks(items: list[Check]) -> str:
    headers = [t("compliance.report.col.item"), t("compliance.report.col.value"), t("compliance.report.col.status")]
    return table(headers, [[c.label, c.value, status(c.ok)] for c in items])


def obligation(item: Obligation) -> str:
    """One obligation: its status line and its evidence table."""
    line = t("compliance.report.status_line", status=status(item.ok), reason=item.reason)
    return f"{line}\n\n{checks(item.evidence)}"


def register(evidence: Evidence) -> str:
    return table([t("compliance.report.col.item"), t("compliance.report.col.value")], list(evidence.register))


def deliveries(evidence: Evidence) -> str:
    keys = ("delivery", "received", "status", "rows", "stored_now", "purged", "purge_date", "purged_at", "reason")
    rows = [
        [
            f"#{d['id']}",
            be_date(d["received_at"]),
            t(f"compliance.delivery.{d['status']}"),
            d["received"],
            d["stored_now"],
            d["purged"],
            be_date(d["purge_date"]),
            be_date(d["purged_at"]),
            _code("compliance.reason", d["purge_reason"]),
        ]
        for d in evidence.deliveries
    ]
    return table([t(f"compliance.col.{k}") for k in keys], rows)


def purges(evidence: Evidence) -> str:
    keys = ("at", "by", "trigger", "people", "deliveries")
    rows = [
        [be_datetime(p["at"]), actor_label(p["actor"]), _code("compliance.trigger", p["trigger"]), p["purged_people"], p["purged_deliveries"]]
        for p in evidence.purges
    ]
    return table([t(f"compliance.col.{k}") for k in keys], rows)


def users(evidence: Evidence) -> str:
    keys = ("username", "role", "active", "created", "last_login")
    rows = [
        [
            u["username"],
            t("role." + u["role"]),
            t("compliance.yes") if u["active"] else t("compliance.no"),
            be_date(u["created_at"]),
            be_datetime(u["last_login_at"]) or t("compliance.o2.never"),
        ]
        for u in evidence.users
    ]
    return table([t(f"compliance.col.{k}") for k in keys], rows)


def transport(evidence: Evidence) -> str:
    keys = ("delivery", "item", "confirmed_by", "confirmed_at")
    rows = [
        [
            f"#{r['delivery']}",
            r["item"],
            actor_label(r["confirmed_by"]) if r["confirmed_by"] else t("compliance.col.not_confirmed"),
            be_datetime(r["confirmed_at"]),
        ]
        for r in evidence.transport
    ]
    return table([t(f"compliance.col.{k}") for k in keys], rows)


# (title key, renderer) of the sections after the obligations, in report order; the
# technical measures are O7's evidence
SECTIONS = (
    ("compliance.reg.title", register),
    ("compliance.report.deliveries", deliveries),
    ("compliance.report.purges", purges),
    ("compliance.report.users", users),
    ("compliance.report.transport", transport),
)


def report(evidence: Evidence) -> str:
    """The whole report as one Markdown document."""
    municipality = evidence.settings.get("municipality") or t("compliance.not_filled")
    parts = [
        "# " + t("compliance.report.title", municipality=plain(municipality, links=True)),
        t("compliance.report.made", moment=be_datetime(evidence.generated_at), user=evidence.generated_by),
        t("compliance.report.basis"),
        "## " + t("compliance.report.summary"),
        summary(evidence),
    ]
    for item in evidence.obligations:
        parts += [f"## {item.code} – {item.title}", obligation(item)]
    for title_key, render in SECTIONS:
        parts += ["## " + t(title_key), render(evidence)]
    return "\n\n".join(parts) + "\n"
