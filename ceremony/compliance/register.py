"""The processing-register entry (art. 30.1 GDPR) generated from the settings (obligation O1)."""

from __future__ import annotations

from ceremony.texts import t

# settings the register entry needs (setting key -> label shown when it is missing)
REQUIRED = ("municipality", "controller", "contact_email", "dpo_contact")


def filled(settings: dict, key: str) -> str:
    """A setting's value, or the words "nog niet ingevuld"."""
    value = settings.get(key)
    if isinstance(value, list):
        value = ", ".join(value)
    return str(value).strip() if value not in (None, "", []) else t("compliance.not_filled")


def missing(settings: dict, keys=REQUIRED) -> list[str]:
    """The keys among `keys` whose setting is empty."""
    return [key for key in keys if not str(settings.get(key) or "").strip()]


def unfilled(settings: dict) -> list[str]:
    """Settings the obligations need that are still empty: the one list that Verantwoording
    and the administrator's reminder on Start both show."""
    keys = [*REQUIRED, "postcodes", "deliberation_url"]
    if str(settings.get("processor") or "").strip():
        keys.append("processor_agreement")
    return missing(settings, keys)


def register_entry(settings: dict) -> list[tuple[str, str]]:
    """(part, content) rows of the art. 30 entry: controller, purposes, categories,
    recipients, transfers, retention and security measures."""
    controller = settings.get("controller") or settings.get("municipality")
    processor = settings.get("processor") or t("compliance.none")
    return [
        (t("compliance.reg.name"), t("compliance.reg.name_value")),
        (t("compliance.reg.controller"), controller or t("compliance.not_filled")),
        (t("compliance.reg.contact"), filled(settings, "contact_email")),
        (t("compliance.reg.dpo"), filled(settings, "dpo_contact")),
        (t("compliance.reg.purposes"), t("compliance.reg.purposes_value")),
        (t("compliance.reg.legal"), t("compliance.reg.legal_value")),
        (
            t("compliance.reg.subjects"),
            t(
                "compliance.reg.subjects_value",
                months=settings["certificate_window_months"],
                postcodes=filled(settings, "postcodes"),
            ),
        ),
        (t("compliance.reg.data"), t("compliance.reg.data_value")),
        (t("compliance.reg.source"), t("compliance.reg.source_value")),
        (t("compliance.reg.recipients"), t("compliance.reg.recipients_value", processor=processor)),
        (t("compliance.reg.transfers"), t("compliance.reg.transfers_value")),
        (
            t("compliance.reg.retention"),
            t(
                "compliance.reg.retention_value",
                after_receipt=settings["retention_days_after_receipt"],
                after_ceremony=settings["retention_days_after_ceremony"],
            ),
        ),
        (t("compliance.reg.security"), t("compliance.reg.security_value")),
    ]
