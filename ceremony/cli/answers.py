"""Commands for the answer page: `answers sync` (the staff side's exchange with the public answer server)."""

from __future__ import annotations

from ceremony.cli.common import add_command, print_json
from ceremony.texts import t


def register(subparsers) -> None:
    group = subparsers.add_parser("answers", help=t("answer_links.cli.group_help")).add_subparsers(
        dest="answers_command", required=True, metavar=t("cli.metavar.action")
    )
    p = add_command(group, "sync", cmd_sync, t("answer_links.cli.sync_help"))
    p.add_argument("--json", action="store_true")


def cmd_sync(store, args) -> int:
    from ceremony import audit
    from ceremony.answers import sync

    result = sync.sync(store, audit.cli_actor())
    if args.json:
        print_json(result.as_dict())
    else:
        print(t("answer_links.cli.synced", taken_in=result.taken_in, removed=result.dead_codes_removed,
                published=result.codes_published))
        if result.unreadable:
            print(t("answer_links.cli.unreadable", n=result.unreadable))
    return 0
