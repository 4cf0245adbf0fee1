"""The e-mail address list of a ceremony's e-mail invitations.

Who is on it: the invitees whose invitation channel is e-mail. As long as no invitation
of the ceremony has a channel yet (the coordinator has not split brief/e-mail/telefoon),
every invitee with an e-mail address. People marked "niet contacteren" never appear.
One address per line (CRLF, UTF-8), each address once, to paste into BCC; with
`outlook=True` all on one line separated by "; ", Outlook's recipient separator.
"""

from __future__ import annotations

from ceremony import audit, auth, people
from ceremony.exports.common import PERMISSION, ExportFile, get_ceremony, invitations
from ceremony.texts import t

EMAIL_CHANNELS = ("e-mail", "email")


def recipient_ids(store, ceremony_id: int) -> tuple[list[int], str]:
    """Person ids for the list and how they were chosen: "channel" or "all" (no channel yet)."""
    rows = invitations(store, ceremony_id)
    if any(row["channel"] for row in rows):
        return [row["person_id"] for row in rows if row["channel"] in EMAIL_CHANNELS], "channel"
    return [row["person_id"] for row in rows], "all"


def unique_addresses(addresses) -> list[str]:
    """Non-empty addresses in order, each once (case-insensitive)."""
    seen, result = set(), []
    for address in addresses:
        address = (address or "").strip()
        if address and address.casefold() not in seen:
            seen.add(address.casefold())
            result.append(address)
    return result


class EmailList:
    """Exporter: the e-mail addresses of a ceremony's e-mail invitations, one per line."""

    identifier = "emails"

    def export(self, store, user: auth.User, ceremony_id: int, outlook: bool = False) -> ExportFile:
        """Build the list in memory and record who made it and how many addresses it holds."""
        auth.require(user, PERMISSION)
        get_ceremony(store, ceremony_id)
        ids, selection = recipient_ids(store, ceremony_id)
        addresses = unique_addresses(
            person.email for person in people.iter_people(store, ids, include_do_not_contact=False)
        )
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
            selection=selection,
            layout="outlook" if outlook else "lines",
        )
        filename = t("mail.outlook.file" if outlook else "exports.file.emails", id=ceremony_id)
        return ExportFile(filename, "text/plain", data, len(addresses), ["e_mail"])
