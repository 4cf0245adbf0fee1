"""A real SMTP server for the mail tests (aiosmtpd on 127.0.0.1), with a test certificate
made at run time (cryptography). It records every message as received on the wire and
can refuse one recipient or drop the connection after a number of messages."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import ipaddress
import socket
import ssl
from dataclasses import dataclass, field
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ceremony.config import parse_setting

USER, PASSWORD = "ceremonie-app", "relay-secret-for-tests"


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost and 127.0.0.1 (it is its own CA)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "smtp-test.crt", directory / "smtp-test.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.raw, policy=email.policy.default)


@dataclass
class Recorder:
    """The server's handler: keeps messages, refuses `refuse`, drops after `drop_after`."""

    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    drop_after: int | None = None
    tls_sessions: int = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.drop_after is not None and len(self.received) >= self.drop_after:
            server.transport.close()  # the connection is gone before the server answers
            return "421 closing"
        if session.ssl is not None:
            self.tls_sessions += 1
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 2.0.0 Message accepted"


def _authenticator(password: str):
    """Accepts USER with `password`, compared as UTF-8 bytes (RFC 4616)."""

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = getattr(auth_data, "login", None) == USER.encode() and auth_data.password == password.encode()
        return AuthResult(success=ok, handled=False)

    return authenticate


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(directory: Path, mode: str = "starttls", login: bool = False, password: str = PASSWORD,
          smtputf8: bool = True) -> tuple[Controller, Recorder, Path]:
    """Start a server: mode "starttls" (STARTTLS required), "tls" (implicit TLS) or "plain"
    (no TLS offered at all); `login`: AUTH required (USER with `password`) before MAIL;
    `smtputf8`: whether SMTPUTF8 is offered. Returns the controller (stop it), the recorder
    and the CA file."""
    cert, key = make_certificate(directory)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    recorder = Recorder()
    options = {"enable_SMTPUTF8": smtputf8}
    if login:
        options.update(authenticator=_authenticator(password), auth_required=True)
    if mode == "starttls":
        options.update(tls_context=context, require_starttls=True)
    elif mode == "tls":
        # aiosmtpd only counts STARTTLS as TLS for AUTH; this connection is TLS from the start
        options.update(ssl_context=context, server_hostname="localhost", auth_require_tls=False)
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    return controller, recorder, cert


def configure(store, monkeypatch, port: int, cafile, starttls: str = "true") -> None:
    """Point the settings at the test server (validated as the Instellingen page does)."""
    monkeypatch.setenv("CEREMONY_SMTP_CAFILE", str(cafile))
    for key, value in {
        "smtp_host": "localhost", "smtp_port": port, "smtp_starttls": starttls,
        "smtp_from": "ceremonie@teststad.be", "municipality": "Gemeente Teststad",
        "mail_rate_per_minute": 3000, "contact_email": "ceremonie@teststad.be",
    }.items():
        store.put_setting(key, parse_setting(key, value))
