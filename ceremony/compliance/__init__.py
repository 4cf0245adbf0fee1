"""Proof of compliance (GDPR art. 5.2) for the administrator and the DPO: the obligations
O1..O10 of deliberation VCMP nr. 05/2024 with the live evidence the app holds, as a
Markdown report, and a filled-in draft of the commitment letter to the VCMP.

Nothing here reads a person's sealed record: the evidence is settings, counts, dates,
staff accounts, transport confirmations, the audit verdict and file permissions.
"""

from __future__ import annotations

import json
from pathlib import Path

from ceremony import audit, auth, objections, people, permissions, retention, shredder, transport
from ceremony import deliveries as delivery_table
from ceremony.clock import today, utc_iso
from ceremony.compliance import report as _report
from ceremony.compliance.document import markdown_to_docx
from ceremony.compliance.letter import commitment_letter
from ceremony.compliance.measures import all_measures
from ceremony.compliance.model import Check, Evidence, Obligation
from ceremony.compliance.obligations import Facts, assess
from ceremony.compliance.register import register_entry
from ceremony.texts import t

PERMISSION = "compliance.view"

__all__ = ["Check", "Evidence", "Obligation", "gather", "letter_docx", "letter_markdown", "report_docx",
           "report_markdown"]


def gather(store, user: permissions.User, streamlit_path: Path | None = None) -> Evidence:
    """Collect the evidence and judge every obligation (no audit: nothing personal is read)."""
    permissions.require(user, PERMISSION)
    settings = store.settings()
    deliveries = retention.delivery_overview(store)
    measures = all_measures(store, streamlit_path)
    scope = delivery_table.scope_totals(store)
    facts = Facts(
        settings=settings,
        deliveries=deliveries,
        purges=retention.purge_history(store),
        users=auth.list_users(store),
        transport_pending=transport.pending(store),
        transport_rows=_transport_rows(store, deliveries),
        measures=measures,
        actions=audit.action_counts(store),
        overdue_people=len(retention.plan_purge(store, today()).people),
        compaction_pending=bool(store.meta(shredder.COMPACT_FLAG)),
        next_purge=retention.next_purge(store),
        last_check=retention.last_check(store),
        stored_people=people.rows.count(store),
        do_not_contact=people.rows.count(store, do_not_contact=True),
        objections=objections.count(store),
        out_of_scope=scope["out_of_scope"],
        out_of_scope_reasons={key: scope[key] for key in ("window", "postcodes", "objected")},
        dropped_columns=_dropped_columns(store),
    )
    return Evidence(
        generated_at=utc_iso(),
        generated_by=user.username,
        settings=settings,
        obligations=assess(facts),
        register=register_entry(settings),
        deliveries=deliveries,
        purges=facts.purges,
        users=facts.users,
        transport=facts.transport_rows,
        measures=measures,
    )


def report_markdown(store, user: permissions.User, streamlit_path: Path | None = None) -> bytes:
    """The downloadable report (UTF-8 Markdown), audited as "compliance.report"."""
    evidence = gather(store, user, streamlit_path)
    audit.record(
        store, user.actor, "compliance.report", "", attention=[o.code for o in evidence.attention]
    )
    return _report.report(evidence).encode("utf-8")


def letter_markdown(store, user: permissions.User) -> bytes:
    """The draft commitment letter (UTF-8 Markdown), audited as "compliance.letter"."""
    permissions.require(user, PERMISSION)
    audit.record(store, user.actor, "compliance.letter")
    return commitment_letter(store.settings()).encode("utf-8")


def report_docx(store, user: permissions.User, streamlit_path: Path | None = None) -> bytes:
    """The same report as a Word document (.docx), audited as "compliance.report"."""
    return markdown_to_docx(report_markdown(store, user, streamlit_path).decode("utf-8"), _author(store))


def letter_docx(store, user: permissions.User) -> bytes:
    """The draft commitment letter as a Word document (.docx), audited as "compliance.letter"."""
    return markdown_to_docx(letter_markdown(store, user).decode("utf-8"), _author(store),
                            t("compliance.letter.document_title"))


def _author(store) -> str:
    """Who a document says wrote it: the municipality (empty before it is set)."""
    return str(store.settings().get("municipality") or "").strip()


def _transport_rows(store, deliveries: list[dict]) -> list[dict]:
    """Per delivery and checklist item: who confirmed the deletion and when (or nobody yet)."""
    rows = []
    for delivery in deliveries:
        done = transport.confirmations(store, delivery["id"])
        items = list(transport.ITEMS) + (["source_file"] if "source_file" in done else [])
        for item in items:
            found = done.get(item) or {}
            rows.append(
                {
                    "delivery": delivery["id"],
                    "item": t(f"transport.item.{item}"),
                    "confirmed_by": found.get("confirmed_by", ""),
                    "confirmed_at": found.get("confirmed_at", ""),
                }
            )
    return rows


def _dropped_columns(store) -> int:
    """How many unknown columns were left out, over all deliveries (the importer stores
    the count; deliveries imported before it did hold a list of names, counted here)."""
    total = 0
    for raw in delivery_table.dropped_columns_values(store):
        try:
            value = json.loads(raw or "0")
        except ValueError:
            continue
        total += value if isinstance(value, int) else len(value)
    return total
