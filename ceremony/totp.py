"""The second factor for password sign-in: TOTP (RFC 6238) and single-use recovery codes.

This module owns the tables `totp` and `recovery_codes`. A secret is stored sealed
(AES-256-GCM under `Keyring.totp_key`, bound to the account's id) and becomes active
once the user confirms it with one code. Codes are checked with one step of clock
drift either way (`VALID_WINDOW`); the time step of each accepted code is remembered, so
a code (or an older one) cannot be used twice. Ten recovery codes are made at
confirmation and shown once; only their HMAC (keyed from the account's TOTP secret, so a
root-secret change re-seals them along with it) is stored.

The sign-in pages ask `next_step(store, user_id)` after the password: "enrol", "code"
or None (sign-in can complete). Every sign-in code check claims one try of the account's
lockout first (`signing_in.begin_attempt`), so parallel codes cannot outrun it; a wrong
code while enrolling counts only against the pending secret (MAX_ENROL_TRIES, then a new
secret), so a typo while setting up the phone never locks the account. Every step is
audited, never a secret or a code.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

import pyotp
import segno

from ceremony import audit, auth, crypto, permissions, signing_in
from ceremony.clock import now_utc, utc_iso
from ceremony.errors import AuthError, CeremonyError, InvalidInput
from ceremony.texts import t

VALID_WINDOW = 1  # accept the previous and the next 30-second step too (clock drift)
MAX_ENROL_TRIES = 5  # wrong codes per pending secret; then a new one (never an account lock)
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no l, o, 0, 1: easy to copy
_RECOVERY_GROUPS = 4  # four groups of four characters: 80 bits
DEFAULT_ISSUER = "Ceremonie"


@dataclass(frozen=True)
class Enrolment:
    """What the enrolment page shows once: the secret in text, its URI and a QR code."""

    secret: str  # base32, for typing into an authenticator app by hand
    uri: str  # otpauth:// provisioning URI (what the QR code holds)
    qr_svg: str  # inline <svg> with a Dutch <title> for screen readers
    tries_left: int  # wrong codes this secret may still take before a new one is made

    @property
    def groups(self) -> list[str]:
        """The secret in groups of four characters, as the page shows it."""
        return [self.secret[i : i + 4] for i in range(0, len(self.secret), 4)]


def _aad(user_id: int) -> bytes:
    return f"totp:{user_id}".encode()


def _seal(keys: crypto.Keyring, user_id: int, secret: str) -> bytes:
    return crypto.seal(keys.totp_key, secret.encode(), _aad(user_id))


def _open(keys: crypto.Keyring, user_id: int, sealed: bytes) -> str:
    return crypto.open_sealed(keys.totp_key, sealed, _aad(user_id)).decode()


def _row(store, user_id: int) -> dict | None:
    return store.one("SELECT * FROM totp WHERE user_id = ?", [user_id])


def required(store) -> bool:
    """Whether password sign-in needs a second factor (setting `require_totp`)."""
    return bool(store.setting("require_totp"))


def is_enrolled(store, user_id: int) -> bool:
    """Whether the account has a confirmed (active) TOTP secret."""
    return bool(store.scalar("SELECT active FROM totp WHERE user_id = ?", [user_id]))


def needs_enrolment(store, user_id: int) -> bool:
    """Whether the account must set up TOTP before its sign-in can complete."""
    return required(store) and not is_enrolled(store, user_id)


def next_step(store, user_id: int) -> str | None:
    """After a correct password: "enrol", "code", or None (call `signing_in.complete_sign_in`).

    An enrolled account is always asked for a code, even with `require_totp` off.
    """
    if is_enrolled(store, user_id):
        return "code"
    return "enrol" if required(store) else None


def enrolled_ids(store) -> set[int]:
    """Ids of the accounts with an active second factor (for the Gebruikers page)."""
    return {r["user_id"] for r in store.rows("SELECT user_id FROM totp WHERE active = 1")}


def _issuer(store) -> str:
    return (store.setting("municipality") or "").strip() or DEFAULT_ISSUER


def start_enrolment(store, user_id: int, renew: bool = False) -> Enrolment:
    """The secret to scan: the account's pending (unconfirmed) one, or a new one.

    The pending secret is kept, so that after a typo or a reload the page shows the QR
    code the phone has already scanned. A new one replaces it when there is none, when
    MAX_ENROL_TRIES wrong codes have spent it, or when the user asks for one (`renew`).
    Refused (InvalidInput) when the account already has an active second factor: only an
    administrator's `reset` allows a new one. Audits `totp.enrolment_started` per new secret.
    """
    row = signing_in.check_may_continue(store, user_id)
    with store.write() as db:
        if is_enrolled(store, user_id):
            raise InvalidInput(t("signin.totp.already_enrolled"))
        pending = _row(store, user_id)
        if pending is not None and not renew and pending["enrol_tries"] < MAX_ENROL_TRIES:
            secret, tries = _open(store.keys, user_id, pending["secret"]), pending["enrol_tries"]
        else:
            secret, tries = _new_pending(db, store, row), 0
    uri = pyotp.TOTP(secret).provisioning_uri(name=row["username"], issuer_name=_issuer(store))
    return Enrolment(
        secret=secret, uri=uri, qr_svg=_qr_svg(uri), tries_left=MAX_ENROL_TRIES - tries
    )


def _new_pending(db, store, row: dict) -> str:
    """Store a new unconfirmed secret for the account (inside the caller's transaction)."""
    user_id, secret = row["id"], pyotp.random_base32()
    db.execute("DELETE FROM recovery_codes WHERE user_id = ?", [user_id])
    db.execute(
        "INSERT INTO totp(user_id, secret, active, created_at) VALUES (?, ?, 0, ?) "
        "ON CONFLICT(user_id) DO UPDATE SET secret = excluded.secret, active = 0, "
        "created_at = excluded.created_at, confirmed_at = NULL, last_step = 0, enrol_tries = 0",
        [user_id, _seal(store.keys, user_id, secret), utc_iso()],
    )
    audit.record(
        store, audit.user_actor(row["username"]), "totp.enrolment_started", f"user:{user_id}"
    )
    return secret


def _qr_svg(uri: str) -> str:
    """The QR code as inline SVG that scales to its box (a viewBox, no fixed size), dark
    modules on white with the quiet zone, titled for screen readers."""
    svg = segno.make(uri, error="m").svg_inline(
        omitsize=True,
        border=4,
        title=t("signin.totp.qr_title"),
        desc=t("signin.totp.qr_desc"),
        light="#fff",
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)


def confirm_enrolment(store, user_id: int, code: str) -> list[str]:
    """Check one code against the pending secret, activate it, return recovery codes.

    The ten codes are returned once and stored only hashed; show them to the user now.
    A wrong code does not count toward the account's sign-in lockout: it is counted
    against the pending secret and audited (`login.failure` reason `totp_enrolment`, with
    the count), and AuthError says how many tries are left; after MAX_ENROL_TRIES the
    secret is spent (even its right code fails) and `start_enrolment` makes a new one.
    Audits `totp.enrolled` with the number of codes.
    """
    row = signing_in.check_may_continue(store, user_id)
    pending = _row(store, user_id)
    if pending is None or pending["active"]:
        raise InvalidInput(t("signin.totp.no_enrolment"))
    if pending["enrol_tries"] >= MAX_ENROL_TRIES:
        raise AuthError(t("signin.totp.enrol_spent", n=MAX_ENROL_TRIES))
    secret = _open(store.keys, user_id, pending["secret"])
    step = _matching_step(secret, code)
    if step is None:
        raise _enrolment_typo(store, row, pending["secret"])
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODES)]
    key = _recovery_key(secret)
    with store.write() as db:
        changed = db.execute(
            "UPDATE totp SET active = 1, confirmed_at = ?, last_step = ?, enrol_tries = 0 "
            "WHERE user_id = ? AND active = 0 AND secret = ?",
            [utc_iso(), step, user_id, pending["secret"]],
        ).rowcount
        if not changed:  # another enrolment replaced it meanwhile
            raise InvalidInput(t("signin.totp.no_enrolment"))
        db.execute("DELETE FROM recovery_codes WHERE user_id = ?", [user_id])
        for code_ in codes:
            db.execute(
                "INSERT INTO recovery_codes(user_id, code_hash) VALUES (?, ?)",
                [user_id, _hash(key, code_)],
            )
        audit.record(
            store,
            audit.user_actor(row["username"]),
            "totp.enrolled",
            f"user:{user_id}",
            recovery_codes=len(codes),
        )
    return codes


