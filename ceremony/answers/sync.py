"""Sync between the store and the exchange file the public answer server reads.

`sync(store, actor)` runs at start-up, in the scheduled job, when Ceremonies or Belronde
opens, after a key rotation and with `python -m ceremony answers sync`. In order:

1. the current public key is published (`recipient`);
2. answers waiting in the exchange are taken in: opened with the private key they were
   sealed to, recorded on the invitation with channel web, the time of the answer and the
   status the page told the person (`invitations.answers.record_answer`, which audits
   each), then deleted from the exchange (after the store committed them);
3. every live ceremony's public details, deadlines and places left are published (again after
   answers were taken in, so the exchange counts their places in that figure), and
   the code hashes of its live invitations (issued when missing);
4. codes that died are removed: answer deadline passed, ceremony over or cancelled,
   invitation gone or the person marked "niet contacteren". An erasure or a purge removes
   the codes of the people shredded at once (`forget_people`, a shredder hook).

Nothing personal is published: code hashes, ids, the ceremony's name, moment, venue, what
to bring and the municipality's phone number. When nothing changed, a sync reads the
exchange and the store once and writes neither (pages may run it on every opening).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import sqlite3
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ceremony import audit, ceremonies
from ceremony.answers import codes, recipient, sealing
from ceremony.answers import exchange as exchange_file
from ceremony.answers.exchange import Exchange, SealedAnswer
from ceremony.clock import BRUSSELS, be_date, now_utc, parse_utc, utc_iso
from ceremony.errors import CeremonyError, IntegrityError, InvalidInput, NotFound

_log = logging.getLogger(__name__)


@dataclass
class SyncResult:
    """What one sync did (counts only)."""

    taken_in: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    unreadable: int = 0
    dead_codes_removed: int = 0
    codes_published: int = 0
    ceremonies_published: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def exchange_path(store) -> Path:
    """The exchange file of the store's installation (beside it, or CEREMONY_EXCHANGE_FILE)."""
    return exchange_file.exchange_path(store.paths.data_dir)


def open_exchange(store) -> Exchange:
    return Exchange.open(exchange_path(store))


# --- the moments the public side needs ------------------------------------------------------


def _end_of_day_utc(day: dt.date) -> str:
    """The end of `day` in Brussels (the next midnight), as ISO UTC."""
    midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=BRUSSELS)
    return utc_iso(midnight.astimezone(dt.UTC))


def deadlines(ceremony: dict) -> tuple[str, str]:
    """(answer_by, ends_at) of a ceremony as ISO UTC: the ends of the answer day and the ceremony day."""
    return _end_of_day_utc(ceremonies.answer_by(ceremony)), _end_of_day_utc(dt.date.fromisoformat(ceremony["date"]))


def public_details(ceremony: dict, settings: dict) -> dict:
    """What the answer page shows of a ceremony: no personal data, formatted for display."""
    return {
        "name": ceremony["name"],
        "date": be_date(ceremony["date"]),
        "time": ceremony.get("time") or "",
        "venue": ceremony.get("location") or "",
        "address": "",
        "bring": str(settings.get("answer_bring") or ""),
        "phone": str(settings.get("municipality_phone") or ""),
    }


def _live_ceremonies(store) -> list[dict]:
    """Ceremonies whose links still work: not cancelled, the answer deadline not passed."""
    now = utc_iso(now_utc())
    return [
        c for c in ceremonies.list_ceremonies(store)
        if not c.get("cancelled_at") and min(deadlines(c)) > now
    ]


# --- the sync ----------------------------------------------------------------------------


def sync(store, actor: str) -> SyncResult:
    """Publish, take in, clean up (see the module docstring). Returns the counts.

    An installation without the answer page (no `answer_base_url`, no exchange file) has
    nothing to sync: no exchange file is made for it.
    """
    result = SyncResult()
    if not codes.base_url(store) and not exchange_path(store).exists():
        return result
    exchange = open_exchange(store)
    try:
        _publish_key(store, exchange)
        taken = _take_in(store, exchange, actor, result)
        if taken:  # recorded and committed in the store: their places now count in its figure
            exchange.delete_answers(taken)
        live = _live_ceremonies(store)
        # after answers were taken in, every live ceremony is published again, so the
        # exchange counts them in the published figure (see exchange.py, "Places")
        result.ceremonies_published = _publish_ceremonies(store, exchange, live, force=bool(taken))
        _publish_codes(store, exchange, {c["id"] for c in live}, result)
        _remove_dead_ceremonies(store, exchange)
        if result.taken_in or result.dead_codes_removed or result.unreadable:
            audit.record(store, actor, "answers.sync", "", **{k: v for k, v in result.as_dict().items() if v})
    finally:
        exchange.close()
    return result


