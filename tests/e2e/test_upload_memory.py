"""An upload never reaches the disk: a 10 MB unencrypted delivery through the real server.

The server runs under tests/e2e/spool_probe.py, which records every temporary file that
`tempfile` creates (Starlette's multipart parser spools parts over 1 MB to one by
default). The control test shows the probe catches exactly that spooling.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ceremony import auth
from ceremony.startup import open_installation
from ceremony.texts import t
from tests.conftest import ADMIN, PASSWORD
from tests.e2e.server import CHROMIUM, ROOT, browser_page, running_app
from tests.e2e.test_browser_flow import go, login

PROBE = ROOT / "tests" / "e2e" / "spool_probe.py"


def test_a_10_mb_upload_creates_no_file(tmp_path, request):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run make test")
    data_dir = tmp_path / "data"
    store = open_installation(data_dir, for_="cli", create=True)
    auth.create_user(store, ADMIN, "carla", "coordinator", PASSWORD)
    store.close()
    marker = tmp_path / "tempfiles.txt"
    marker.write_text("")
    delivery = b"voornaam;naam;rijksregisternummer\n" + b"Zqxspool;Canary;85073003328\n" * 380_000
    assert len(delivery) > 10_000_000
    env = {"SPOOL_PROBE_FILE": str(marker), "TMPDIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    with running_app(data_dir, extra_env=env, launcher=[str(PROBE)]) as url, browser_page(request) as page:
        uploaded = []
        page.on("requestfinished", lambda r: uploaded.append(r.url) if "/_stcore/upload_file/" in r.url else None)
        login(page, url, "carla")
        go(page, t("nav.page.intake"))
        page.locator("input[type=file]").set_input_files(
            files=[{"name": "levering.csv", "mimeType": "text/csv", "buffer": delivery}]
        )
        page.wait_for_timeout(1000)
        for _ in range(60):
            if uploaded:
                break
            page.wait_for_timeout(500)
        assert uploaded, "the upload did not finish"
    assert marker.read_text() == ""
    assert not [p for p in tmp_path.iterdir() if p.name not in {"data", "tempfiles.txt"}]


def test_the_probe_sees_starlettes_default_spooling(tmp_path):
    """Control: with Starlette's default spool limit a 2 MB part does create a temp file."""
    marker = tmp_path / "tempfiles.txt"
    marker.write_text("")
    script = f"""
import asyncio, runpy, sys
sys.argv = ["probe"]
runpy.run_path({str(PROBE)!r})
from starlette.formparsers import MultiPartParser
from starlette.datastructures import Headers
body = (b"--b\\r\\nContent-Disposition: form-data; name=\\"f\\"; filename=\\"x.csv\\"\\r\\n"
        b"Content-Type: text/csv\\r\\n\\r\\n" + b"x" * 2_000_000 + b"\\r\\n--b--\\r\\n")
async def stream():
    yield body
async def main():
    parser = MultiPartParser(Headers({{"content-type": "multipart/form-data; boundary=b"}}), stream())
    form = await parser.parse()
    await form.close()
asyncio.run(main())
"""
    env = {**os.environ, "SPOOL_PROBE_FILE": str(marker), "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", script], check=True, env=env, cwd=ROOT, timeout=60)
    assert "TemporaryFile" in marker.read_text()
