"""`export <kind>`: the invitation files, written to --out with mode 0600.

One sub-command per registered export (`ceremony.exports.registry.EXPORTS`: mailmerge,
emails, letters, ics), with the options the export takes: `--ceremony ID`, its yes/no
flags (`--privacy`, `--outlook`, `--updates`), `--template FILE` (letters: that Word
template for this export only, after the checks of an upload), and `--out FILE`, whose
extension picks the format where an export has several (letters: .docx or .pdf).

The command line is used by an operator with shell access to the server; it acts with
the coordinator's permission to export, and the audit trail names the OS user.
"""

from __future__ import annotations

from ceremony.cli.common import add_command, operator, read_template, write_new_file
from ceremony.errors import InvalidInput
from ceremony.exports import registry
from ceremony.exports.registry import OPTIONAL, REQUIRED, Export
from ceremony.texts import t


def register(subparsers) -> None:
    export = subparsers.add_parser(
        "export", help=t("cli.help.export")
    ).add_subparsers(dest="export_command", required=True, metavar=t("cli.metavar.kind"))
    for spec in registry.EXPORTS:
        _add(export, spec)


def _add(export, spec: Export) -> None:
    """The sub-command of one export, its options from the registry."""
    p = add_command(export, spec.key, cmd_export, t(spec.help))
    if spec.ceremony == REQUIRED:
        p.add_argument("--ceremony", type=int, metavar="ID", required=True)
    elif spec.ceremony == OPTIONAL:
        p.add_argument("--ceremony", type=int, metavar="ID", help=t("cli.help.export.ceremony"))
    if spec.template:
        p.add_argument("--template", metavar=t("cli.metavar.file"), help=t("cli.help.export.template"))
    for flag in spec.flags:
        p.add_argument(f"--{flag.name}", action="store_true", help=t(flag.help))
    p.add_argument("--out", required=True, metavar=t("cli.metavar.file"), help=t("cli.help.export.out"))
    # audit entry "cli.export.<kind>" rather than the bare sub-command name
    p.set_defaults(export_key=spec.key, command_name=f"export.{spec.key}")


def _options(spec: Export, args) -> dict:
    """The keyword arguments of the export's function, from the command line."""
    options = {flag.name: getattr(args, flag.name) for flag in spec.flags}
    if spec.ceremony:
        options["ceremony_id"] = args.ceremony
    if spec.formats:
        fmt = str(args.out).lower().rpartition(".")[2]
        if fmt not in spec.formats:
            raise InvalidInput(t(spec.format_error))
        options["fmt"] = fmt
    if spec.template and args.template:
        options["template"] = read_template(args.template)
    return options


def cmd_export(store, args) -> int:
    from ceremony.exports.common import counted

    spec = registry.find(args.export_key)
    options = _options(spec, args)
    result = write_new_file(args.out, lambda: spec.run(store, operator("coordinator"), **options))
    if spec.personal:
        print(counted(spec.written, result.count, path=args.out))
        notice = registry.function(spec.notice)(store) if spec.notice else None
        if notice:
            print(notice)
        print(t("exports.cli.delete_reminder"))
    else:
        print(t(spec.written, path=args.out))
    return 0