# What was last published, kept in the store so that every staff process (app server, CLI,
# timer) shares it: the exchange file's identity and a digest per live ceremony. An
# unchanged sync writes nothing; a new exchange file (a new random identity) gets everything again.
_PUBLISHED_META = "answers_published"


def _file_identity(exchange: Exchange) -> str:
    """A random value made with the exchange file (so a replaced file is told apart)."""
    return hashlib.sha256(exchange.secret("staff-identity")).hexdigest()[:32]


def _digest(row: tuple) -> str:
    return hashlib.sha256(json.dumps(row, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _publish_ceremonies(store, exchange: Exchange, live: list[dict], force: bool = False) -> int:
    """Put each live ceremony whose public row changed (every one with `force`); note the
    ones published before that died, for `_remove_dead_ceremonies`. Returns how many were written."""
    from ceremony.invitations import answers as invitation_answers  # the answer domain

    settings, identity = store.settings(), _file_identity(exchange)
    state = json.loads(store.meta(_PUBLISHED_META) or "{}")
    before = state.get("rows", {}) if state.get("file") == identity else {}
    after, written = {}, 0
    for ceremony in live:
        answer_by, ends_at = deadlines(ceremony)
        row = (public_details(ceremony, settings), answer_by, ends_at, int(settings["max_companions"]),
               invitation_answers.places_left(store, ceremony["id"]))
        after[str(ceremony["id"])] = _digest(row)
        if force or before.get(str(ceremony["id"])) != after[str(ceremony["id"])]:
            exchange.put_ceremony(ceremony["id"], *row)
            written += 1
    dead = [int(cid) for cid in before if cid not in after]
    if before != after:
        with store.write():
            store.set_meta(_PUBLISHED_META, json.dumps({"file": identity, "rows": after, "dead": dead}))
    return written


def _remove_dead_ceremonies(store, exchange: Exchange) -> None:
    """Take the ceremonies that died since the last sync off the exchange (with their codes)."""
    state = json.loads(store.meta(_PUBLISHED_META) or "{}")
    for ceremony_id in state.get("dead", []):
        exchange.remove_ceremony(ceremony_id)
    if state.get("dead"):
        with store.write():
            store.set_meta(_PUBLISHED_META, json.dumps({**state, "dead": []}))


def _publish_key(store, exchange: Exchange) -> None:
    pair = recipient.current(store)
    if exchange.recipient() != (pair.key_id, pair.public):
        exchange.set_recipient(pair.key_id, pair.public)


def _publish_codes(store, exchange: Exchange, live_ceremonies: set[int], result: SyncResult) -> None:
    """Put the live invitations' code hashes; remove the rest (and dead ceremonies)."""
    rows = codes.live_codes(store, live_ceremonies)
    missing = [inv for inv, _cer, h in rows if h is None]
    if missing:
        codes.issue(store, missing)
        made = codes.hashes(store, missing)
        rows = [(inv, cer, h or made[inv]) for inv, cer, h in rows]
    ceremony_of = {inv: cer for inv, cer, _h in rows}
    published = exchange.code_invitations()  # {hash: invitation}
    wanted = {h: inv for inv, _cer, h in rows}
    new = [(h, inv, ceremony_of[inv]) for h, inv in wanted.items() if published.get(h) != inv]
    if new:
        exchange.put_codes(new)
    result.codes_published = len(new)
    dead = {inv for h, inv in published.items() if wanted.get(h) != inv}
    if dead:
        result.dead_codes_removed = exchange.remove_codes_for(dead)


def _take_in(store, exchange: Exchange, actor: str, result: SyncResult) -> list[int]:
    """Record every waiting answer on its invitation (one transaction); returns the exchange
    ids of the answers dealt with, for the caller to delete once the store committed them."""
    waiting = exchange.take_answers()
    if not waiting:
        return []
    from ceremony.invitations import answers as invitation_answers

    keys = recipient.private_keys(store)
    done, statuses = [], Counter()
    with store.write():
        for sealed in waiting:
            status = _record_one(store, invitation_answers, keys, sealed, actor)
            if status == "unreadable":
                result.unreadable += 1
            elif status is not None:
                statuses[status] += 1
            done.append(sealed.id)
    result.taken_in = sum(statuses.values())
    result.by_status = dict(statuses)
    return done


def _record_one(store, invitation_answers, keys: dict[str, bytes], sealed: SealedAnswer, actor: str) -> str | None:
    """Open and record one answer; the status recorded, None when its invitation is gone,
    "unreadable" when no key opens it (sealed to a key forgotten, or tampered with) or what
    it says is not an answer of that invitation (a field missing or out of its choices)."""
    private = keys.get(sealed.key_id)
    if private is None:
        _log.warning("answer %s sealed to an unknown key", sealed.id)
        return "unreadable"
    try:
        payload = json.loads(sealing.open_sealed(private, sealed.sealed, b"answer:" + sealed.code_hash.encode()))
    except (IntegrityError, ValueError):
        _log.warning("answer %s does not open", sealed.id)
        return "unreadable"
    owner = codes.invitation_of(store, sealed.code_hash)
    if owner is None:
        return None  # the invitation (and its code) went meanwhile: nothing to record
    if not isinstance(payload, dict) or payload.get("invitation_id") != sealed.invitation_id or (
        owner != sealed.invitation_id
    ):
        return "unreadable"
    try:
        flags = [payload["coming"], payload.get("wheelchair", False), payload.get("call_me", False)]
        if not all(isinstance(flag, bool) for flag in flags) or not isinstance(payload.get("companions", 0), int):
            raise TypeError("not an answer")
        answer = invitation_answers.Answer(
            coming=flags[0], companions=payload.get("companions", 0), wheelchair=flags[1],
            interpreter=payload.get("interpreter"), call_me=flags[2],
        )
        at = utc_iso(parse_utc(str(payload["at"])))
        if _answered_since(store, sealed.invitation_id, at, str(payload["status"]), answer.companions):
            return None  # a newer answer (staff took it later), or this one taken in by another sync
        return invitation_answers.record_answer(
            store, actor, sealed.invitation_id, answer, channel="web", at=at, status=str(payload["status"]),
        )
    except NotFound:
        return None
    except (InvalidInput, KeyError, TypeError, ValueError):
        _log.warning("answer %s is not a valid answer", sealed.id)
        return "unreadable"


def _answered_since(store, invitation_id: int, at: str, status: str, companions: int) -> bool:
    """Whether the invitation holds an answer recorded after `at` (staff took it later, by
    phone or at the desk: the page's older answer is not recorded over it), or this very
    answer already (the same moment, status and companions from the page: another staff
    process took it in first)."""
    from ceremony import invitations

    row = invitations.find(store, invitation_id)
    if not row or not row["answered_at"]:
        return False
    recorded, given = parse_utc(row["answered_at"]), parse_utc(at)
    if recorded != given:
        return recorded > given
    return (row["answer_channel"], row["answer"], row["companions"]) == ("web", status, companions)


# --- hooks ---------------------------------------------------------------------------------


def forget_people(store, person_ids: list[int]) -> None:
    """Shredder hook (inside the shred's transaction): the codes of these people leave the
    exchange as soon as the shred committed (erasure, purge, early deletion)."""
    invitation_ids = codes.invitations_of_people(store, person_ids)
    if not invitation_ids:
        return
    pending = store.tx_state("answers.forget", set)
    pending.update(invitation_ids)

    def remove() -> None:
        # the shred has committed: a busy or unwritable exchange file must not turn it into an
        # error for the user; the next sync removes what is left (codes of invitations gone)
        if not exchange_path(store).exists():
            return
        try:
            exchange = open_exchange(store)
            try:
                exchange.remove_codes_for(pending)
            finally:
                exchange.close()
        except (CeremonyError, OSError, sqlite3.Error) as exc:
            _log.warning("answer codes not yet removed from the exchange: %s", type(exc).__name__)

    store.after_commit("answers.forget", remove)


def after_rotation(store) -> None:
    """After `keys rotate`: publish the new public key, take in what was sealed to the old
    one, then forget the old private key (`recipient.previous`)."""
    if run_quietly(store, "system:keys") is not None and recipient.previous(store) is not None:
        recipient.forget_previous(store)


def run_quietly(store, actor: str) -> SyncResult | None:
    """A sync for start-up, the scheduled job and pages: an error is logged (no personal
    data), never raised, so a broken exchange file does not stop the app."""
    try:
        return sync(store, actor)
    except (CeremonyError, OSError, sqlite3.Error) as exc:
        _log.warning("answer sync failed: %s", type(exc).__name__)
        return None


def at_startup(store) -> None:
    """Start-up task of the app server (`startup.SERVER_TASKS`)."""
    run_quietly(store, "system:start-up")


def scheduled(store) -> SyncResult | None:
    """The scheduled job's sync (on the purge timer)."""
    return run_quietly(store, "system:schedule")
