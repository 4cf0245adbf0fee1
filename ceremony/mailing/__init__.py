"""E-mail invitations sent by the app through the municipality's SMTP relay.

- `message`: one message for one person (text, HTML, the ceremony's .ics, privacy notice)
- `smtp`: the encrypted connection (STARTTLS or TLS, optional login)
- `sending`: the batch per ceremony, the send log (`mail_log`)
- `previews`: the message one invitee would get, and the test message to one's own address
- `reminders`: the reminder a few days before a ceremony, its own log (`reminder_log`)

No message ever has more than one recipient, and never Cc or Bcc: an address list in
the wrong field is one of the most common personal-data breaches a town hall reports.
"""

from ceremony.mailing.message import FIELDS
from ceremony.mailing.previews import Preview, preview, send_test
from ceremony.mailing.sending import (
    BatchResult,
    due_counts,
    email_invitations,
    log_counts,
    send_invitations,
    send_log,
    send_log_page,
)

__all__ = [
    "FIELDS",
    "BatchResult",
    "Preview",
    "due_counts",
    "email_invitations",
    "log_counts",
    "preview",
    "send_invitations",
    "send_log",
    "send_log_page",
    "send_test",
]
