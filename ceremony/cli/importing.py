"""`python -m ceremony import FILE`: import a delivery from the command line.

A delivery already received (the same rows, whatever the container) is refused with one
sentence unless `--again`. The file is read into memory once (a file over the 50 MB limit is refused unread); the
password comes from stdin (--password-stdin) or a hidden prompt, and only when the file
is encrypted. Whoever runs the command has shell access to the server, the highest
privilege there is, so the command acts as an operator with the administrator's rights
(`cli.common.operator`), audited as `cli:<os user>`.
"""

from __future__ import annotations

from pathlib import Path

from ceremony import permissions
from ceremony.cli.common import add_command, operator, print_json, read_password
from ceremony.clock import be_datetime
from ceremony.errors import AlreadyReceived, CeremonyError, ImportRefused, InvalidInput
from ceremony.texts import t


def register(subparsers) -> None:
    """The `import` command."""
    p = add_command(subparsers, "import", cmd_import, t("intake.help"))
    p.add_argument("file", metavar=t("cli.metavar.file"), help=t("intake.help.file"))
    p.add_argument("--password-stdin", action="store_true", help=t("intake.help.password_stdin"))
    p.add_argument("--json", action="store_true", help=t("intake.help.json"))
    p.add_argument("--delete-source", action="store_true", help=t("intake.help.delete_source"))
    p.add_argument("--again", action="store_true", help=t("intake.help.again"))


def cmd_import(store, args) -> int:
    """Import FILE; with --delete-source remove it afterwards and record that. A delivery
    already received is refused (exit 2) unless --again."""
    from ceremony.intake import formats, importer

    path = Path(args.file)
    try:
        with path.open("rb") as handle:  # never more than the limit into memory
            data = handle.read(formats.MAX_FILE_BYTES + 1)
    except OSError:
        raise InvalidInput(t("intake.file_unreadable")) from None
    if len(data) > formats.MAX_FILE_BYTES:
        raise ImportRefused(t("formats.too_big", mb=formats.MAX_FILE_BYTES // 1_000_000))
    password = read_password(args) if formats.needs_password(data) else None
    user = operator("beheerder")
    try:
        report = importer.import_delivery(store, user, data, password, again=args.again)
    except AlreadyReceived as exc:
        at = be_datetime(exc.received_at)
        raise AlreadyReceived(t("intake.cli.already_received", id=exc.delivery_id, at=at), exc.delivery_id,
                              exc.received_at) from None
    if args.json:
        print_json(report.to_json())
    else:
        print("\n".join(report.lines()))
    if args.delete_source:
        delete_source(store, user, path, report.delivery_id)
        if not args.json:
            print(t("intake.source_deleted"))
    return 0


def delete_source(store, user: permissions.User, path: Path, delivery_id: int) -> None:
    """Delete the imported file (a server drop folder) and record it on the checklist."""
    try:
        path.unlink()
    except OSError:
        raise CeremonyError(t("intake.source_delete_failed")) from None
    from ceremony import deliveries, transport

    with store.write():
        transport.confirm(store, user, delivery_id, "source_file")
        deliveries.mark_source_deleted(store, delivery_id)
