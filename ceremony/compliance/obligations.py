"""The obligations O1..O10 (docs/brief.md; the decision of deliberation VCMP nr. 05/2024),
each judged from live facts: "in orde" or "aandacht nodig", with the reason and evidence.

`Facts` is read once per report; every function here only looks at it. No fact holds a
personal value: settings, counts, dates, staff accounts and the audit verdict.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ceremony import permissions
from ceremony.clock import be_date, be_datetime, now_utc, parse_utc
from ceremony.compliance.model import Check, Obligation
from ceremony.compliance.register import REQUIRED, filled, missing
from ceremony.config import SETTINGS
from ceremony.intake.importer import scope_reasons_text
from ceremony.texts import t

STALE_DAYS = 90
RIGHTS_ACTIONS = ("person.access_export", "person.rectify", "person.erase", "person.objection", "person.do_not_contact")


@dataclass
class Facts:
    """What the obligations are judged on (read by ceremony.compliance.gather)."""

    settings: dict
    deliveries: list[dict]  # retention.delivery_overview
    purges: list[dict]
    users: list[dict]  # auth.list_users
    transport_pending: list[int]
    transport_rows: list[dict]
    measures: list[Check]
    actions: dict[str, int]  # audit action -> count
    overdue_people: int
    compaction_pending: bool
    next_purge: dt.date | None
    last_check: dict | None
    stored_people: int
    do_not_contact: int
    objections: int
    out_of_scope: int
    out_of_scope_reasons: dict[str, int]  # window / postcodes / objected -> rows
    dropped_columns: int


def _labels(keys: list[str]) -> str:
    return ", ".join(SETTINGS[key].label for key in keys)


def _obligation(n: int, ok: bool, reason: str, evidence: list[Check]) -> Obligation:
    return Obligation(f"O{n}", t(f"compliance.o{n}.title"), ok, reason, evidence)


def o1_register(facts: Facts) -> Obligation:
    gaps = missing(facts.settings, REQUIRED)
    reason = t("compliance.o1.missing", fields=_labels(gaps)) if gaps else t("compliance.o1.ok")
    evidence = [Check(SETTINGS[key].label, filled(facts.settings, key), key not in gaps) for key in REQUIRED]
    evidence.append(Check(t("compliance.o1.entry"), t("compliance.o1.entry_value")))
    return _obligation(1, not gaps, reason, evidence)


def o2_retention(facts: Facts) -> Obligation:
    s = facts.settings
    if facts.overdue_people:
        ok, reason = False, t("compliance.o2.overdue", n=facts.overdue_people)
    elif facts.compaction_pending:
        ok, reason = False, t("compliance.o2.compaction")
    else:
        ok, reason = True, t("compliance.o2.ok")
    last = facts.last_check
    evidence = [
        Check(
            t("compliance.o2.terms"),
            t(
                "compliance.o2.terms_value",
                after_receipt=s["retention_days_after_receipt"],
                after_ceremony=s["retention_days_after_ceremony"],
            ),
        ),
        Check(t("compliance.o2.next"), be_date(facts.next_purge) or t("compliance.none")),
        Check(t("compliance.o2.last_check"), be_datetime(last["at"]) if last else t("compliance.o2.never")),
        Check(t("compliance.o2.stored"), str(facts.stored_people)),
        Check(t("compliance.o2.purged"), str(sum(d["purged"] for d in facts.deliveries))),
    ]
    return _obligation(2, ok, reason, evidence)


def _stale_accounts(users: list[dict], now: dt.datetime) -> int:
    limit = now - dt.timedelta(days=STALE_DAYS)
    return sum(1 for u in users if u["active"] and parse_utc(u["last_login_at"] or u["created_at"]) < limit)


def o3_access(facts: Facts) -> Obligation:
    active = [u for u in facts.users if u["active"]]
    stale = _stale_accounts(facts.users, now_utc())
    if stale:
        reason = t("compliance.o3.stale", n=stale, days=STALE_DAYS)
    else:
        reason = t("compliance.o3.ok", n=len(active), days=STALE_DAYS)
    roles = ", ".join(
        f"{t('role.' + role)}: {sum(1 for u in active if u['role'] == role)}" for role in permissions.ROLES
    )
    a = facts.actions
    evidence = [
        Check(t("compliance.o3.roles"), roles),
        Check(t("compliance.o3.least_privilege"), t("compliance.o3.least_privilege_value"), True),
        Check(
            t("compliance.o3.audit"),
            t(
                "compliance.o3.audit_value",
                searches=a.get("people.search", 0),
                opens=a.get("person.open", 0),
                exports=sum(n for action, n in a.items() if action.startswith("export.")),
            ),
        ),
    ]
    return _obligation(3, not stale, reason, evidence)


def o4_inform(facts: Facts) -> Obligation:
    gaps = missing(facts.settings, ("contact_email", "dpo_contact"))
    reason = t("compliance.o4.missing", fields=_labels(gaps)) if gaps else t("compliance.o4.ok")
    custom = bool(str(facts.settings.get("privacy_notice") or "").strip())
    requests = sum(facts.actions.get(action, 0) for action in RIGHTS_ACTIONS)
    evidence = [
        Check(
            t("compliance.o4.notice"),
            t("compliance.o4.notice_custom") if custom else t("compliance.o4.notice_default"),
        ),
        *(Check(SETTINGS[key].label, filled(facts.settings, key), key not in gaps) for key in ("contact_email", "dpo_contact")),
        Check(t("compliance.o4.requests"), str(requests)),
    ]
    return _obligation(4, not gaps, reason, evidence)


def o5_publish(facts: Facts) -> Obligation:
    url = str(facts.settings.get("deliberation_url") or "").strip()
    reason = t("compliance.o5.ok") if url else t("compliance.o5.missing")
    return _obligation(5, bool(url), reason, [Check(t("compliance.o5.url"), filled(facts.settings, "deliberation_url"), bool(url))])


def o6_processor(facts: Facts) -> Obligation:
    processor = str(facts.settings.get("processor") or "").strip()
    agreement = str(facts.settings.get("processor_agreement") or "").strip()
    if not processor:
        ok, reason = True, t("compliance.o6.ok_none")
    else:
        ok = bool(agreement)
        reason = t("compliance.o6.ok") if ok else t("compliance.o6.missing")
    evidence = [
        Check(t("compliance.o6.processor"), filled(facts.settings, "processor")),
        Check(t("compliance.o6.agreement"), filled(facts.settings, "processor_agreement"), ok if processor else None),
    ]
    return _obligation(6, ok, reason, evidence)


def o7_measures(facts: Facts) -> Obligation:
    problems = [check.problem for check in facts.measures if check.ok is False]
    reason = t("compliance.o7.problems", items="; ".join(problems)) if problems else t("compliance.o7.ok")
    return _obligation(7, not problems, reason, list(facts.measures))


def o8_transport(facts: Facts) -> Obligation:
    total = len(facts.deliveries)
    if facts.transport_pending:
        ok = False
        reason = t("compliance.o8.pending", ids=", ".join(f"#{i}" for i in facts.transport_pending))
    else:
        ok, reason = True, t("compliance.o8.ok") if total else t("compliance.o8.none")
    evidence = [
        Check(t("compliance.o8.in_memory"), t("compliance.o8.in_memory_value"), True),
        Check(t("compliance.o8.confirmed"), f"{total - len(facts.transport_pending)} / {total}", ok),
    ]
    return _obligation(8, ok, reason, evidence)


def o9_rights(facts: Facts) -> Obligation:
    handlers = sum(1 for u in facts.users if u["active"] and permissions.can(u["role"], "people.erase"))
    reason = t("compliance.o9.ok", n=handlers) if handlers else t("compliance.o9.nobody")
    a = facts.actions
    evidence = [
        Check(t("compliance.o9.access"), str(a.get("person.access_export", 0))),
        Check(t("compliance.o9.rectify"), str(a.get("person.rectify", 0))),
        Check(t("compliance.o9.erase"), str(a.get("person.erase", 0))),
        Check(t("compliance.o9.objection"), str(a.get("person.objection", 0))),
        Check(t("compliance.o9.dnc_marked"), str(a.get("person.do_not_contact", 0))),
        Check(t("compliance.o9.do_not_contact"), str(facts.do_not_contact)),
        Check(t("compliance.o9.objections"), str(facts.objections)),
    ]
    return _obligation(9, bool(handlers), reason, evidence)


def o10_minimisation(facts: Facts) -> Obligation:
    postcodes = facts.settings.get("postcodes") or []
    reason = t("compliance.o10.ok") if postcodes else t("compliance.o10.no_postcodes")
    evidence = [
        Check(t("compliance.o10.fields"), t("compliance.o10.fields_value")),
        Check(
            t("compliance.o10.window"),
            t("compliance.o10.window_value", months=facts.settings["certificate_window_months"]),
        ),
        Check(t("compliance.o10.postcodes"), filled(facts.settings, "postcodes"), bool(postcodes)),
        Check(
            t("compliance.o10.out_of_scope"),
            scope_reasons_text(facts.out_of_scope, facts.out_of_scope_reasons) if facts.out_of_scope else "0",
        ),
        Check(t("compliance.o10.dropped"), str(facts.dropped_columns)),
        Check(t("compliance.o10.answer_page"), t("compliance.o10.answer_page_value")),
    ]
    return _obligation(10, bool(postcodes), reason, evidence)


ALL = (
    o1_register, o2_retention, o3_access, o4_inform, o5_publish,
    o6_processor, o7_measures, o8_transport, o9_rights, o10_minimisation,
)


def assess(facts: Facts) -> list[Obligation]:
    """Every obligation O1..O10, in order."""
    return [judge(facts) for judge in ALL]
