"""The audit trail as a person reads it: a Dutch label per action, targets as "persoon 157",
details as a short Dutch sentence and moments in Belgian time (dd/mm/jjjj uu:mm).

The stored trail is not touched (codes, UTC ISO moments, JSON details): this module only
words it for the Auditlog page. An action, target kind, detail or value without a text in
the catalogue is shown as stored, so a new action is never hidden.
"""

from __future__ import annotations

import json
import re

from ceremony.clock import be_date, be_datetime
from ceremony.config import SETTINGS
from ceremony.texts import CATALOGUE, t

# catalogue prefixes (texts in ceremony/texts/views.py)
ACTION = "views.audit.action."
TARGET = "views.audit.target."
DETAIL = "views.audit.detail."
VALUE = "views.audit.value."
ACTOR = "views.audit.actor."
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def action_label(action: str) -> str:
    """"login.success" -> "Aangemeld"; "cli.import" -> "Opdrachtregel: import"; unknown as is."""
    if ACTION + action in CATALOGUE:
        return t(ACTION + action)
    if action.startswith("cli."):
        return t("views.audit.cli", command=action.removeprefix("cli.").replace("_", " "))
    return action


def target_label(target: str) -> str:
    """"person:157" -> "persoon 157"; empty stays empty; unknown kinds as stored."""
    kind, _, ident = target.partition(":")
    if kind == "setting" and ident in SETTINGS:
        return t(TARGET + kind, id=SETTINGS[ident].label)
    if ident and TARGET + kind in CATALOGUE:
        return t(TARGET + kind, id=ident)
    return target


def actor_label(actor: str) -> str:
    """"user:anna" -> "anna", "cli:root" -> "opdrachtregel (root)", "system:start-up" -> "systeem (opstarten)"."""
    if actor == "anonymous":
        return t("views.audit.actor.anonymous")
    kind, _, name = actor.partition(":")
    if kind == "user" and name:
        return name
    if kind == "cli":
        return t("views.audit.actor.cli", name=name)
    if kind == "system":
        part = t(ACTOR + "system." + name) if ACTOR + "system." + name in CATALOGUE else name
        return t("views.audit.actor.system", part=part) if part else t("views.audit.actor.system_plain")
    return actor


def _value(key: str, value: object) -> str:
    if isinstance(value, bool):
        return t("views.audit.yes") if value else t("views.audit.no")
    if isinstance(value, list):
        return ", ".join(_value(key, item) for item in value) or t("views.audit.none")
    if isinstance(value, str) and ISO_DAY.match(value):
        return be_date(value)
    if isinstance(value, str) and ISO_MOMENT.match(value):
        return be_datetime(value)
    if isinstance(value, str):
        codes = [f"{VALUE}{key}.{value}"]
        codes += [f"columns.field.{value}"] if key == "fields" else []
        codes += [f"role.{value}"] if key in ("old", "new", "role") else []
        for code in codes:
            if code in CATALOGUE:
                return t(code)
    return str(value)


def details_text(details: str) -> str:
    """The JSON details as "uitkomst: gelukt · aantal: 3" (unknown keys by their code)."""
    try:
        data = json.loads(details or "{}")
    except ValueError:
        return details
    if not isinstance(data, dict):
        return str(data)
    parts = []
    for key, value in data.items():
        label = t(DETAIL + key) if DETAIL + key in CATALOGUE else key
        parts.append(f"{label}: {_value(key, value)}")
    return " · ".join(parts)


def readable(entry: dict) -> dict:
    """One audit row (from `audit.entries`) as the page shows it."""
    return {
        "id": entry["id"],
        "at": be_datetime(entry["at"]),
        "actor": actor_label(entry["actor"]),
        "action": action_label(entry["action"]),
        "target": target_label(entry["target"]),
        "details": details_text(entry["details"]),
    }
