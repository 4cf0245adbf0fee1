"""`letters template check|set FILE`: check a Word template for letters, or check and store it.

Both run the checks of an upload (`letters.check_template`, with its PDF when LibreOffice
is there); `check --preview OUT` writes the first letter of the test render (a made-up
person) with mode 0600. The operator acts with the administrator's permission.
"""

from __future__ import annotations

from pathlib import Path

from ceremony.cli.common import add_command, operator, read_template, write_new_file
from ceremony.texts import t


def register(subparsers) -> None:
    group = subparsers.add_parser("letters", help=t("cli.help.letters")).add_subparsers(
        dest="letters_command", required=True, metavar=t("cli.metavar.command"))
    template = group.add_parser("template", help=t("cli.help.letters.template")).add_subparsers(
        dest="template_command", required=True, metavar=t("cli.metavar.command"))
    p = add_command(template, "check", cmd_check, t("cli.help.letters.template.check"))
    p.add_argument("file", metavar=t("cli.metavar.file"))
    p.add_argument("--preview", metavar=t("cli.metavar.file"), help=t("cli.help.letters.preview"))
    p.set_defaults(command_name="letters.template.check")
    p = add_command(template, "set", cmd_set, t("cli.help.letters.template.set"))
    p.add_argument("file", metavar=t("cli.metavar.file"))
    p.set_defaults(command_name="letters.template.set")


def cmd_check(store, args) -> int:
    from ceremony.exports import letters

    data = read_template(args.file)
    user = operator("beheerder")
    if args.preview:
        write_new_file(args.preview, lambda: letters.preview_template(store, user, data))
        print(t("letters.cli.preview_written", path=args.preview))
    else:
        letters.preview_template(store, user, data)
    print(t("letters.cli.template_ok"))
    return 0


def cmd_set(store, args) -> int:
    from ceremony.exports import letters

    letters.upload_template(store, operator("beheerder"), Path(args.file).name, read_template(args.file))
    print(t("letters.cli.template_set", name=Path(args.file).name))
    return 0