def _enrolment_typo(store, row: dict, sealed: bytes) -> CeremonyError:
    """Count a wrong enrolment code against the pending secret `sealed`; the error to raise."""
    user_id = row["id"]
    with store.write() as db:
        counted = db.execute(
            "UPDATE totp SET enrol_tries = enrol_tries + 1 "
            "WHERE user_id = ? AND active = 0 AND secret = ? AND enrol_tries < ?",
            [user_id, sealed, MAX_ENROL_TRIES],
        ).rowcount
        if not counted:  # replaced or spent meanwhile
            return InvalidInput(t("signin.totp.no_enrolment"))
        tries = store.scalar("SELECT enrol_tries FROM totp WHERE user_id = ?", [user_id])
        audit.record(
            store,
            audit.user_actor(row["username"]),
            "login.failure",
            f"user:{user_id}",
            reason="totp_enrolment",
            count=tries,
        )
    if tries >= MAX_ENROL_TRIES:
        return AuthError(t("signin.totp.enrol_spent", n=MAX_ENROL_TRIES))
    return AuthError(t("signin.totp.enrol_wrong_code", n=MAX_ENROL_TRIES - tries))


def verify(store, user_id: int, code: str) -> str:
    """The second factor: a current TOTP code or an unused recovery code, else AuthError.

    Six digits are checked as a TOTP code (one step of drift, never one used before);
    anything else as a recovery code, which is then spent. Raises the same AuthError as
    a wrong password for a wrong, replayed or spent code, a locked or disabled account,
    or an account without TOTP; wrong codes count toward the lockout (`login.failure`
    reason `totp` or `recovery_code`). Audits `totp.verified` or
    `totp.recovery_code_used` with `remaining`. Returns the method to pass to
    `signing_in.complete_sign_in`: "password+totp" or "password+recovery".
    """
    row = signing_in.begin_attempt(store, user_id)  # one claimed try of the lockout
    actor = audit.user_actor(row["username"])
    stored = _row(store, user_id)
    if stored is None or not stored["active"]:
        with store.write():
            signing_in.release_attempt(store, user_id)
            audit.record(store, actor, "login.failure", f"user:{user_id}", reason="totp_not_enrolled")
        raise signing_in.sign_in_failed()
    secret = _open(store.keys, user_id, stored["secret"])
    cleaned = "".join((code or "").split())
    if cleaned.isdigit() and len(cleaned) == 6:
        step = _matching_step(secret, cleaned)
        with store.write() as db:
            used = (
                step is not None
                and db.execute(
                    "UPDATE totp SET last_step = ? WHERE user_id = ? AND last_step < ?",
                    [step, user_id, step],
                ).rowcount
            )
            if used:
                signing_in.release_attempt(store, user_id)
                audit.record(store, actor, "totp.verified", f"user:{user_id}")
                return "password+totp"
        reason = "totp" if step is None else "totp_replayed"
    else:
        with store.write() as db:
            spent = _spend_recovery_code(db, store, user_id, _recovery_key(secret), cleaned)
            if spent is not None:
                signing_in.release_attempt(store, user_id)
                audit.record(
                    store, actor, "totp.recovery_code_used", f"user:{user_id}", remaining=spent
                )
                return "password+recovery"
        reason = "recovery_code"
    signing_in.attempt_failed(store, user_id, reason)
    raise signing_in.sign_in_failed()


