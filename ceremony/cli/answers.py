"""`answers`: the answer page's commands; `answers serve` runs the public answer server,
`answers sync` is the staff side's exchange with it."""

from __future__ import annotations

from ceremony.cli.common import add_command, print_json
from ceremony.texts import t

DEFAULT_PORT = 8502


def register(subparsers) -> None:
    """`answers serve [--address A] [--port N] [--phone P]`, `answers sync [--json]`."""
    group = subparsers.add_parser("answers", help=t("answer_page.cli.help")).add_subparsers(
        dest="answers_command", required=True, metavar=t("cli.metavar.action")
    )
    p = add_command(group, "serve", cmd_serve, t("answer_page.cli.serve"), needs_store=False)
    p.add_argument("--address", default="127.0.0.1", metavar=t("cli.metavar.address"),
                   help=t("answer_page.cli.address"))
    p.add_argument("--port", type=int, default=DEFAULT_PORT, metavar=t("cli.metavar.port"),
                   help=t("answer_page.cli.port"))
    p.add_argument("--phone", default=None, metavar=t("answer_page.cli.phone_metavar"),
                   help=t("answer_page.cli.phone"))
    p = add_command(group, "sync", cmd_sync, t("answer_links.cli.sync_help"))
    p.add_argument("--json", action="store_true")


def cmd_serve(_store, args) -> int:
    """Serve the answer page over the exchange file only: no store, no key."""
    import uvicorn

    from ceremony.answers.exchange import exchange_path
    from ceremony.answers.server import create_app, uvicorn_options
    from ceremony.config import resolve_paths

    app = create_app(exchange_path(resolve_paths(args.data_dir).data_dir), phone=args.phone)
    _check_port(args.address, args.port)
    uvicorn.run(app, host=args.address, port=args.port, **uvicorn_options())
    return 0


def _check_port(address: str, port: int) -> None:
    """One Dutch sentence, instead of uvicorn's English log line, when the port cannot be had."""
    import socket

    from ceremony.errors import InvalidInput

    try:
        with socket.create_server((address, port)):
            pass
    except OSError as exc:
        raise InvalidInput(t("answer_page.error.port", address=address, port=port)) from exc


def cmd_sync(store, args) -> int:
    """Take the answers in, publish the live codes, remove the dead ones."""
    from ceremony import audit
    from ceremony.answers import sync

    result = sync.sync(store, audit.cli_actor())
    if args.json:
        print_json(result.as_dict())
    else:
        print(t("answer_links.cli.synced", taken_in=result.taken_in, removed=result.dead_codes_removed,
                published=result.codes_published))
        if result.unreadable:
            print(t("answer_links.cli.unreadable", n=result.unreadable))
    return 0
