"""The privacy notice that goes with every invitation (deliberation par. 51, obligation O4).

It tells the person where their data came from (AgII, VCMP deliberation 05/2024), why it
is used, how long it is kept and how to exercise their rights and reach the DPO. The
administrator may replace the standard text with the setting `privacy_notice`; the
placeholders below are filled in, anything else in braces stays as written.
"""

from __future__ import annotations

import re
from typing import Any

from ceremony.texts import t

# placeholder -> what it is filled with (shown on the Export page)
PLACEHOLDERS = (
    "gemeente",
    "contact",
    "dpo",
    "bewaartermijn",
    "dagen_na_ontvangst",
    "dagen_na_ceremonie",
    "beraadslaging",
)

# settings the standard text needs to be complete
NEEDED_SETTINGS = ("municipality", "contact_email", "dpo_contact", "deliberation_url")

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def retention_phrase(settings: dict[str, Any]) -> str:
    """How long data is kept, as a phrase that follows 'We bewaren uw gegevens ...'."""
    after_ceremony = int(settings["retention_days_after_ceremony"])
    after_receipt = int(settings["retention_days_after_receipt"])
    if after_ceremony == 0:
        return t("exports.privacy.term_same_day", after_receipt=after_receipt)
    return t("exports.privacy.term", after_ceremony=after_ceremony, after_receipt=after_receipt)


def placeholder_values(settings: dict[str, Any]) -> dict[str, str]:
    """The value of every placeholder; an empty setting gets a general wording."""

    def value(key: str, fallback: str) -> str:
        return str(settings.get(key) or "").strip() or t(f"exports.privacy.fallback.{fallback}")

    return {
        "gemeente": value("municipality", "gemeente"),
        "contact": value("contact_email", "contact"),
        "dpo": value("dpo_contact", "dpo"),
        "bewaartermijn": retention_phrase(settings),
        "dagen_na_ontvangst": str(settings["retention_days_after_receipt"]),
        "dagen_na_ceremonie": str(settings["retention_days_after_ceremony"]),
        "beraadslaging": str(settings.get("deliberation_url") or ""),
    }


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """Replace known `{name}` placeholders; unknown ones and stray braces stay as they are."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def standard_notice(settings: dict[str, Any]) -> str:
    """The built-in notice, one paragraph per line, from the installation's settings."""
    values = placeholder_values(settings)
    origin = t("exports.privacy.origin", **values)
    if settings.get("deliberation_url"):
        origin += " " + t("exports.privacy.origin_link", **values)
    dpo_key = (
        "exports.privacy.dpo" if settings.get("dpo_contact") else "exports.privacy.dpo_unknown"
    )
    paragraphs = [
        t("exports.privacy.title"),
        origin,
        t("exports.privacy.purpose"),
        t("exports.privacy.retention", **values),
        t("exports.privacy.rights", **values),
        t(dpo_key, **values) + " " + t("exports.privacy.complaint"),
    ]
    return "\n".join(paragraphs)


def notice_text(settings: dict[str, Any]) -> str:
    """The notice to print: the custom setting with placeholders filled, else the standard text."""
    custom = str(settings.get("privacy_notice") or "").strip()
    if custom:
        return fill_placeholders(custom, placeholder_values(settings))
    return standard_notice(settings)


def privacy_notice(store) -> str:
    """The notice for this installation (no personal data in it)."""
    return notice_text(store.settings())


def missing_settings(settings: dict[str, Any]) -> list[str]:
    """Settings the notice relies on that are still empty (keys)."""
    return [key for key in NEEDED_SETTINGS if not str(settings.get(key) or "").strip()]