def _matching_step(secret: str, code: str) -> int | None:
    """The 30-second time step `code` belongs to (within VALID_WINDOW of now), or None."""
    code = "".join((code or "").split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = now_utc()
    current = totp.timecode(now)
    found = None
    for offset in range(-VALID_WINDOW, VALID_WINDOW + 1):
        candidate = totp.generate_otp(current + offset)
        if hmac.compare_digest(candidate, code):  # compare every step: constant time
            found = current + offset
    return found


def _new_recovery_code() -> str:
    groups = (
        "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(4))
        for _ in range(_RECOVERY_GROUPS)
    )
    return "-".join(groups)


def _normalise_recovery_code(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _recovery_key(secret: str) -> bytes:
    return crypto.derive(secret.encode(), "ceremony recovery codes v1")


def _hash(key: bytes, code: str) -> str:
    return crypto.mac(key, _normalise_recovery_code(code).encode())


def _spend_recovery_code(db, store, user_id: int, key: bytes, code: str) -> int | None:
    """Mark a matching unused code as used; the number left, or None when none matched."""
    if not _normalise_recovery_code(code):
        return None
    spent = db.execute(
        "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
        [utc_iso(), user_id, _hash(key, code)],
    ).rowcount
    if not spent:
        return None
    return store.scalar(
        "SELECT count(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL", [user_id]
    )


def remaining_recovery_codes(store, user_id: int) -> int:
    """How many unused recovery codes the account has left."""
    return store.scalar(
        "SELECT count(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL", [user_id]
    )


def reset(store, user: permissions.User, username: str) -> None:
    """Remove an account's second factor (administrators); it enrols again at next sign-in.

    Also removes its recovery codes. Audits `totp.reset` (also when there was nothing to
    remove, with `had_totp=False`).
    """
    permissions.require(user, "users.manage")
    target = auth.get_user(store, username)
    with store.write() as db:
        had = db.execute("DELETE FROM totp WHERE user_id = ?", [target.id]).rowcount
        db.execute("DELETE FROM recovery_codes WHERE user_id = ?", [target.id])
        audit.record(store, user.actor, "totp.reset", f"user:{target.id}", had_totp=bool(had))
        auth.end_sessions(store, target.id, "totp_reset")


def reseal(store, old_ring: crypto.Keyring, new_ring: crypto.Keyring) -> int:
    """Re-seal every stored TOTP secret from `old_ring` to `new_ring` (root-secret change).

    Joins the caller's transaction (or opens its own), so the rotation and the re-seal
    land together. Recovery-code hashes are keyed from the secrets, which do not change.
    Returns the count; the rotation's own audit entry covers it (an entry here would be
    written between the audit chain's hand-over and the switch to the new audit key).
    """
    with store.write() as db:
        rows = store.rows("SELECT user_id, secret FROM totp")
        for row in rows:
            secret = _open(old_ring, row["user_id"], row["secret"])
            db.execute(
                "UPDATE totp SET secret = ? WHERE user_id = ?",
                [_seal(new_ring, row["user_id"], secret), row["user_id"]],
            )
    return len(rows)
