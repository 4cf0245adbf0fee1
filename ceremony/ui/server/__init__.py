"""The app server: Streamlit's ASGI app (`st.App`) with our own HTTP layer around it.

- `signin` serves the sign-in pages (password, second factor, first administrator,
  single sign-on) as plain HTML forms and sets the HttpOnly session cookie;
- `middleware` refuses uploads, downloads and the app's WebSocket without a valid
  session, sends signed-out page requests to the sign-in page, and adds the security
  headers and `lang="nl"` to every response;
- `owners` binds Streamlit's sessions and downloads to the signed-in session that made
  them (installed in the lifespan, once Streamlit's runtime runs);
- `runtime` opens the installation (`startup.open_installation`: checks, restore, purge) once per
  process, in the server's lifespan, before the first request is served.

Nothing here imports Streamlit at module level except `build_app`, so the domain and
the sign-in routes can be tested with a plain Starlette test client.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
APP_SCRIPT = ROOT / "app.py"


def configure_uploads() -> None:
    """Keep uploaded files in memory: Starlette's multipart parser spools parts over
    1 MB to a temporary file, which would put an unencrypted delivery on disk. The
    upload size is already capped by `server.maxUploadSize`; nothing bigger is parsed."""
    from starlette.formparsers import MultiPartParser
    from streamlit import config

    limit = config.get_option("server.maxUploadSize") * 1024 * 1024
    MultiPartParser.spool_max_size = limit + 1024 * 1024
    MultiPartParser.max_part_size = max(MultiPartParser.max_part_size, 1024 * 1024)


def build_app(data_dir: str | None = None):
    """The ASGI application: sign-in routes and middleware around the Streamlit app."""
    import streamlit as st
    from starlette.middleware import Middleware

    from ceremony.ui.server import localisation, middleware, owners, runtime, signin

    @asynccontextmanager
    async def lifespan(_app):
        configure_uploads()
        owners.install()
        runtime.open_store(data_dir)  # start-up purge before the first request
        yield {}

    return st.App(
        str(APP_SCRIPT),
        routes=[*signin.routes(data_dir), *localisation.routes()],
        middleware=[
            Middleware(middleware.SecurityHeaders),
            Middleware(middleware.SessionGate, data_dir=data_dir),
        ],
        lifespan=lifespan,
    )
