"""Answer codes: one personal code per invitation, the link and QR code built on it.

A code is 16 symbols from a 32-symbol alphabet without 0/O, 1/I or a lower-case l
(80 bits from `secrets`), printed in groups of four (`ABCD-EFGH-JKLM-NPQR`) and typed
in any case, with or without dashes or spaces. Owner of the table `answer_codes`:

- the code itself, sealed (AES-256-GCM) under a key derived from the current root
  secret, bound to its invitation; a key rotation re-seals it (`reseal`, a
  `keys.RESEAL_HOOKS` step), so the code in a letter already sent keeps working;
- its SHA-256 as hex: the only form that leaves the store (to the exchange file the
  public answer server reads, see `ceremony.answers.sync`).

A row goes with its invitation (ON DELETE CASCADE: erasure, purge, a cancelled invite).
"""

from __future__ import annotations

import hashlib
import io
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from ceremony import ceremonies, crypto
from ceremony.clock import be_date, utc_iso
from ceremony.store import in_chunks
from ceremony.texts import t

# 8 digits and 24 capitals: no 0/O, no 1/I; the capital L stays (a lower-case l is never
# printed, and what is typed is upper-cased before it is checked)
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 16  # 16 symbols x 5 bits = 80 bits
GROUP = 4
_KEY_PURPOSE = "ceremony answer codes v1"
_TYPED_SEPARATORS = re.compile(r"[\s\-]+")


@dataclass(frozen=True)
class AnswerLink:
    """What a letter or an e-mail prints for one invitation; the QR code (segno) is made
    when asked for (`qr_png`, `qr_svg`), so a batch of e-mails makes none."""

    code: str  # grouped, as printed: ABCD-EFGH-JKLM-NPQR
    url: str  # answer_base_url + "/a/" + the code (without dashes)
    short_address: str  # answer_base_url, where the code can be typed

    def _qr(self):
        import segno  # loaded only when a QR code is drawn

        return segno.make_qr(self.url, error="m")

    @property
    def qr_png(self) -> bytes:
        out = io.BytesIO()
        self._qr().save(out, kind="png", scale=6, border=2)
        return out.getvalue()

    @property
    def qr_svg(self) -> bytes:
        out = io.BytesIO()
        self._qr().save(out, kind="svg", scale=4, border=2, xmldecl=False, svgns=True)
        return out.getvalue()


def new_code() -> str:
    """A fresh random code (16 symbols, 80 bits), without dashes."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise(typed: str) -> str:
    """A typed code in its stored form: spaces and dashes dropped, upper case."""
    return _TYPED_SEPARATORS.sub("", str(typed or "")).upper()


def code_hash(code: str) -> str:
    """The SHA-256 (hex) of a code's normal form: what the exchange file and the server use."""
    return hashlib.sha256(normalise(code).encode("ascii", "replace")).hexdigest()


def grouped(code: str) -> str:
    """The printed form: groups of four joined by dashes."""
    plain = normalise(code)
    return "-".join(plain[i : i + GROUP] for i in range(0, len(plain), GROUP))


# --- the table --------------------------------------------------------------------------


def _key(ring: crypto.Keyring) -> bytes:
    return crypto.derive(ring.roots[-1], _KEY_PURPOSE)


def _aad(invitation_id: int) -> bytes:
    return f"answer-code:{invitation_id}".encode()


def issue(store, invitation_ids: Iterable[int]) -> int:
    """Give every invitation in `invitation_ids` that has none a new code; returns how many."""
    ids = sorted(set(invitation_ids))
    made = 0
    with store.write() as db:
        key = _key(store.keys)
        for chunk, marks in in_chunks(ids):
            have = {r[0] for r in db.execute(
                f"SELECT invitation_id FROM answer_codes WHERE invitation_id IN ({marks})", chunk)}
            for invitation_id in chunk:
                if invitation_id in have:
                    continue
                code = new_code()
                db.execute(
                    "INSERT INTO answer_codes(invitation_id, sealed_code, code_hash, created_at) VALUES (?, ?, ?, ?)",
                    [invitation_id, crypto.seal(key, code.encode(), _aad(invitation_id)), code_hash(code), utc_iso()],
                )
                made += 1
    return made


def code_of(store, invitation_id: int) -> str | None:
    """The plain code of an invitation (issued now when it has none); None when the invitation is gone."""
    if not store.scalar("SELECT 1 FROM invitations WHERE id = ?", [invitation_id]):
        return None
    issue(store, [invitation_id])
    row = store.one("SELECT sealed_code FROM answer_codes WHERE invitation_id = ?", [invitation_id])
    return crypto.open_sealed(_key(store.keys), row["sealed_code"], _aad(invitation_id)).decode()


def hashes(store, invitation_ids: Iterable[int]) -> dict[int, str]:
    """{invitation id: code hash} of those invitations that have a code."""
    found: dict[int, str] = {}
    ids = sorted(set(invitation_ids))
    for chunk, marks in in_chunks(ids):
        for row in store.rows(
            f"SELECT invitation_id, code_hash FROM answer_codes WHERE invitation_id IN ({marks})", chunk
        ):
            found[row["invitation_id"]] = row["code_hash"]
    return found


