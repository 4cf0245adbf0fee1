"""The e-mail address list of a ceremony's e-mail invitations.

Who is on it: the invitees who get an e-mail (`mailing.recipients`, the rule the send
batch and the mail panel's counts follow: channel e-mail, may be contacted, did not
answer "komt niet", a usable address). One address per line (CRLF, UTF-8), each address
once, to paste into BCC; with `outlook=True` all on one line separated by "; ",
Outlook's recipient separator.
"""

from __future__ import annotations

from ceremony import audit, permissions
from ceremony.exports.common import PERMISSION, ExportFile, get_ceremony
from ceremony.mailing import recipients
from ceremony.texts import t


def export(store, user: permissions.User, ceremony_id: int, outlook: bool = False) -> ExportFile:
    """The e-mail addresses of a ceremony's e-mail invitations, one per line (`outlook`: on
    one line), built in memory, with an audit entry of who made it and how many it holds."""
    permissions.require(user, PERMISSION)
    get_ceremony(store, ceremony_id)
    addresses = recipients.unique_addresses(recipients.of_ceremony(store, ceremony_id))
    if outlook:
        data = ("; ".join(addresses) + ("\r\n" if addresses else "")).encode("utf-8")
    else:
        data = "".join(address + "\r\n" for address in addresses).encode("utf-8")
    audit.record(
        store,
        user.actor,
        "export.emails",
        f"ceremony:{ceremony_id}",
        count=len(addresses),
        columns=["e_mail"],
        ceremony=ceremony_id,
        layout="outlook" if outlook else "lines",
    )
    filename = t("mail.outlook.file" if outlook else "exports.file.emails", id=ceremony_id)
    return ExportFile(filename, "text/plain", data, len(addresses), ["e_mail"])
