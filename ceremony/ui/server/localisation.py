"""Streamlit's own interface in Dutch: one static script, `/auth/nl-BE.js`.

Streamlit has no option for the language of its uploader, menu, dialogs and
aria-labels. The page shell loads this script (`middleware._localise` adds a
`<script src="/auth/nl-BE.js" defer>`; the CSP allows scripts from 'self' only). It
is the dictionary `nl_be/nl-BE.json` followed by `nl_be/nl-BE.js`, which rewrites
Streamlit's English texts and aria-label/title/placeholder attributes as React draws
them and gives the date picker the Belgian week (it sets `navigator.language` to nl-BE
before Streamlit reads it: Monday first in every browser), followed by `nl_be/desk.js`
(focus on the Belronde card's number and the Onthaal search, the sidebar closed after
choosing a page on a phone). Static: no data, the same bytes for everyone, open without a session (under
`/auth/`) like the sign-in pages' stylesheet.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

HERE = Path(__file__).parent / "nl_be"
SCRIPT_PATH = "/auth/nl-BE.js"


def dictionary() -> dict:
    """The nl-BE dictionary: {"text", "calendar", "roledescription", "patterns"}."""
    return json.loads((HERE / "nl-BE.json").read_text(encoding="utf-8"))


@cache
def script() -> bytes:
    data = {k: v for k, v in dictionary().items() if not k.startswith("_")}
    head = "var NL_BE = " + json.dumps(data, ensure_ascii=False) + ";\n"
    body = (HERE / "nl-BE.js").read_text(encoding="utf-8") + "\n" + (HERE / "desk.js").read_text(encoding="utf-8")
    return (head + body).encode("utf-8")


async def serve(_request: Request) -> Response:
    return Response(script(), media_type="text/javascript; charset=utf-8",
                    headers={"cache-control": "no-cache"})


def routes() -> list[Route]:
    return [Route(SCRIPT_PATH, serve, methods=["GET", "HEAD"])]
