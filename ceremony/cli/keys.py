"""Commands for the master key."""

from __future__ import annotations

from pathlib import Path

from ceremony import audit, keys
from ceremony.cli import add_command, print_json


def register(subparsers) -> None:
    group = subparsers.add_parser("keys", help="Hoofdsleutel.").add_subparsers(
        dest="keys_command", required=True, metavar="ACTIE"
    )
    p = add_command(group, "rotate", cmd_rotate, "Vervang de hoofdsleutel en herverpak alle sleutels.")
    p.add_argument("--new-key-file", type=Path, help="nodig als CEREMONY_MASTER_KEY gebruikt wordt")
    p.add_argument("--json", action="store_true")


def cmd_rotate(store, args) -> int:
    result = keys.rotate(store, audit.cli_actor(), args.new_key_file)
    if args.json:
        print_json(result)
    elif result["from_env"]:
        print(f"Nieuwe hoofdsleutel staat in {result['key_file']}: zet die in CEREMONY_MASTER_KEY en vernietig de oude.")
    else:
        print(f"Hoofdsleutel vervangen ({result['data_keys']} leveringssleutels herverpakt): {result['key_file']}.")
        print("Maak een nieuwe, aparte back-up van de sleutel; oude back-ups van de sleutel openen niets meer.")
    return 0
