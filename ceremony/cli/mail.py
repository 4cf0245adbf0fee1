"""`mail send` and `mail test`: the e-mail invitations from the command line.

`mail send --ceremony ID` sends every e-mail invitation of the ceremony not sent yet
(one message per person) and prints the counts; `--dry-run` builds the messages and
sends nothing. `mail remind --ceremony ID` sends the ceremony's reminders not sent yet,
`mail remind --due` those of every ceremony whose reminder day has come (the scheduled job,
on the purge timer). `mail test --to ADDRESS` sends the invitation filled with a fictitious
person. The SMTP password comes from CEREMONY_SMTP_PASSWORD, never from an argument.
"""

from __future__ import annotations

from ceremony.cli.common import add_command, operator, print_json
from ceremony.texts import t


def register(subparsers) -> None:
    group = subparsers.add_parser("mail", help=t("cli.help.mail")).add_subparsers(
        dest="mail_command", required=True, metavar=t("cli.metavar.action")
    )
    p = add_command(group, "send", cmd_send, t("cli.help.mail.send"))
    p.add_argument("--ceremony", type=int, required=True, metavar="ID")
    p.add_argument("--dry-run", action="store_true", help=t("cli.help.mail.dry_run"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(command_name="mail.send")
    p = add_command(group, "remind", cmd_remind, t("cli.help.mail.remind"))
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--ceremony", type=int, metavar="ID", help=t("cli.help.mail.remind_ceremony"))
    which.add_argument("--due", action="store_true", help=t("cli.help.mail.due"))
    p.add_argument("--dry-run", action="store_true", help=t("cli.help.mail.dry_run"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(command_name="mail.remind")
    p = add_command(group, "test", cmd_test, t("cli.help.mail.test"))
    p.add_argument("--to", required=True, metavar=t("cli.metavar.address"))
    p.add_argument("--ceremony", type=int, metavar="ID", help=t("cli.help.mail.ceremony"))
    p.set_defaults(command_name="mail.test")


def cmd_send(store, args) -> int:
    from ceremony import mailing

    result = mailing.send_invitations(store, operator("coordinator"), args.ceremony, dry_run=args.dry_run)
    if args.json:
        counts = result.counts()
        if args.dry_run:
            counts["to_send"] = result.to_send
        if result.skipped_reasons:  # per invitation, never an address
            counts["skipped_reasons"] = result.skipped_reasons
        print_json(counts)
    elif args.dry_run:
        print(t("mail.cli.dry_run", to_send=result.to_send, skipped=result.skipped))
    else:
        print(t("mail.cli.result", **result.counts()))
    if result.interrupted and not args.json:
        print(t("mail.cli.interrupted"))
    return 1 if result.failed else 0


def cmd_remind(store, args) -> int:
    from ceremony.mailing import reminders

    user = operator("coordinator")
    if args.due:
        result = reminders.send_due(store, user, dry_run=args.dry_run)
    else:
        result = reminders.send_reminders(store, user, args.ceremony, dry_run=args.dry_run)
    return _report(result, args)


def _report(result, args) -> int:
    """Print the reminders' counts (JSON or Dutch lines); exit 1 when a message failed."""
    if args.json:
        counts = result.counts()
        if args.dry_run:
            counts["to_send"] = result.to_send
        print_json(counts)
        return 1 if result.failed else 0
    if args.due:
        print(t("mail.cli.due", n=result.ceremonies))
    if args.dry_run:
        print(t("mail.cli.dry_run", to_send=result.to_send, skipped=result.skipped))
    else:
        print(t("mail.cli.reminded", sent=result.sent, failed=result.failed, skipped=result.skipped))
    if result.interrupted:
        print(t("mail.cli.interrupted"))
    return 1 if result.failed else 0


def cmd_test(store, args) -> int:
    from ceremony import mailing

    mailing.send_test(store, operator("coordinator"), args.to, args.ceremony)
    print(t("mail.cli.test_sent"))
    return 0
