"""A change reaches everyone already invited: edit or cancel a ceremony and say whom it reaches.

Composes the owners: `ceremonies` changes the row (its trigger moves the .ics SEQUENCE and
`moment_sequence`), `mailing.sending` knows who got an e-mail (the next `mail send` sends
them the update or cancellation), `invitations.letters` who got a letter. The counts hold
no personal data; the page asks for confirmation with them before a change.
"""

from __future__ import annotations

from ceremony import ceremonies, invitations, permissions
from ceremony.invitations.letters import DECLINED, lettered_count
from ceremony.mailing.sending import notified_count

PHONE_CHANNEL = "telefoon"


def impact(store, ceremony_id: int) -> dict[str, int]:
    """Who a change of date, hour or venue reaches: {"mailed", "letters"} (people who got an
    e-mail or a letter and did not say no)."""
    return {"mailed": notified_count(store, ceremony_id), "letters": lettered_count(store, ceremony_id)}


def edit(store, user: permissions.User, ceremony_id: int, **changes) -> dict:
    """Change the given values of a ceremony (name, date, time, location, capacity,
    call_script, answer_by; None keeps a value). Returns {"id", "sequence", "moment_changed"} and
    the `impact` counts: a changed moment sends those people an update."""
    row = ceremonies.get_ceremony(store, ceremony_id)
    keep = ("name", "date", "time", "location", "capacity", "call_script", "answer_by")
    values = {key: row[key] if changes.get(key) is None else changes[key] for key in keep}
    ceremonies.update_ceremony(store, user, ceremony_id, **values)
    after = ceremonies.get_ceremony(store, ceremony_id)
    return {"id": ceremony_id, "sequence": after["sequence"],
            "moment_changed": after["moment_sequence"] != row["moment_sequence"], **impact(store, ceremony_id)}


def cancel(store, user: permissions.User, ceremony_id: int) -> dict[str, int]:
    """Cancel a ceremony. Returns {"id", "mailed", "letters", "phone"}: who gets the
    cancellation by e-mail at the next `mail send`, and the letter and phone invitees
    staff must still inform themselves."""
    ceremonies.cancel_ceremony(store, user, ceremony_id)
    return {"id": ceremony_id, **impact(store, ceremony_id), "phone": phone_count(store, ceremony_id)}


def phone_count(store, ceremony_id: int) -> int:
    """How many phone invitees (who did not say no) staff must call about a cancellation."""
    return sum(r["answer"] != DECLINED for r in invitations.contactable(store, ceremony_id, PHONE_CHANNEL))
