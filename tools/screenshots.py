"""Screenshots of every page for every role, for a reviewer who wants to look without
setting anything up (`make screenshots`).

Starts the app over a temporary data directory with synthetic demo data only
(tests/e2e/showcase.py: one user per role, the demo delivery, one ceremony with
invitations, call outcomes and a check-in) and saves into test-output/screenshots/:
- <role>-<page>.png for every page a role may open, at 1366x900 (full page);
- <role>-checkin-phone.png and <role>-calls-phone.png at 390x844 (a phone).

    .venv/bin/python -m tools.screenshots [--out test-output/screenshots]

(run as a module from the checkout, so that `tests.e2e` is importable)
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
PHONE_PAGES = ("checkin.py", "calls.py")


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    from ceremony.ui import nav
    from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, running_app
    from tests.e2e.showcase import USERS, build
    from tests.e2e.test_a11y import page_path, settle, sign_in

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "test-output" / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    saved = 0
    with tempfile.TemporaryDirectory(prefix="ceremony-screenshots-") as tmp:
        data_dir = Path(tmp) / "data"
        build(data_dir)
        with running_app(data_dir) as url, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for role, name in USERS.items():
                specs = nav.pages_for(role)
                for viewport, suffix, wanted in (
                    (DESKTOP, "", specs),
                    (PHONE, "-phone", [s for s in specs if s.file in PHONE_PAGES]),
                ):
                    if not wanted:
                        continue
                    context = browser.new_context(viewport=viewport)
                    page = context.new_page()
                    page.set_default_timeout(30_000)
                    sign_in(page, url, name)
                    for spec in wanted:
                        page.goto(url + page_path(spec))
                        settle(page)
                        target = args.out / f"{role}-{Path(spec.file).stem}{suffix}.png"
                        page.screenshot(path=str(target), full_page=not suffix)
                        saved += 1
                    context.close()
            browser.close()
    print(f"{saved} schermafbeeldingen in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
