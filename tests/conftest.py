"""Shared fixtures: a fresh installation per test, synthetic people only."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
from argon2 import PasswordHasher
from argon2 import profiles as argon2_profiles

from ceremony import auth, permissions, signing_in
from ceremony.cli.entry import main
from ceremony.intake import sealed
from ceremony.startup import open_installation
from ceremony.store import Store

ROOT = Path(__file__).resolve().parent.parent

PASSWORD = "correct-horse-battery"
# the administrator tests act as when they set up users and settings
ADMIN = permissions.User(0, "testbeheer", "beheerder")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """No test sees a real key or data directory from the environment."""
    for name in ("CEREMONY_MASTER_KEY", "CEREMONY_KEY_FILE", "CEREMONY_ANCHOR_FILE", "CEREMONY_FAKE_NOW"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CEREMONY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CEREMONY_RAISE_ERRORS", "1")  # page tests see real exceptions


# argon2-cffi's own test profile: a hash costs microseconds instead of ~0.3 s of CPU.
_CHEAP_HASHER = PasswordHasher.from_parameters(argon2_profiles.CHEAPEST)
_CHEAP_DUMMY_HASH = _CHEAP_HASHER.hash("dummy-password-nobody-knows")


@pytest.fixture(autouse=True)
def _cheap_password_hashing(request, monkeypatch):
    """Password hashing at argon2's cheapest parameters, in this test process only.

    Hundreds of tests add users and sign in; at the production parameters that alone was
    minutes of CPU. What is tested (argon2id, verification, lockout, same answer for
    every failure) does not depend on the cost. Tests marked `production_argon2` (the
    cost and timing checks) keep the real parameters; app servers started by browser
    tests always use them (they verify any argon2 hash by the parameters it carries).
    """
    if request.node.get_closest_marker("production_argon2") is None:
        monkeypatch.setattr(auth, "_hasher", _CHEAP_HASHER)
        monkeypatch.setattr(signing_in, "_DUMMY_HASH", _CHEAP_DUMMY_HASH)


# scrypt's cost for a sealed file, as shipped (2**17, 128 MiB: 0.7 s of CPU per seal and open)
_PRODUCTION_SEAL_LOG2_N = sealed.DEFAULT_LOG2_N


@pytest.fixture(scope="session", autouse=True)
def _cheap_sealing():
    """Sealed files made in this test process use scrypt's lowest accepted cost (2**14).

    A seal and an open then cost 0.08 s of CPU instead of 0.7 s; hundreds of tests seal
    deliveries. The opener takes the cost from the file's header, so what is tested (the
    format, passphrases, tampering, the limits a hostile header meets) is the same. Session
    scope: module fixtures seal too. Tests marked `production_scrypt` seal at the shipped
    cost; app servers and commands started as subprocesses always do.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sealed, "DEFAULT_LOG2_N", sealed.MIN_LOG2_N)
        yield


@pytest.fixture(scope="session", autouse=True)
def _cheap_office_encryption():
    """Password-protected workbooks made in this test process use 1,000 hash rounds
    instead of Excel's 100,000 (0.05 s of CPU per encryption and again per decryption).
    The reader takes the rounds from the file, so what is tested is the same; tests of
    the rounds limit (test_parse_once.py) choose their own count."""
    from msoffcrypto.method.ecma376_agile import ECMA376Agile

    excel = ECMA376Agile.encrypt

    def encrypt(key, ibuf, salt_value=None, spin_count=1_000):
        return excel(key, ibuf, salt_value=salt_value, spin_count=spin_count)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ECMA376Agile, "encrypt", staticmethod(encrypt))
        yield


@pytest.fixture(scope="session", autouse=True)
def _components_scanned_once():
    """Streamlit looks through every installed package's metadata for components each
    time a runtime starts: every page test's AppTest run, about 0.08 s of CPU each, a
    third of the CPU of the tests without a browser. The installed packages do not
    change during a test run, so this test process looks once and reuses what it found
    (none: the app uses no installed components)."""
    from streamlit.components.v2 import manifest_scanner

    found = manifest_scanner.scan_component_manifests()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(manifest_scanner, "scan_component_manifests", lambda max_workers=None: list(found))
        yield


@pytest.fixture(autouse=True)
def _production_sealing(request, monkeypatch):
    """`production_scrypt` tests seal at the shipped scrypt cost."""
    if request.node.get_closest_marker("production_scrypt") is not None:
        monkeypatch.setattr(sealed, "DEFAULT_LOG2_N", _PRODUCTION_SEAL_LOG2_N)


@pytest.fixture(autouse=True)
def apptest_cookie(monkeypatch):
    """Page tests: AppTest cannot send a cookie, so the session cookie a real browser
    would send is read from the AppTest's session state (tests/apptest_helpers.login)."""
    import streamlit as st

    from ceremony.ui import session

    monkeypatch.setattr(session, "session_token", lambda: st.session_state.get("_apptest_session_cookie"))


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir) -> Store:
    s = open_installation(data_dir, for_="cli", create=True)
    yield s
    s.close()


class Result(NamedTuple):
    """What a command-line run left: exit code, standard output, standard error."""

    code: int
    out: str
    err: str


@pytest.fixture
def server(tmp_path, monkeypatch, store):
    """The test SMTP server (STARTTLS required, tests/smtp_server.py) and the settings
    pointing at it; yields its recorder of received messages."""
    from tests import smtp_server

    controller, recorder, cafile = smtp_server.start(tmp_path)
    smtp_server.configure(store, monkeypatch, controller.port, cafile)
    yield recorder
    controller.stop()


@pytest.fixture
def cli(data_dir, capsys, monkeypatch):
    """`cli(*args, stdin="", env=None) -> Result`: `python -m ceremony --data-dir DATA_DIR
    ARGS` run in this process (`ceremony.cli.entry.main`), like sqlite-utils' CliRunner tests.

    `stdin` is what the operator types or pipes (passwords with --password-stdin); `env`
    adds environment variables for this run only. A subprocess is only for tests that
    must kill or crash the process.
    """

    def run(*args, stdin: str = "", env: dict[str, str] | None = None) -> Result:
        capsys.readouterr()  # only this run's output
        with monkeypatch.context() as scoped:
            for name, value in (env or {}).items():
                scoped.setenv(name, value)
            scoped.setattr(sys, "stdin", io.StringIO(stdin))
            try:
                code = main(["--data-dir", str(data_dir), *map(str, args)])
            except SystemExit as exc:  # argparse: usage errors and --help
                code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def add_user(store, name: str, role: str) -> permissions.User:
    return auth.create_user(store, ADMIN, name, role, PASSWORD)


def files_under(directory: Path):
    for root, _dirs, files in os.walk(directory):
        for name in files:
            yield Path(root) / name


def assert_absent(directory: Path, needles: list[bytes]) -> None:
    """No file under `directory` contains any of the byte strings."""
    for path in files_under(directory):
        content = path.read_bytes()
        for needle in needles:
            assert needle not in content, f"{needle!r} found in {path}"


@pytest.fixture(scope="session")
def oidc_provider():
    """A real OpenID Connect provider (tests/oidc, `oidc-provider`) for this test session.

    Yields a `tests.oidc_provider.TestProvider`: issuer, client_id, client_secret,
    metadata_url, secrets(redirect_uri) and login(authorization_url, login_name). Any login
    name signs in as `<login>@example.org`; loopback redirect URIs on any port are accepted.
    """
    from tests.oidc_provider import running_provider

    with running_provider() as provider:
        yield provider
