"""Commands for the master key."""

from __future__ import annotations

from pathlib import Path

from ceremony.cli.common import add_command, operator, print_json
from ceremony.texts import t


def register(subparsers) -> None:
    group = subparsers.add_parser("keys", help=t("cli.help.keys")).add_subparsers(
        dest="keys_command", required=True, metavar=t("cli.metavar.action")
    )
    p = add_command(group, "rotate", cmd_rotate, t("cli.keys.rotate_help"))
    p.add_argument("--new-key-file", type=Path, metavar=t("cli.metavar.file"), help=t("cli.help.keys.new_key_file"))
    p.add_argument("--json", action="store_true")


def cmd_rotate(store, args) -> int:
    from ceremony import keys

    result = keys.rotate(store, operator("beheerder"), args.new_key_file)
    if args.json:
        print_json(result)
    elif result["from_env"]:
        print(t("cli.keys.env_done", path=result["key_file"]))
    else:
        print(t("cli.keys.rotated", people=result["people"], notes=result["notes"],
                data_keys=result["data_keys"], path=result["key_file"]))
    if not args.json:
        print(t("cli.keys.backup_after_rotation"))
    return 0
