"""`serve`: the app server (ceremony.ui.server) on an address and port."""

from __future__ import annotations

import os
import sys

from ceremony.cli.common import add_command
from ceremony.texts import t


def register(subparsers) -> None:
    """`serve [--address A] [--port N]`."""
    p = add_command(subparsers, "serve", cmd_serve, t("cli.serve.help"), needs_store=False)
    p.add_argument("--address", default=None, metavar=t("cli.metavar.address"), help=t("cli.serve.address"))
    p.add_argument("--port", type=int, default=None, metavar=t("cli.metavar.port"), help=t("cli.serve.port"))


def cmd_serve(_store, args) -> int:
    from ceremony.ui.server import APP_SCRIPT, build_app, listener, runtime

    if args.data_dir:
        os.environ["CEREMONY_DATA_DIR"] = str(args.data_dir)
    # A missing installation, a key or ledger problem is one Dutch sentence here, not a
    # failing server; the start-up tasks (shred ledger, purge) run now, before listening.
    runtime.open_store(args.data_dir)
    overrides = {}
    if args.address:
        overrides["server.address"] = args.address
    if args.port:
        overrides["server.port"] = args.port
    app = build_app(args.data_dir)
    # Streamlit takes its script-level config (.streamlit/config.toml beside app.py)
    # from the launcher's path: launch as app.py, as `streamlit run app.py` would.
    sys.argv = [str(APP_SCRIPT)]
    # uvicorn's options: a deadline for request heads, proxy headers only when trusted,
    # a connection cap (ceremony/ui/server/listener.py)
    listener.install()
    app.run(config=overrides or None)
    return 0
