"""What the command modules share: registering a command, the operator, passwords, files
(a new file, a letter template), JSON."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ceremony import audit, permissions
from ceremony.errors import InvalidInput
from ceremony.store import Store
from ceremony.texts import t

Handler = Callable[[Store, argparse.Namespace], int]


def add_command(subparsers, name: str, handler: Handler, help_text: str, needs_store: bool = True, **kwargs):
    """Register one (sub)command; returns its parser for arguments.

    Before the handler runs, the installation is opened by the one start-up
    (`startup.open_installation`): among others the tamper evidence is checked (a
    missing, shorter or older anchor or shred ledger refuses the command) and a database
    restored from an older copy gets the deletions of the shred ledger re-applied;
    `audit verify` and `audit accept-anchor` set `reconcile=False` (no check, no restore):
    the one reports what it finds, the other is the administrator's way back.
    """
    parser = subparsers.add_parser(name, help=help_text, description=help_text, **kwargs)
    parser.set_defaults(handler=handler, needs_store=needs_store, command_name=name, reconcile=True)
    return parser


@dataclass(frozen=True)
class CliOperator(permissions.User):
    """The person at the server's shell, audited as cli:<os user>.

    Whoever can run the command line holds the data directory and the key, the highest
    privilege there is; the domain's permission checks still run, with the role given.
    """

    @property
    def actor(self) -> str:
        return audit.cli_actor()


def operator(role: str) -> CliOperator:
    """The command-line operator acting with `role`'s permissions."""
    return CliOperator(0, audit.cli_actor(), role)


def read_password(args: argparse.Namespace, prompt: str | None = None) -> str:
    """A password from stdin (--password-stdin) or a hidden prompt; never an argument."""
    if getattr(args, "password_stdin", False):
        value = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        value = getpass.getpass(prompt or t("cli.password_prompt"))
    else:
        value = ""
    if not value:
        raise InvalidInput(t("cli.password_empty"))
    return value


def write_new_file(path: str | os.PathLike, produce: Callable[[], Any]) -> Any:
    """Create `path` (mode 0600, refused if it exists), then produce and write its bytes.

    `produce` returns bytes or an object with `.data` (an export). The file is opened
    before anything is produced, so an unwritable place fails before any data is
    decrypted or audited; if producing fails, the empty file is removed.
    """
    target = Path(path)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise InvalidInput(t("exports.cli.exists", path=target)) from None
    except OSError:
        raise InvalidInput(t("exports.cli.cannot_write", path=target)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            result = produce()
            handle.write(getattr(result, "data", result))
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise
    return result


def read_template(path: str) -> bytes:
    """A template file's bytes, at most one byte past the size limit (the check refuses more)."""
    from ceremony.exports.letters import MAX_TEMPLATE_BYTES

    try:
        with Path(path).open("rb") as handle:
            return handle.read(MAX_TEMPLATE_BYTES + 1)
    except OSError:
        raise InvalidInput(t("letters.cli.unreadable", path=path)) from None


def print_json(data: Any) -> None:
    """Machine-readable output on stdout."""
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
