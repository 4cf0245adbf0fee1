"""Paths and settings.

The data directory comes from `--data-dir`, else `CEREMONY_DATA_DIR`, else `./data`.
The key file is `<data>/keys/master.key` unless `CEREMONY_KEY_FILE` names another path;
the audit anchor and the shred ledger sit beside it (`CEREMONY_ANCHOR_FILE` moves both).
Settings live in the database; each has a default, a validator and a Dutch label.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ceremony.errors import InvalidInput
from ceremony.texts import t

DB_NAME = "ceremony.db"


@dataclass(frozen=True)
class Paths:
    """Where one installation keeps its state."""

    data_dir: Path

    @property
    def db(self) -> Path:
        return self.data_dir / DB_NAME

    @property
    def key_file(self) -> Path:
        override = os.environ.get("CEREMONY_KEY_FILE")
        return Path(override) if override else self.data_dir / "keys" / "master.key"

    @property
    def anchor_file(self) -> Path:
        """The audit anchor outside the database: beside the key file unless
        `CEREMONY_ANCHOR_FILE` names another path."""
        override = os.environ.get("CEREMONY_ANCHOR_FILE")
        return Path(override) if override else self.key_file.parent / "audit.anchor"

    @property
    def ledger_file(self) -> Path:
        """The shred ledger, beside the anchor."""
        return self.anchor_file.parent / "shred.ledger"


def resolve_paths(data_dir: str | os.PathLike | None = None) -> Paths:
    """The installation's paths from an argument, the environment or the default."""
    chosen = data_dir or os.environ.get("CEREMONY_DATA_DIR") or "data"
    return Paths(Path(chosen).expanduser().resolve())


# --- settings -------------------------------------------------------------------------


def _int_range(lo: int, hi: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        try:
            value = int(str(raw).strip())
        except ValueError:
            raise ValueError(t("settings.hint.int_range", lo=lo, hi=hi)) from None
        if not lo <= value <= hi:
            raise ValueError(t("settings.hint.int_range", lo=lo, hi=hi))
        return value

    parse.bounds = (lo, hi)  # the settings page draws a number field with this range
    return parse


WINDOW_MONTHS = (12, 24)


def _window(raw: str) -> int:
    if str(raw).strip() not in {str(n) for n in WINDOW_MONTHS}:
        raise ValueError(t("settings.hint.window"))
    return int(raw)


_window.choices = WINDOW_MONTHS  # the settings page offers exactly these


def _postcodes(raw: str | list) -> list[str]:
    items = raw if isinstance(raw, list) else re.split(r"[,;\s]+", str(raw))
    codes = [str(item).strip() for item in items if str(item).strip()]
    if any(not re.fullmatch(r"[1-9]\d{3}", code) for code in codes):
        raise ValueError(t("settings.hint.postcodes"))
    return sorted(set(codes))


def _text(limit: int) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = str(raw).strip()
        if len(value) > limit:
            raise ValueError(t("settings.hint.text", n=limit))
        return value

    return parse


def _url(raw: str) -> str:
    value = str(raw).strip()
    if value and not re.fullmatch(r"https://\S+", value):
        raise ValueError(t("settings.hint.url"))
    return value


def _base_url(raw: str) -> str:
    """An https address without query or fragment (the answer link is built on it)."""
    value = str(raw).strip().rstrip("/")
    if value and not re.fullmatch(r"https://[A-Za-z0-9.-]+(?::\d{1,5})?(?:/[A-Za-z0-9._~%/-]*)?", value):
        raise ValueError(t("settings.hint.base_url"))
    return value


def _phone(raw: str) -> str:
    value = " ".join(str(raw).split())
    if value and not re.fullmatch(r"\+?[0-9][0-9 ./()-]{5,24}", value):
        raise ValueError(t("settings.hint.phone"))
    return value


def _email(raw: str) -> str:
    value = str(raw).strip()
    if value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise ValueError(t("settings.hint.email"))
    return value


_TRUE = ("true", "1", "ja", "yes", "aan", "on")
_FALSE = ("false", "0", "nee", "no", "uit", "off")


def _bool(raw: str | bool) -> bool:
    if isinstance(raw, bool):
        return raw
    value = str(raw).strip().lower()
    if value not in _TRUE + _FALSE:
        raise ValueError(t("signin.settings.hint.bool"))
    return value in _TRUE


def _host(raw: str) -> str:
    value = str(raw).strip()
    if value and not re.fullmatch(r"[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]+\]", value):
        raise ValueError(t("settings.hint.host"))
    return value


# the default e-mail invitation in klare taal; the fields are listed in the README
DEFAULT_MAIL_SUBJECT = t("mail.subject.default")


@dataclass(frozen=True)
class Setting:
    """One setting: its key, default and validator; its Dutch label is `settings.label.<key>`."""

    key: str
    default: Any
    parse: Callable[[Any], Any]

    @property
    def label(self) -> str:
        return t(f"settings.label.{self.key}")


SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("municipality", "", _text(120)),
        Setting("postcodes", [], _postcodes),
        Setting("certificate_window_months", 12, _window),
        Setting("retention_days_after_receipt", 365, _int_range(1, 3650)),
        Setting("retention_days_after_ceremony", 30, _int_range(0, 3650)),
        Setting("session_timeout_minutes", 15, _int_range(5, 240)),
        Setting("session_max_hours", 10, _int_range(1, 24)),
        Setting("require_totp", True, _bool),
        Setting("call_claim_minutes", 10, _int_range(1, 120)),
        Setting("controller", "", _text(300)),
        Setting("contact_email", "", _email),
        Setting("dpo_contact", "", _text(300)),
        Setting("deliberation_url", "", _url),
        Setting("processor", "", _text(300)),
        Setting("processor_agreement", "", _text(300)),
        Setting("max_spin_count", 100_000, _int_range(100_000, 10_000_000)),
        Setting("privacy_notice", "", _text(4000)),
        Setting("smtp_host", "", _host),
        Setting("smtp_port", 587, _int_range(1, 65535)),
        Setting("smtp_starttls", True, _bool),
        Setting("smtp_from", "", _email),
        Setting("smtp_user", "", _text(200)),
        Setting("mail_rate_per_minute", 60, _int_range(1, 3000)),
        Setting("mail_subject", DEFAULT_MAIL_SUBJECT, _text(200)),
        Setting("mail_body", "", _text(8000)),
        Setting("reminder_days", 7, _int_range(0, 60)),
        Setting("answer_base_url", "", _base_url),
        Setting("max_companions", 3, _int_range(0, 10)),
        Setting("municipality_phone", "", _phone),
        Setting("answer_bring", "", _text(300)),
    )
}


def parse_setting(key: str, raw: Any) -> Any:
    """Validate `raw` for setting `key`; raise InvalidInput with a Dutch hint."""
    setting = SETTINGS.get(key)
    if setting is None:
        raise InvalidInput(t("settings.unknown", key=key, keys=", ".join(SETTINGS)))
    try:
        return setting.parse(raw)
    except ValueError as exc:
        raise InvalidInput(t("settings.invalid", key=setting.label, hint=str(exc))) from None


def dump_value(value: Any) -> str:
    """Settings are stored as JSON text."""
    return json.dumps(value, ensure_ascii=False)
