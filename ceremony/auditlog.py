"""The audit trail as a person reads it: a Dutch label per action, targets as "persoon 157",
details as a short Dutch sentence and moments in Belgian time (dd/mm/jjjj uu:mm).

The stored trail is not touched (codes, UTC ISO moments, JSON details): this module only
words it for the Auditlog page, with the `views.audit.*` texts of ceremony/texts/views.py
(and the app's own texts for roles, channels, answers, call outcomes and fields). A list
of people shows as a count, never as ids. An action, target kind, detail or value without a text is
shown as stored, so a new action is never hidden; `tests/test_audit_dutch.py` checks that
every code the code base writes has its text.
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
# text families of values the app words elsewhere too (tried after VALUE + "<key>.<value>")
SHARED_VALUES = {
    "fields": ("columns.field.", "rights.field."),
    "role": ("role.",), "old": ("role.",), "new": ("role.",),
    "channel": ("ceremonies.channel.",),
    "answer": ("ceremonies.answer.",),
    "outcome": ("calls.outcome.",),
    "item": ("transport.item.",),
}
# a detail whose values mean something else for one action: (action, key) -> key of its texts
VALUE_KEY = {("session.revoked", "reason"): "revoked_reason"}
# details of people shown as a count
PEOPLE_LISTS = ("person_ids",)
# detail names and values that older entries hold and the code no longer writes
RETIRED = {"selection": ("channel", "all")}
# codes the code writes only inside a longer string: system actors ("system:restore") and
# refusal reasons built as "sso_" + the blocked reason (signing_in)
COMPOSED = ("first-run", "restore", "sso_disabled", "sso_locked")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def action_label(action: str) -> str:
    """"login.success" -> "Aangemeld"; "cli.import" -> "Opdrachtregel: import"; unknown as is."""
    if ACTION + action in CATALOGUE:
        return t(ACTION + action)
    if action.startswith("cli."):
        command = action.removeprefix("cli.").replace("_", " ").replace(".", " ")
        return t("views.audit.cli", command=command)
    return action


def target_label(target: str) -> str:
    """"person:157" -> "persoon 157"; empty stays empty; unknown kinds as stored."""
    kind, _, ident = target.partition(":")
    if kind == "setting" and ident in SETTINGS:
        return t(TARGET + kind, id=SETTINGS[ident].label)
    if kind and TARGET + kind in CATALOGUE:
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


def value_text(key: str, value: str, action: str = "") -> str | None:
    """The Dutch text of a code stored as a detail value, or None when it has none."""
    key = VALUE_KEY.get((action, key), key)
    for prefix in (f"{VALUE}{key}.", *SHARED_VALUES.get(key, ())):
        if prefix + value in CATALOGUE:
            return t(prefix + value)
    return None


def _value(key: str, value: object, action: str = "") -> str:
    if value is None:
        return t("views.audit.none")
    if isinstance(value, bool):
        return t("views.audit.yes") if value else t("views.audit.no")
    if key in PEOPLE_LISTS and isinstance(value, list):
        return t("views.audit.people", n=len(value))
    if isinstance(value, list):
        return ", ".join(_value(key, item, action) for item in value) or t("views.audit.none")
    if isinstance(value, dict):
        return ", ".join(f"{name}: {_value(key, item, action)}" for name, item in value.items()) or t(
            "views.audit.none")
    if isinstance(value, str) and ISO_DAY.match(value):
        return be_date(value)
    if isinstance(value, str) and ISO_MOMENT.match(value):
        return be_datetime(value)
    if isinstance(value, str):
        return value_text(key, value, action) or value
    return str(value)


def detail_label(key: str) -> str:
    """The Dutch name of a detail ("count" -> "aantal"), or the key as stored."""
    return t(DETAIL + key) if DETAIL + key in CATALOGUE else key


def details_text(details: str, action: str = "") -> str:
    """The JSON details as "uitkomst: gelukt · aantal: 3" (unknown keys by their code)."""
    try:
        data = json.loads(details or "{}")
    except ValueError:
        return details
    if not isinstance(data, dict):
        return str(data)
    return " · ".join(f"{detail_label(key)}: {_value(key, value, action)}" for key, value in data.items())


def readable(entry: dict) -> dict:
    """One audit row (from `audit.entries`) as the page shows it."""
    return {
        "id": entry["id"],
        "at": be_datetime(entry["at"]),
        "actor": actor_label(entry["actor"]),
        "action": action_label(entry["action"]),
        "target": target_label(entry["target"]),
        "details": details_text(entry["details"], entry["action"]),
    }
