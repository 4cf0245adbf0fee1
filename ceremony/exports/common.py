"""What every exporter shares: the produced file, ceremonies, who is invited.

Files are built in memory and handed over as bytes (download button or the CLI's --out);
nothing is written to a temporary file. Only non-personal workflow columns are read here
with SQL; personal fields are decrypted through `ceremony.people` only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ceremony.errors import InvalidInput, NotFound
from ceremony.texts import t

PERMISSION = "export.mailmerge"


@dataclass(frozen=True)
class ExportFile:
    """One produced file, ready to hand to the user."""

    filename: str
    mime: str
    data: bytes
    count: int = 0  # people (or addresses) in the file; 0 when it holds no personal data
    columns: list[str] = field(default_factory=list)


def counted(text_key: str, count: int, **values) -> str:
    """The text for `count` items: `<key>_one` for exactly one, else `<key>` with {count}."""
    if count == 1:
        return t(text_key + "_one", **values)
    return t(text_key, count=count, **values)


def list_ceremonies(store) -> list[dict]:
    """Ceremonies to choose from, newest date first (no personal data)."""
    return store.rows(
        "SELECT id, name, date, time, location, created_at FROM ceremonies ORDER BY date DESC, id DESC"
    )


def get_ceremony(store, ceremony_id: int) -> dict:
    """One ceremony row; NotFound when it does not exist."""
    row = store.one(
        "SELECT id, name, date, time, location, created_at FROM ceremonies WHERE id = ?",
        [ceremony_id],
    )
    if row is None:
        raise NotFound(t("exports.ceremony_unknown"))
    return row


def ceremony_date(ceremony: dict) -> dt.date:
    """The ceremony's date (stored ISO yyyy-mm-dd)."""
    try:
        return dt.date.fromisoformat(str(ceremony["date"]).strip())
    except ValueError:
        raise InvalidInput(t("exports.ceremony_date_invalid")) from None


def ceremony_time(ceremony: dict) -> dt.time | None:
    """The ceremony's start time, or None for a day without an hour (accepts 14:00, 14u00, 14.00)."""
    raw = str(ceremony.get("time") or "").strip().lower()
    if not raw:
        return None
    normal = raw.replace("u", ":").replace(".", ":").rstrip(":")
    if normal.isdigit():
        normal += ":00"
    try:
        return dt.time.fromisoformat(normal.zfill(5))
    except ValueError:
        raise InvalidInput(t("exports.ceremony_date_invalid")) from None


def contactable_count(store, ceremony_id: int | None) -> int:
    """How many people a mail merge would hold (SQL only: nothing is decrypted)."""
    if ceremony_id is None:
        return store.scalar("SELECT count(*) FROM people WHERE do_not_contact = 0")
    return store.scalar(
        "SELECT count(*) FROM invitations i JOIN people p ON p.id = i.person_id "
        "WHERE i.ceremony_id = ? AND p.do_not_contact = 0",
        [ceremony_id],
    )


def invitations(store, ceremony_id: int) -> list[dict]:
    """The ceremony's invitations of people who may be contacted: person id and channel."""
    return store.rows(
        "SELECT i.person_id, i.channel FROM invitations i JOIN people p ON p.id = i.person_id "
        "WHERE i.ceremony_id = ? AND p.do_not_contact = 0 ORDER BY i.person_id",
        [ceremony_id],
    )
