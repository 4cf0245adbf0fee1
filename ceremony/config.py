"""Paths and settings.

The data directory comes from `--data-dir`, else `CEREMONY_DATA_DIR`, else `./data`.
The key file is `<data>/keys/master.key` unless `CEREMONY_KEY_FILE` names another path.
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

    return parse


def _window(raw: str) -> int:
    if str(raw).strip() not in ("12", "24"):
        raise ValueError(t("settings.hint.window"))
    return int(raw)


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


def _email(raw: str) -> str:
    value = str(raw).strip()
    if value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise ValueError(t("settings.hint.email"))
    return value


@dataclass(frozen=True)
class Setting:
    key: str
    label: str
    default: Any
    parse: Callable[[Any], Any]


SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("municipality", "Naam van het lokaal bestuur", "", _text(120)),
        Setting("postcodes", "Postcodes van de gemeente", [], _postcodes),
        Setting("certificate_window_months", "Venster inburgeringsattest (maanden)", 12, _window),
        Setting("retention_days_after_receipt", "Bewaartermijn na ontvangst (dagen)", 365, _int_range(1, 3650)),
        Setting("retention_days_after_ceremony", "Bewaartermijn na de ceremonie (dagen)", 30, _int_range(0, 3650)),
        Setting("session_timeout_minutes", "Sessie verloopt na (minuten zonder activiteit)", 15, _int_range(5, 240)),
        Setting("call_claim_minutes", "Belronde: een persoon blijft zoveel minuten bij één beller", 10, _int_range(1, 120)),
        Setting("controller", "Verwerkingsverantwoordelijke (art. 30)", "", _text(300)),
        Setting("contact_email", "Contactadres van de gemeente voor inwoners", "", _email),
        Setting("dpo_contact", "Contact van de functionaris voor gegevensbescherming", "", _text(300)),
        Setting("deliberation_url", "Webadres waar de beraadslaging gepubliceerd is", "", _url),
        Setting("processor", "Verwerker (bv. IT-leverancier), of leeg", "", _text(300)),
        Setting("processor_agreement", "Verwerkersovereenkomst (art. 28): referentie en datum", "", _text(300)),
        Setting("max_spin_count", t("settings.label.max_spin_count"), 100_000, _int_range(100_000, 10_000_000)),
        Setting("privacy_notice", "Privacytekst voor uitnodigingen (leeg = standaardtekst)", "", _text(4000)),
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
        raise InvalidInput(t("settings.invalid", key=key, hint=str(exc))) from None


def dump_value(value: Any) -> str:
    """Settings are stored as JSON text."""
    return json.dumps(value, ensure_ascii=False)
