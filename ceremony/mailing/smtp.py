"""The connection to the municipality's SMTP relay (smtplib), always encrypted.

`smtp_starttls` true: a plain connection upgraded with STARTTLS (port 587), refused if
the server does not offer it; false: TLS from the first byte (port 465). The app never
sends personal data over an unencrypted connection. The server's certificate is checked
against the system's CAs, or against `CEREMONY_SMTP_CAFILE` (a municipality's own CA).
Authentication is optional: `smtp_user` from the settings, the password from the
environment variable `CEREMONY_SMTP_PASSWORD`, never stored in the database. User and
password travel as UTF-8 (RFC 4616; smtplib would refuse a password with é). A relay
that asks for a login when none is set (530) is a configuration error, said in Dutch.
"""

from __future__ import annotations

import base64
import contextlib
import os
import smtplib
import ssl
from collections.abc import Iterator
from dataclasses import dataclass

from ceremony.config import parse_setting
from ceremony.errors import MailError
from ceremony.texts import t

PASSWORD_ENV = "CEREMONY_SMTP_PASSWORD"  # noqa: S105 - the variable's name, not a password
CAFILE_ENV = "CEREMONY_SMTP_CAFILE"
TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    starttls: bool
    sender: str
    user: str
    password: str | None

    def __repr__(self) -> str:  # never show the password in a log or traceback
        return f"SmtpConfig(host={self.host!r}, port={self.port}, starttls={self.starttls})"


def config_from(settings: dict) -> SmtpConfig:
    """The connection settings, or MailError naming what is missing."""
    if not settings.get("smtp_host"):
        raise MailError(t("mail.not_configured"))
    if not settings.get("smtp_from"):
        raise MailError(t("mail.no_sender"))
    user = str(settings.get("smtp_user") or "").strip()
    password = os.environ.get(PASSWORD_ENV) or None
    if user and not password:
        raise MailError(t("mail.no_password", env=PASSWORD_ENV))
    return SmtpConfig(
        host=settings["smtp_host"],
        port=int(settings["smtp_port"]),
        # a bool; parsed again so that a value stored as text ("false") reads right too
        starttls=parse_setting("smtp_starttls", settings.get("smtp_starttls", True)),
        sender=settings["smtp_from"],
        user=user,
        password=password,
    )


def tls_context() -> ssl.SSLContext:
    """Certificate and host name checked; a municipality's own CA via CEREMONY_SMTP_CAFILE."""
    cafile = os.environ.get(CAFILE_ENV) or None
    try:
        return ssl.create_default_context(cafile=cafile)
    except (OSError, ssl.SSLError):
        raise MailError(t("mail.cafile_unreadable", env=CAFILE_ENV)) from None


@contextlib.contextmanager
def connect(config: SmtpConfig) -> Iterator[smtplib.SMTP]:
    """An open, encrypted (and, with a user, authenticated) connection; closed afterwards."""
    context = tls_context()
    try:
        if config.starttls:
            server = smtplib.SMTP(config.host, config.port, timeout=TIMEOUT_SECONDS)
        else:
            server = smtplib.SMTP_SSL(config.host, config.port, timeout=TIMEOUT_SECONDS, context=context)
    except ssl.SSLError:
        raise MailError(t("mail.tls_failed", host=config.host)) from None
    except (OSError, smtplib.SMTPException):
        raise MailError(t("mail.connect_failed", host=config.host, port=config.port)) from None
    try:
        _secure_and_login(server, config, context)
        yield server
    finally:
        with contextlib.suppress(Exception):
            server.quit()
        with contextlib.suppress(Exception):
            server.close()


def _secure_and_login(server: smtplib.SMTP, config: SmtpConfig, context: ssl.SSLContext) -> None:
    try:
        if config.starttls:
            server.ehlo()
            if not server.has_extn("starttls"):
                raise MailError(t("mail.starttls_missing", host=config.host))
            server.starttls(context=context)
            server.ehlo()
        if config.user:
            _login(server, config.user, config.password or "")
    except MailError:
        raise
    except ssl.SSLError:
        raise MailError(t("mail.tls_failed", host=config.host)) from None
    except smtplib.SMTPAuthenticationError:
        raise MailError(t("mail.login_failed")) from None
    except smtplib.SMTPNotSupportedError:
        raise MailError(t("mail.login_unsupported")) from None
    except (OSError, smtplib.SMTPException):
        raise MailError(t("mail.connect_failed", host=config.host, port=config.port)) from None


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def _login(server: smtplib.SMTP, user: str, password: str) -> None:
    """AUTH PLAIN or LOGIN with user and password as UTF-8; other mechanisms via smtplib."""
    server.ehlo_or_helo_if_needed()
    if not server.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError
    offered = server.esmtp_features["auth"].upper().split()
    if "PLAIN" in offered:
        code, reply = server.docmd("AUTH", "PLAIN " + _b64(f"\0{user}\0{password}"))
    elif "LOGIN" in offered:
        code, reply = server.docmd("AUTH", "LOGIN " + _b64(user))
        if code == 334:
            code, reply = server.docmd(_b64(password))
    else:
        server.login(user, password)  # CRAM-MD5 and the like: ASCII only, as smtplib does it
        return
    if code not in (235, 503):  # 503: already authenticated
        raise smtplib.SMTPAuthenticationError(code, reply)


def raise_if_login_required(exc: smtplib.SMTPResponseException) -> None:
    """A relay's "530 authentication required" (any command) as MailError saying what to set."""
    if exc.smtp_code == 530:
        raise MailError(t("mail.login_required", env=PASSWORD_ENV)) from None
