"""The nl-BE layer is served by our own server: one static script, open without a session,
loaded by Streamlit's page shell with a plain <script src> (the CSP allows 'self' only)."""

from __future__ import annotations

import json
import re

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.testclient import TestClient

from ceremony.ui.server import localisation, middleware


def test_the_script_is_static_javascript_open_without_a_session(data_dir):
    app = Starlette(
        routes=localisation.routes(),
        middleware=[Middleware(middleware.SecurityHeaders), Middleware(middleware.SessionGate, data_dir=str(data_dir))],
    )
    with TestClient(app) as client:
        response = client.get(localisation.SCRIPT_PATH)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in response.headers["content-security-policy"]
    head = response.text.split("\n", 1)[0]
    assert json.loads(head.removeprefix("var NL_BE = ").removesuffix(";"))["text"]["Skip to main content"] == "Naar de inhoud"


def test_the_page_shell_loads_it_before_streamlit_and_in_dutch():
    from pathlib import Path

    import streamlit

    shell = (Path(streamlit.__file__).parent / "static" / "index.html").read_bytes()
    html = middleware._localise(shell).decode()
    assert '<html lang="nl">' in html and "<title>Ceremonie</title>" in html
    tag = f'<script src="{localisation.SCRIPT_PATH}" defer></script>'
    assert html.index(tag) < html.index('<script type="module"')  # runs first of the deferred scripts


def test_every_pattern_is_a_valid_expression_with_a_dutch_replacement():
    patterns = localisation.dictionary()["patterns"]
    assert patterns
    for expression, replacement, *_flags in patterns:
        re.compile(expression)
        assert replacement
