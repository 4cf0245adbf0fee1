"""`invitations add` and `invitations list`: invite from a script, read the counts.

`add --all` invites every eligible person (the same rule as the Ceremonies page:
certificate in the window, not "niet contacteren", not invited yet, not present at
another ceremony); `list` prints anonymous counts per channel and per answer, and the
answers (yes, no, open, waiting list) with companions and per answer channel; `to-letter
--no-phone` puts the invitees without a usable phone number on the letter channel.
"""

from __future__ import annotations

from ceremony import invitations
from ceremony.cli.common import add_command, operator, print_json
from ceremony.errors import InvalidInput
from ceremony.texts import t


def register(subparsers) -> None:
    group = subparsers.add_parser("invitations", help=t("cli.help.invitations")).add_subparsers(
        dest="invitations_command", required=True, metavar=t("cli.metavar.action")
    )
    p = add_command(group, "add", cmd_add, t("cli.help.invitations.add"))
    p.add_argument("--ceremony", type=int, required=True, metavar="ID")
    p.add_argument("--all", action="store_true", help=t("cli.help.invitations.all"))
    p.add_argument("--channel", choices=invitations.CHANNELS, default="brief")
    p.add_argument("--json", action="store_true")
    p.set_defaults(command_name="invitations.add")
    p = add_command(group, "list", cmd_list, t("cli.help.invitations.list"))
    p.add_argument("--ceremony", type=int, required=True, metavar="ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(command_name="invitations.list")
    p = add_command(group, "to-letter", cmd_to_letter, t("cli.help.invitations.to_letter"))
    p.add_argument("--ceremony", type=int, required=True, metavar="ID")
    p.add_argument("--no-phone", action="store_true", help=t("cli.help.invitations.no_phone"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(command_name="invitations.to_letter")


def cmd_add(store, args) -> int:
    if not args.all:
        raise InvalidInput(t("invitations.cli.all_needed"))
    made = invitations.invite(store, operator("coordinator"), args.ceremony, None, args.channel)
    if args.json:
        print_json({"invited": made})
    else:
        print(t("invitations.cli.invited_one") if made == 1 else t("invitations.cli.invited", n=made))
    return 0


def cmd_to_letter(store, args) -> int:
    from ceremony.phone_round import assignment

    if not args.no_phone:
        raise InvalidInput(t("invitations.cli.no_phone_needed"))
    moved = assignment.no_number_to_letter(store, operator("coordinator"), args.ceremony)
    if args.json:
        print_json({"moved": moved})
    else:
        print(t("invitations.cli.to_letter", n=moved))
    return 0


def cmd_list(store, args) -> int:
    from ceremony.invitations import answers

    counts = {**invitations.invitation_counts(store, args.ceremony), **answers.answer_counts(store, args.ceremony)}
    if args.json:
        print_json(counts)
        return 0
    print(t("invitations.cli.total", n=counts["invited"]))
    for kind, label in (("channel", "ceremonies.channel"), ("answer", "ceremonies.answer")):
        for value, n in counts[kind].items():
            if value != invitations.WAITING:  # counted on the answers line below
                print(t("invitations.cli.row", kind=t(f"invitations.cli.kind.{kind}"), value=t(f"{label}.{value}"), n=n))
    print(t("answers.cli.answers", companions=counts["companions"], **counts["answers"]))
    print(t("answers.cli.by_channel", **counts["by_channel"]))
    return 0
