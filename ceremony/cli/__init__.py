"""`python -m ceremony`: a thin command line over the domain.

Each area registers its subcommands in its own module (see COMMAND_MODULES). A handler
gets `(store, args)` and returns an exit code. Command modules import only what their
parsers need; a handler imports its domain modules when it runs, so that every command
starts light (`tests/test_cli_startup.py`, `bench/cli_bench.py`: `status` in < 0.4 s CPU). Errors: one Dutch line on stderr, exit 2
(1 for a failed verification); never a traceback, never personal data.
"""

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

from ceremony import audit, permissions, scratch
from ceremony.errors import CeremonyError, InvalidInput
from ceremony.startup import open_installation
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


def print_json(data: Any) -> None:
    """Machine-readable output on stdout."""
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


# argparse's own words, in Dutch (argparse looks `_` up at call time; %-placeholders are argparse's).
_ARGPARSE_NL = {
    "usage: ": t("cli.argparse.usage"),
    "positional arguments": t("cli.argparse.positionals"),
    "options": t("cli.argparse.options"),
    "show this help message and exit": t("cli.argparse.help"),
    "the following arguments are required: %s": t("cli.argparse.required"),
    "unrecognized arguments: %s": t("cli.argparse.unrecognized"),
    "invalid choice: %(value)r (choose from %(choices)s)": t("cli.argparse.invalid_choice"),
    "expected one argument": t("cli.argparse.one_value"),
    "invalid %(type)s value: %(value)r": t("cli.argparse.invalid_value"),
    "argument %(argument_name)s: %(message)s": t("cli.argparse.argument"),
}
argparse._ = lambda text: _ARGPARSE_NL.get(text, text)


class DutchParser(argparse.ArgumentParser):
    """Usage errors as one Dutch line on stderr, exit code 2."""

    def error(self, message: str):
        self.exit(2, t("cli.usage_error", prog=self.prog, message=message) + "\n")


def build_parser() -> argparse.ArgumentParser:
    from ceremony.cli import COMMAND_MODULES

    parser = DutchParser(
        prog="python -m ceremony", description=t("cli.help.app")
    )
    parser.add_argument("--data-dir", metavar=t("cli.metavar.folder"), help=t("cli.help.data_dir"))
    subparsers = parser.add_subparsers(dest="command", required=True, metavar=t("cli.metavar.command"))
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    args = build_parser().parse_args(argv)
    store = None
    try:
        if args.needs_store:
            store = open_installation(
                args.data_dir, for_="cli", create=getattr(args, "create_store", False), check=args.reconcile
            )
        else:
            scratch.remove_left_over()  # letters a killed PDF conversion left behind
        code = args.handler(store, args)
        if store is not None:
            audit.record(store, audit.cli_actor(), f"cli.{args.command_name}", outcome="ok")
        return code
    except CeremonyError as exc:
        print(str(exc), file=sys.stderr)
        _audit_failure(store, args)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception:  # never a traceback (it could hold data) for a user
        print(t("generic.unexpected"), file=sys.stderr)
        _audit_failure(store, args)
        return 2
    finally:
        if store is not None:
            store.close()


def _audit_failure(store, args) -> None:
    if store is None:
        return
    # a failing audit write must not hide the first error
    with contextlib.suppress(Exception):
        audit.record(store, audit.cli_actor(), f"cli.{args.command_name}", outcome="error")


from ceremony.cli import (  # noqa: E402
    ceremonies,
    compliance,
    core,
    exports,
    importing,
    intake,
    invitations,
    keys,
    letters,
    mail,
    retention,
    serve,
)

COMMAND_MODULES = [core, intake, importing, retention, ceremonies, exports, letters, compliance, keys, invitations, mail, serve]
