"""The draft commitment letter (verbintenis) to the VCMP, filled in from the settings.

The decision of deliberation VCMP nr. 05/2024 asks every city or municipality that joins
it to send a written, signed commitment that it meets the deliberation's measures. This
draft names them one by one; anything the settings do not say yet is left as a visible
"[nog in te vullen: ...]" so that nobody signs an incomplete letter unnoticed.
"""

from __future__ import annotations

from ceremony.clock import be_date, today
from ceremony.texts import t


def _or_fill(settings: dict, key: str, what: str) -> str:
    value = str(settings.get(key) or "").strip()
    return value or t("compliance.fill_in", what=t(f"compliance.letter.what.{what}"))


def commitment_letter(settings: dict) -> str:
    """The letter as Markdown, in Dutch."""
    municipality = _or_fill(settings, "municipality", "municipality")
    controller = str(settings.get("controller") or "").strip() or municipality
    date = be_date(today())
    if str(settings.get("processor") or "").strip():
        processor_item = t(
            "compliance.letter.item.processor",
            processor=settings["processor"].strip(),
            agreement=_or_fill(settings, "processor_agreement", "agreement"),
        )
    else:
        processor_item = t("compliance.letter.item.processor_none")
    items = [
        t("compliance.letter.item.register"),
        t(
            "compliance.letter.item.retention",
            after_receipt=settings["retention_days_after_receipt"],
            after_ceremony=settings["retention_days_after_ceremony"],
        ),
        t("compliance.letter.item.access"),
        t("compliance.letter.item.inform"),
        t("compliance.letter.item.publish", url=_or_fill(settings, "deliberation_url", "url")),
        processor_item,
        t("compliance.letter.item.measures"),
        t("compliance.letter.item.transport"),
    ]
    sender = [controller]
    if settings.get("contact_email"):
        sender.append(settings["contact_email"])
    parts = [
        t("compliance.letter.draft", date=date),
        "  \n".join(sender),
        "  \n".join([t("compliance.letter.to"), t("compliance.letter.to_address")]),
        t("compliance.letter.place_date", place=t("compliance.fill_in", what=t("compliance.letter.what.place")), date=date),
        t("compliance.letter.subject"),
        t("compliance.letter.salutation"),
        t("compliance.letter.intro", municipality=municipality),
        t("compliance.letter.declare", controller=controller),
        "\n".join(f"{n}. {item}" for n, item in enumerate(items, start=1)),
        t("compliance.letter.contact", dpo=_or_fill(settings, "dpo_contact", "dpo")),
        t("compliance.letter.closing"),
        t("compliance.letter.for", municipality=municipality),
        "  \n".join([t("compliance.letter.sign_director"), t("compliance.letter.sign_mayor")]),
    ]
    return "\n\n".join(parts) + "\n"
