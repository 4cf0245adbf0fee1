"""The technical measures in force (deliberation par. 64), each checked live.

Encryption at rest, where the master key is and who may read it, file permissions of
the data directory and database, secure deletion, the audit chain, the hardened
Streamlit configuration, session expiry, lockout and password policy, and the presence
of the security documentation. Nothing here reads a personal value.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from ceremony import audit, auth, deliveries, signing_in
from ceremony.answers import codes as answer_codes
from ceremony.answers import sync as answer_sync
from ceremony.compliance.model import ROOT, Check
from ceremony.texts import t

SESSION_MAX_MINUTES = 30
LOOPBACK = ("127.0.0.1", "localhost", "::1")
SECURITY_DOCS = ("docs/security.md", "docs/operations.md")

# setting -> (what it is in Dutch, Streamlit's default when absent, test of a safe value,
# expected value)
STREAMLIT_RULES = {
    "browser.gatherUsageStats": (t("compliance.m.streamlit.usage"), True, lambda v: v is False, False),
    "server.enableXsrfProtection": (t("compliance.m.streamlit.xsrf"), True, lambda v: v is True, True),
    "server.address": (t("compliance.m.streamlit.address"), "", lambda v: str(v) in LOOPBACK, "127.0.0.1"),
    "client.showErrorDetails": (t("compliance.m.streamlit.errors"), "full",
                                lambda v: str(v).lower() in ("none", "false"), "none"),
}


def _shown(value) -> str:
    """A setting's value as the page shows it: yes/no, "none" and "full" in Dutch."""
    if isinstance(value, bool):
        return t("compliance.yes") if value else t("compliance.no")
    words = {"none": t("compliance.m.streamlit.none"), "full": t("compliance.m.streamlit.full")}
    return words.get(str(value).lower(), str(value) or "-")


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def encryption(store) -> Check:
    """Every active delivery has its own wrapped key; every purged one has none."""
    keys = deliveries.key_counts(store)
    active, shredded, wrong = keys["active"], keys["shredded"], keys["wrong"]
    return Check(
        t("compliance.m.encryption"),
        t("compliance.m.encryption_value", active=active, shredded=shredded),
        not wrong,
        t("compliance.m.encryption_bad"),
    )


def master_key(store) -> list[Check]:
    """Where the master key comes from, and that only its owner can read the key file."""
    if os.environ.get("CEREMONY_MASTER_KEY"):
        return [Check(t("compliance.m.key"), t("compliance.m.key_env"), True)]
    path = store.paths.key_file
    if not path.exists():
        return [Check(t("compliance.m.key"), t("compliance.m.key_missing", path=path), False, t("compliance.m.key_bad"))]
    mode = _mode(path)
    beside = path.resolve().is_relative_to(store.paths.data_dir.resolve())
    return [
        Check(
            t("compliance.m.key"),
            t("compliance.m.key_file", path=path, mode=f"{mode:04o}"),
            not mode & 0o077,
            t("compliance.m.key_bad"),
        ),
        Check(
            t("compliance.m.key_beside"),
            t("compliance.m.key_beside_value") if beside else t("compliance.m.key_apart_value"),
        ),
    ]


def files(store) -> list[Check]:
    """The data directory is private to its owner, and so is the database file."""
    data_dir, db = store.paths.data_dir, store.paths.db
    return [
        Check(
            t("compliance.m.data_dir"),
            t("compliance.m.data_dir_value", path=data_dir, mode=f"{_mode(data_dir):04o}"),
            not _mode(data_dir) & 0o077,
            t("compliance.m.data_dir_bad"),
        ),
        Check(
            t("compliance.m.db_file"),
            t("compliance.m.data_dir_value", path=db, mode=f"{_mode(db):04o}"),
            not _mode(db) & 0o077,
            t("compliance.m.db_file_bad"),
        ),
        Check(
            t("compliance.m.secure_delete"),
            t("compliance.yes") if store.scalar("PRAGMA secure_delete") else t("compliance.no"),
            bool(store.scalar("PRAGMA secure_delete")),
            t("compliance.m.secure_delete_bad"),
        ),
    ]


