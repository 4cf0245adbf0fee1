"""Recognise a delivery received before by its rows, whatever the container it came in.

The same rows sent as an encrypted Excel, then as an AES ZIP or a sealed CSV, check to
the same normalised rows (`normalise.CleanRow`: national number, fields, certificate
date). Each checked row is hashed in memory, the digests are sorted (so row order does
not count) and the sorted list is keyed with the keyring (`Keyring.keyed_index`: HMAC
under the blind-index key, chained through the key epochs and carried into a new epoch at
a key rotation like the blind indexes). Only that keyed value is stored, on the
delivery (`deliveries.content_index`), and cleared when the delivery is purged: without
the key it says nothing about the rows, and no plain hash of personal data is kept.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from ceremony import deliveries, jsontext
from ceremony.clock import be_datetime
from ceremony.errors import AlreadyReceived
from ceremony.intake.normalise import CleanRow
from ceremony.texts import t

# The JSON of a row as json.dumps(row, sort_keys=True, ensure_ascii=False) writes it: the
# text every stored fingerprint was made from (`jsontext`: the same text, cheaper per row)
_as_json = jsontext.writer(json.JSONEncoder(sort_keys=True, ensure_ascii=False))


def row_digest(row: CleanRow) -> bytes:
    """One checked row's content digest (SHA-256 of its fields and certificate date as JSON)."""
    return hashlib.sha256(_as_json([row.fields, row.certificate_date.isoformat()]).encode()).digest()


def content_index(keys, checked: Iterable) -> str:
    """The keyed fingerprint of a delivery's checked rows (rejected rows have no content);
    a row's digest is the one `intake.checking` made, or made here."""
    digests = sorted(row.digest or row_digest(row) for row in checked if isinstance(row, CleanRow))
    return keys.keyed_index(b"fingerprint:" + b"".join(digests))


def refuse_repeat(store, index: str) -> None:
    """AlreadyReceived when an active delivery has these rows already."""
    earlier = deliveries.with_content(store, index)
    if earlier is not None:
        at = be_datetime(earlier["received_at"])
        raise AlreadyReceived(t("intake.already_received", id=earlier["id"], at=at), earlier["id"],
                              earlier["received_at"])
