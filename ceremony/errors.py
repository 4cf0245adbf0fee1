"""Typed errors that carry one Dutch sentence for the user.

The UI shows `str(error)` with `st.error`; the CLI prints it on one line and exits 2.
`error.code` names the catalogue text of the sentence (the key given to `t()`).
Messages never hold personal data: only ids, counts, row numbers and field names.
"""


class CeremonyError(Exception):
    """Base class: the message is a Dutch sentence that tells the user what to do.

    `code` is the text key of that sentence when it came from the catalogue
    (`t("auth.denied")` carries it), else None: tests and callers compare codes, not Dutch.
    """

    exit_code = 2

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.code: str | None = getattr(args[0], "key", None) if args else None


class MasterKeyError(CeremonyError):
    """The master key is missing, malformed or does not fit the data."""


class IntegrityError(CeremonyError):
    """A stored ciphertext or audit entry was changed or cannot be opened."""


class AccessDenied(CeremonyError):
    """The user's role does not allow this page or action."""


class NotFound(CeremonyError):
    """The requested record does not exist (any more)."""


class InvalidInput(CeremonyError):
    """A value given by a user or a file is not acceptable."""


class ImportRefused(CeremonyError):
    """A delivery file cannot be read: wrong password, damaged, unsupported or too large."""


class AlreadyReceived(ImportRefused):
    """The same delivery (the same rows) was imported before; `delivery_id` and
    `received_at` name that import so a page can ask whether to import it again."""

    def __init__(self, message: str, delivery_id: int, received_at: str) -> None:
        super().__init__(message)
        self.delivery_id = delivery_id
        self.received_at = received_at


class AuthError(CeremonyError):
    """Login failed, the account is locked or disabled, or the session expired."""


class VerificationFailed(CeremonyError):
    """A verification (audit chain) found a problem; the CLI exits 1."""

    exit_code = 1


class SsoError(AuthError):
    """Single sign-on failed or is misconfigured; `reason` is a short code for the audit trail."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason


class MailError(CeremonyError):
    """The mail server cannot be reached or refuses the app (settings, TLS, login)."""


class Conflict(CeremonyError):
    """Someone else (or another window) changed the record meanwhile; nothing was saved."""
