"""`export mailmerge|emails|letters|ics`: the invitation files, written to --out with mode 0600.

`export letters --template FILE` uses that Word template for this export only, after the
checks of an upload.

The command line is used by an operator with shell access to the server; it acts with
the coordinator's permission to export, and the audit trail names the OS user.
"""

from __future__ import annotations

from ceremony.cli.common import add_command, operator, write_new_file
from ceremony.errors import InvalidInput
from ceremony.texts import t


def register(subparsers) -> None:
    export = subparsers.add_parser(
        "export", help=t("cli.help.export")
    ).add_subparsers(dest="export_command", required=True, metavar=t("cli.metavar.kind"))
    p = add_command(
        export, "mailmerge", cmd_mailmerge, t("cli.help.export.mailmerge")
    )
    p.add_argument(
        "--ceremony", type=int, metavar="ID", help=t("cli.help.export.ceremony")
    )
    p.add_argument(
        "--privacy", action="store_true", help=t("cli.help.export.privacy")
    )
    _out(p)
    p = add_command(
        export, "emails", cmd_emails, t("cli.help.export.emails")
    )
    p.add_argument("--ceremony", type=int, metavar="ID", required=True)
    p.add_argument("--outlook", action="store_true", help=t("cli.help.export.outlook"))
    _out(p)
    p = add_command(export, "letters", cmd_letters, t("cli.help.export.letters"))
    p.add_argument("--ceremony", type=int, metavar="ID", required=True)
    p.add_argument("--template", metavar=t("cli.metavar.file"), help=t("cli.help.export.template"))
    p.add_argument("--updates", action="store_true", help=t("cli.help.export.letters_updates"))
    _out(p)
    p = add_command(export, "ics", cmd_ics, t("cli.help.export.ics"))
    p.add_argument("--ceremony", type=int, metavar="ID", required=True)
    _out(p)


def _out(parser) -> None:
    parser.add_argument(
        "--out",
        required=True,
        metavar=t("cli.metavar.file"),
        help=t("cli.help.export.out"),
    )
    # audit entry "cli.export.<kind>" rather than the bare sub-command name
    parser.set_defaults(command_name=f"export.{parser.prog.split()[-1]}")


def cmd_mailmerge(store, args) -> int:
    from ceremony import exports

    result = write_new_file(
        args.out,
        lambda: exports.MAILMERGE.export(store, operator("coordinator"), args.ceremony, privacy=args.privacy),
    )
    print(exports.counted("exports.cli.written", result.count, path=args.out))
    print(t("exports.cli.delete_reminder"))
    return 0


def cmd_emails(store, args) -> int:
    from ceremony import exports

    result = write_new_file(
        args.out, lambda: exports.EMAILS.export(store, operator("coordinator"), args.ceremony, outlook=args.outlook)
    )
    print(exports.counted("exports.cli.emails_written", result.count, path=args.out))
    print(t("exports.cli.delete_reminder"))
    return 0


def cmd_letters(store, args) -> int:
    from ceremony import exports
    from ceremony.answers import codes as answer_codes
    from ceremony.cli.letters import read_template
    from ceremony.exports.letters import LETTERS

    fmt = str(args.out).lower().rpartition(".")[2]
    if fmt not in ("docx", "pdf"):
        raise InvalidInput(t("letters.cli.format"))
    template = read_template(args.template) if args.template else None
    result = write_new_file(
        args.out,
        lambda: LETTERS.export(store, operator("coordinator"), args.ceremony, fmt, template=template, updates=args.updates),
    )
    print(exports.counted("letters.cli.written", result.count, path=args.out))
    no_link = answer_codes.no_link_reason(store)
    if no_link:
        print(no_link)
    print(t("exports.cli.delete_reminder"))
    return 0


def cmd_ics(store, args) -> int:
    from ceremony import exports

    write_new_file(args.out, lambda: exports.ICS.export(store, operator("coordinator"), args.ceremony))
    print(t("exports.cli.ics_written", path=args.out))
    return 0
