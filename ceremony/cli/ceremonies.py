"""Commands of the ceremonies area: `ceremonies add` and `ceremonies list`.

Ceremonies hold no personal data. The command line acts as an operator: whoever can run
it holds the data directory and the master key, so a role check would protect nothing.
The domain functions still take a user; the operator is a coordinator whose audit actor
is `cli:<os user>`, like every other command.
"""

from __future__ import annotations

from ceremony import ceremonies, invitations
from ceremony.cli import add_command, operator, print_json
from ceremony.clock import be_date
from ceremony.texts import t


def register(subparsers) -> None:
    group = subparsers.add_parser("ceremonies", help="Ceremonies plannen en tonen.").add_subparsers(
        dest="ceremonies_command", required=True, metavar="ACTIE"
    )
    p = add_command(group, "add", cmd_add, "Maak een ceremonie aan.")
    p.add_argument("--name", required=True, metavar="NAAM")
    p.add_argument("--date", required=True, metavar="JJJJ-MM-DD")
    p.add_argument("--time", metavar="UU:MM")
    p.add_argument("--location", default="", metavar="LOCATIE")
    p.add_argument("--capacity", metavar="AANTAL")
    p = add_command(group, "list", cmd_list, "Toon de ceremonies (zonder persoonsgegevens).")
    p.add_argument("--json", action="store_true")


def cmd_add(store, args) -> int:
    ceremony_id = ceremonies.create_ceremony(
        store, operator("coordinator"), name=args.name, date=args.date, time=args.time,
        location=args.location, capacity=args.capacity,
    )
    row = ceremonies.get_ceremony(store, ceremony_id)
    print(t("ceremonies.cli.added", id=ceremony_id, name=row["name"], date=be_date(row["date"])))
    return 0


def cmd_list(store, args) -> int:
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
