"""`answers`: the answer page's commands; `answers serve` runs the public answer server."""

from __future__ import annotations

from ceremony.cli.common import add_command
from ceremony.texts import t

DEFAULT_PORT = 8502


def register(subparsers) -> None:
    """`answers serve [--address A] [--port N] [--phone P]`."""
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
