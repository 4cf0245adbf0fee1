"""Commands of the ceremonies area: `ceremonies add`, `list`, `edit` and `cancel`.

`edit` changes only the values given; a change of date, hour or venue makes the next
`mail send` send an update to everyone mailed before (the output says how many, and how
many got a letter: `export letters --updates`). `cancel` makes it send cancellations and
says how many letter and phone invitees staff must still inform.

Ceremonies hold no personal data. The command line acts as an operator: whoever can run
it holds the data directory and the master key, so a role check would protect nothing.
The domain functions still take a user; the operator is a coordinator whose audit actor
is `cli:<os user>`, like every other command.
"""

from __future__ import annotations

from ceremony.cli.common import add_command, operator, print_json
from ceremony.clock import be_date
from ceremony.texts import t


def register(subparsers) -> None:
    group = subparsers.add_parser("ceremonies", help=t("cli.help.ceremonies")).add_subparsers(
        dest="ceremonies_command", required=True, metavar=t("cli.metavar.action")
    )
    p = add_command(group, "add", cmd_add, t("cli.help.ceremonies.add"))
    p.add_argument("--name", required=True, metavar=t("cli.metavar.name"))
    p.add_argument("--date", required=True, metavar=t("cli.metavar.date"))
    p.add_argument("--time", metavar=t("cli.metavar.time"))
    p.add_argument("--location", default="", metavar=t("cli.metavar.location"))
    p.add_argument("--capacity", metavar=t("cli.metavar.number"))
    p = add_command(group, "list", cmd_list, t("cli.help.ceremonies.list"))
    p.add_argument("--json", action="store_true")
    p = add_command(group, "edit", cmd_edit, t("cli.help.ceremonies.edit"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--name", metavar=t("cli.metavar.name"))
    p.add_argument("--date", metavar=t("cli.metavar.date"))
    p.add_argument("--time", metavar=t("cli.metavar.time"))
    p.add_argument("--location", metavar=t("cli.metavar.location"))
    p.add_argument("--capacity", metavar=t("cli.metavar.number"))
    p.add_argument("--answer-by", metavar=t("cli.metavar.date"), help=t("cli.help.ceremonies.answer_by"))
    p.add_argument("--json", action="store_true")
    p = add_command(group, "cancel", cmd_cancel, t("cli.help.ceremonies.cancel"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true")


def cmd_add(store, args) -> int:
    from ceremony import ceremonies

    ceremony_id = ceremonies.create_ceremony(
        store, operator("coordinator"), name=args.name, date=args.date, time=args.time,
        location=args.location, capacity=args.capacity,
    )
    row = ceremonies.get_ceremony(store, ceremony_id)
    print(t("ceremonies.cli.added", id=ceremony_id, name=row["name"], date=be_date(row["date"])))
    return 0


def cmd_list(store, args) -> int:
    from ceremony import ceremonies, invitations

    rows = []
    for row in ceremonies.list_ceremonies(store):
        counts = invitations.live_counts(store, row["id"])
        rows.append(
            {
                "id": row["id"], "name": row["name"], "date": row["date"], "time": row["time"],
                "location": row["location"], "capacity": row["capacity"],
                "invited": counts["invited"], "confirmed": counts["confirmed"], "present": counts["present"],
            }
        )
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print(t("ceremonies.cli.none"))
    for r in rows:
        print(t("ceremonies.cli.row", **{**r, "date": be_date(r["date"]), "time": r["time"] or ""}))
    return 0


def cmd_edit(store, args) -> int:
    from ceremony.invitations import changes

    result = changes.edit(
        store, operator("coordinator"), args.id, name=args.name, date=args.date, time=args.time,
        location=args.location, capacity=args.capacity, answer_by=args.answer_by,
    )
    if args.json:
        print_json(result)
    elif result["moment_changed"]:
        print(t("ceremonies.cli.edited_updates", id=args.id, mailed=result["mailed"], letters=result["letters"]))
    else:
        print(t("ceremonies.cli.edited", id=args.id))
    return 0


def cmd_cancel(store, args) -> int:
    from ceremony.invitations import changes

    result = changes.cancel(store, operator("coordinator"), args.id)
    if args.json:
        print_json(result)
    else:
        print(t("ceremonies.cli.cancelled", **result))
    return 0
