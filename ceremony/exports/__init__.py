"""Exports for the invitations: small exporters with a name and one method.

- `MAILMERGE.export(store, user, ceremony_id=None, privacy=False)`: the CSV for Word mail merge
- `EMAILS.export(store, user, ceremony_id)`: the e-mail list of a ceremony's e-mail invitations
- `ICS.export(store, user, ceremony_id)`: the ceremony's calendar file

Each checks the permission "export.mailmerge", builds the file in memory, writes one audit
entry (counts and column names, never a value) and returns an `ExportFile`.
The privacy notice for the invitations is in `ceremony.privacy`.
"""

from ceremony.exports.common import (
    PERMISSION,
    ExportFile,
    contactable_count,
    counted,
    get_ceremony,
    list_ceremonies,
)
from ceremony.exports.emails import EmailList
from ceremony.exports.ics import CalendarFile
from ceremony.exports.mailmerge import MailMergeCsv, columns

MAILMERGE = MailMergeCsv()
EMAILS = EmailList()
ICS = CalendarFile()

__all__ = [
    "EMAILS",
    "ICS",
    "MAILMERGE",
    "PERMISSION",
    "CalendarFile",
    "EmailList",
    "ExportFile",
    "MailMergeCsv",
    "columns",
    "contactable_count",
    "counted",
    "get_ceremony",
    "list_ceremonies",
]
