"""`compliance report|letter --out FILE`: the DPO's evidence, without personal data."""

from __future__ import annotations

from ceremony.cli.common import add_command, operator, write_new_file
from ceremony.texts import t


def register(subparsers) -> None:
    group = subparsers.add_parser(
        "compliance", help=t("cli.help.compliance")
    ).add_subparsers(dest="compliance_command", required=True, metavar=t("cli.metavar.kind"))
    p = add_command(group, "report", cmd_report, t("cli.help.compliance.report"))
    p.add_argument("--out", required=True, metavar=t("cli.metavar.file"))
    p = add_command(group, "letter", cmd_letter, t("cli.help.compliance.letter"))
    p.add_argument("--out", required=True, metavar=t("cli.metavar.file"))


def cmd_report(store, args) -> int:
    from ceremony import compliance

    write_new_file(args.out, lambda: compliance.report_markdown(store, operator("dpo")))
    print(t("cli.compliance.report_written", path=args.out))
    return 0


def cmd_letter(store, args) -> int:
    from ceremony import compliance

    write_new_file(args.out, lambda: compliance.letter_markdown(store, operator("dpo")))
    print(t("cli.compliance.letter_written", path=args.out))
    return 0
