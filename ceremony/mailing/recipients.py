"""Who gets a ceremony's e-mail invitation: the one rule that the send batch, the mail
panel's counts and Export's e-mail list share, so they cannot disagree.

An invitee gets an e-mail when the invitation's channel is e-mail, the person may be
contacted (not "niet contacteren"), did not answer that they will not come, and has a
stored address that can receive mail (syntax only, email-validator). The batch sends one
message per invitee; the e-mail list holds each address once, so two invitees who share
an address are two messages and one line.

The mail panel counts on every page run: `tally` gives the same answer as `select` and
`unique_addresses` from a memo in process memory that holds, per person, the record's
stamp and a token of the usable address (an HMAC under a random key of this process,
never the address), so only records sealed anew since the last count are opened again.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from ceremony import invitations, people

EMAIL_CHANNEL = "e-mail"
DECLINED = "komt_niet"
MEMO_LIMIT = 200_000  # people remembered by `tally` before the memo starts over
_TOKEN_KEY = secrets.token_bytes(32)
_memo: dict[int, tuple[bytes, bytes | None]] = {}  # person id -> (record stamp, address token)


@dataclass(frozen=True)
class Recipient:
    """One invitee who gets an e-mail: the invitation row as given, the person, the address."""

    invitation: dict
    person: people.Person
    address: str


def usable_address(raw: str) -> str | None:
    """The address as stored when it can receive mail (syntax only), else None."""
    address = (raw or "").strip()
    if not address:
        return None
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return None
    return address


def email_channel(store, ceremony_id: int) -> list[dict]:
    """The ceremony's invitations with the channel e-mail of people who may be contacted."""
    return invitations.contactable(store, ceremony_id, EMAIL_CHANNEL)


def select(store, rows: list[dict]) -> list[Recipient]:
    """Those of `rows` (invitation rows with id, person_id, answer) who get an e-mail,
    in the order of `rows`. Decrypts their records; shows nothing."""
    asked = _asked(rows)
    found = {p.id: p for p in people.iter_people(store, [r["person_id"] for r in asked],
                                                  include_do_not_contact=False)}
    chosen = []
    for row in asked:
        person = found.get(row["person_id"])
        address = usable_address(person.email) if person else None
        if address:
            chosen.append(Recipient(row, person, address))
    return chosen


def _asked(rows: list[dict]) -> list[dict]:
    return [row for row in rows if row.get("answer") != DECLINED]


def _token(address: str | None) -> bytes | None:
    return hmac.digest(_TOKEN_KEY, address.casefold().encode(), "sha256") if address else None


def tally(store, rows: list[dict]) -> tuple[list[dict], int]:
    """Those of `rows` who get an e-mail (the rows themselves) and how many distinct
    addresses they have: what `select` and `unique_addresses` would say, opening only the
    records changed since the last tally (see the module docstring)."""
    asked = _asked(rows)
    stamps = people.record_stamps(store, [row["person_id"] for row in asked])
    for row in asked:  # erased meanwhile: forget them here too
        if row["person_id"] not in stamps:
            _memo.pop(row["person_id"], None)
    stale = [pid for pid, stamp in stamps.items() if _memo.get(pid, (None,))[0] != stamp]
    if len(_memo) + len(stale) > MEMO_LIMIT:
        _memo.clear()
    for person in people.iter_people(store, stale, include_do_not_contact=False):
        _memo[person.id] = (stamps[person.id], _token(usable_address(person.email)))
    tokens = {pid: _memo[pid][1] for pid in stamps if pid in _memo and _memo[pid][0] == stamps[pid]}
    chosen = [row for row in asked if tokens.get(row["person_id"])]
    return chosen, len({tokens[row["person_id"]] for row in chosen})


def of_ceremony(store, ceremony_id: int) -> list[Recipient]:
    """Everyone of the ceremony who gets an e-mail, in invitation order."""
    return select(store, email_channel(store, ceremony_id))


def unique_addresses(chosen: list[Recipient]) -> list[str]:
    """The recipients' addresses in order, each once (case-insensitive)."""
    seen, result = set(), []
    for recipient in chosen:
        key = recipient.address.casefold()
        if key not in seen:
            seen.add(key)
            result.append(recipient.address)
    return result