def audit_chain(store) -> Check:
    """The audit chain's verification, as its own Dutch message."""
    result = audit.verify(store)
    return Check(t("compliance.m.audit"), result.message(), result.ok, t("compliance.m.audit_bad"))


def streamlit_config(path: Path | None = None) -> list[Check]:
    """The hardened web-server settings read from `.streamlit/config.toml`."""
    path = path or ROOT / ".streamlit" / "config.toml"
    if not path.exists():
        return [
            Check(
                t("compliance.m.streamlit_missing"),
                t("compliance.m.streamlit_missing_value", path=path),
                False,
                t("compliance.m.streamlit_bad", setting=path.name),
            )
        ]
    with path.open("rb") as handle:
        config = tomllib.load(handle)
    checks = []
    for setting, (what, default, safe, expected) in STREAMLIT_RULES.items():
        section, name = setting.split(".")
        value = config.get(section, {}).get(name, default)
        checks.append(
            Check(
                t("compliance.m.streamlit", what=what),
                t("compliance.m.streamlit_value", value=_shown(value), expected=_shown(expected)),
                safe(value),
                t("compliance.m.streamlit_bad", setting=setting),
            )
        )
    return checks


def access_policy(store) -> list[Check]:
    """Session expiry, lockout and password rules."""
    minutes = store.setting("session_timeout_minutes")
    return [
        Check(
            t("compliance.m.session"),
            t("compliance.m.session_value", n=minutes),
            minutes <= SESSION_MAX_MINUTES,
            t("compliance.m.session_bad", n=SESSION_MAX_MINUTES),
        ),
        Check(
            t("compliance.m.lockout"),
            t("compliance.m.lockout_value", n=signing_in.MAX_FAILED, minutes=signing_in.LOCK_STEPS_MINUTES[0],
              second=signing_in.LOCK_STEPS_MINUTES[1], hours=signing_in.LOCK_STEPS_MINUTES[2] // 60),
            True,
        ),
        Check(t("compliance.m.passwords"), t("compliance.m.passwords_value", n=auth.MIN_PASSWORD), True),
    ]


def answer_page(store) -> list[Check]:
    """The public answer page: whether links are printed, the codes (only their hash leaves
    the store) and the exchange file the public server reads (no personal data, no key,
    closed to others)."""
    base = answer_codes.base_url(store)
    checks = [
        Check(t("compliance.m.answers"), t("compliance.m.answers_on", url=base) if base else t("compliance.m.answers_off")),
        Check(t("compliance.m.answer_codes"), t("compliance.m.answer_codes_value", n=answer_codes.count(store)), True),
    ]
    path = answer_sync.exchange_path(store)
    if path.exists():
        closed = not _mode(path) & 0o007
        checks.append(Check(t("compliance.m.exchange"), t("compliance.m.exchange_value", mode=f"{_mode(path):04o}"),
                            closed, t("compliance.m.exchange_bad")))
    return checks


def documentation(root: Path = ROOT) -> Check:
    """The security documentation and incident procedure are in the repository."""
    missing = [name for name in SECURITY_DOCS if not (root / name).exists()]
    if missing:
        value = t("compliance.m.docs_missing", path=", ".join(missing))
    else:
        value = t("compliance.m.docs_value", path=", ".join(SECURITY_DOCS))
    return Check(t("compliance.m.docs"), value, not missing, t("compliance.m.docs_bad"))


def all_measures(store, streamlit_path: Path | None = None) -> list[Check]:
    """Every technical measure, in the order the report lists them."""
    return [
        encryption(store),
        *master_key(store),
        *files(store),
        audit_chain(store),
        *streamlit_config(streamlit_path),
        *access_policy(store),
        *answer_page(store),
        documentation(),
    ]
