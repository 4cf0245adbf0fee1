"""`python -m ceremony`: a thin command line over the domain.

Each area registers its subcommands in its own module (see COMMAND_MODULES), with the
helpers of `ceremony.cli.common`. A handler gets `(store, args)` and returns an exit code. Command modules import only what their
parsers need; a handler imports its domain modules when it runs, so that every command
starts light (`tests/test_cli_startup.py`, `bench/cli_bench.py`: `status` in < 0.4 s CPU). Errors: one Dutch line on stderr, exit 2
(1 for a failed verification); never a traceback, never personal data.
"""

from __future__ import annotations

import argparse
import contextlib
import sys

from ceremony import audit, scratch
from ceremony.cli import (
    answers,
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
from ceremony.errors import CeremonyError
from ceremony.startup import open_installation
from ceremony.store import Store
from ceremony.texts import t

COMMAND_MODULES = [
    core, intake, importing, retention, ceremonies, exports, letters, compliance, keys, invitations, mail, serve, answers,
]

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
    """Put the failed command on record, also one the start-up refused (its store is reopened
    plainly for that one entry)."""
    # a failing audit write, or an installation that does not open at all, must not hide the first error
    with contextlib.suppress(Exception):
        if store is not None:
            audit.record(store, audit.cli_actor(), f"cli.{args.command_name}", outcome="error")
        elif args.needs_store:
            with contextlib.closing(Store.open(args.data_dir)) as plain:
                audit.record(plain, audit.cli_actor(), f"cli.{args.command_name}", outcome="error")

