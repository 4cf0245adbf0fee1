"""`compliance report|letter --out FILE`: the DPO's evidence, without personal data."""

from __future__ import annotations

from ceremony.cli import add_command, operator, write_new_file
from ceremony.texts import t


def register(subparsers) -> None:
    group = subparsers.add_parser(
        "compliance", help="Verantwoording (zonder persoonsgegevens)."
    ).add_subparsers(dest="compliance_command", required=True, metavar="SOORT")
    p = add_command(group, "report", cmd_report, "Verslag per verplichting O1-O10 (Markdown).")
    p.add_argument("--out", required=True, metavar="BESTAND")
    p = add_command(group, "letter", cmd_letter, "Ontwerp van de verbintenis aan het VCMP (Markdown).")
    p.add_argument("--out", required=True, metavar="BESTAND")


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