def invitation_of(store, hash_hex: str) -> int | None:
    """The invitation a code hash belongs to, if it still exists."""
    return store.scalar("SELECT invitation_id FROM answer_codes WHERE code_hash = ?", [hash_hex])


def live_codes(store, ceremony_ids: Iterable[int]) -> list[tuple[int, int, str | None]]:
    """(invitation id, ceremony id, code hash or None) of every invitation a link may answer
    for: in these ceremonies, the person not marked "niet contacteren" (a withdrawn
    invitation). One query per 900 ceremonies."""
    found: list[tuple[int, int, str | None]] = []
    ids = sorted(set(ceremony_ids))
    for chunk, marks in in_chunks(ids):
        found += [
            (r[0], r[1], r[2]) for r in store.db.execute(
                "SELECT i.id, i.ceremony_id, a.code_hash FROM invitations i JOIN people p ON p.id = i.person_id "
                "LEFT JOIN answer_codes a ON a.invitation_id = i.id "
                f"WHERE i.ceremony_id IN ({marks}) AND p.do_not_contact = 0",
                chunk,
            )
        ]
    return found


def count(store) -> int:
    """How many codes are held."""
    return store.scalar("SELECT count(*) FROM answer_codes")


def reseal(store, old_ring: crypto.Keyring, new_ring: crypto.Keyring) -> int:
    """Key rotation step (`keys.RESEAL_HOOKS`): every code re-sealed under the new root's key.

    The codes themselves (and so their hashes) stay: they are printed in letters people
    already have. Runs inside the rotation's transaction; its audit entry covers it.
    """
    old_key, new_key = _key(old_ring), _key(new_ring)
    with store.write() as db:
        rows = store.rows("SELECT invitation_id, sealed_code FROM answer_codes")
        for row in rows:
            aad = _aad(row["invitation_id"])
            code = crypto.open_sealed(old_key, row["sealed_code"], aad)
            db.execute(
                "UPDATE answer_codes SET sealed_code = ? WHERE invitation_id = ?",
                [crypto.seal(new_key, code, aad), row["invitation_id"]],
            )
    return len(rows)


# --- links --------------------------------------------------------------------------------


def base_url(store) -> str:
    """The setting `answer_base_url` without a trailing slash ("" when not set)."""
    return str(store.setting("answer_base_url") or "").strip().rstrip("/")


def no_link_reason(store, ceremony: dict | None = None) -> str | None:
    """Why letters and e-mails carry no answer link (one Dutch sentence for staff), or None:
    no `answer_base_url`, or (for `ceremony`) its answer deadline has passed or it was
    cancelled: a link that would only say "Deze link werkt niet meer" is not printed."""
    if not base_url(store):
        return t("answer_links.no_base_url")
    if ceremony is not None and not ceremonies.answers_open(ceremony):
        return t("answer_links.deadline_passed", date=be_date(ceremonies.answer_by(ceremony)))
    return None


def link_for(store, invitation_id: int, ceremony: dict | None = None) -> AnswerLink | None:
    """The answer link of an invitation (its code issued when it has none).

    None when there is no `answer_base_url` (`no_link_reason` says why), the invitation
    is gone, or the `ceremony` given no longer takes answers.
    """
    return links_for(store, [invitation_id], ceremony).get(invitation_id)


def links_for(store, invitation_ids: Iterable[int], ceremony: dict | None = None) -> dict[int, AnswerLink]:
    """The answer links of many invitations (a batch of letters or e-mails of `ceremony`):
    codes issued in one transaction, read in chunks. Empty without `answer_base_url` or
    when the ceremony no longer takes answers (its deadline passed, or it was cancelled)."""
    base = base_url(store)
    ids = sorted(set(invitation_ids))
    if not base or not ids or (ceremony is not None and not ceremonies.answers_open(ceremony)):
        return {}
    issue(store, _existing(store, ids))
    key, links = _key(store.keys), {}
    for chunk, marks in in_chunks(ids):
        for row in store.rows(
            f"SELECT invitation_id, sealed_code FROM answer_codes WHERE invitation_id IN ({marks})", chunk
        ):
            code = crypto.open_sealed(key, row["sealed_code"], _aad(row["invitation_id"])).decode()
            links[row["invitation_id"]] = make_link(base, code)
    return links


def _existing(store, invitation_ids: list[int]) -> list[int]:
    """Those of `invitation_ids` whose invitation still exists."""
    found: list[int] = []
    for chunk, marks in in_chunks(invitation_ids):
        found += [r[0] for r in store.db.execute(f"SELECT id FROM invitations WHERE id IN ({marks})", chunk)]
    return found


def make_link(base: str, code: str) -> AnswerLink:
    """The link and short address of one code."""
    return AnswerLink(code=grouped(code), url=f"{base}/a/{normalise(code)}", short_address=base)


def invitations_of_people(store, person_ids: Iterable[int]) -> list[int]:
    """The invitations with a code of these people (what an erasure takes off the exchange)."""
    found: list[int] = []
    ids = sorted(set(person_ids))
    for chunk, marks in in_chunks(ids):
        found += [r["invitation_id"] for r in store.rows(
            f"SELECT a.invitation_id FROM answer_codes a JOIN invitations i ON i.id = a.invitation_id "
            f"WHERE i.person_id IN ({marks})", chunk)]
    return found
