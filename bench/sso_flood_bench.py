"""The SSO flood: many anonymous /auth/sso/start while a user signs in.

A user starts a single-sign-on sign-in; while the user is at the provider, an anonymous
client sends `--starts` (10,050) starts to the same server (in-process routes, Starlette's
test client); then the user signs in at the real test provider (tests/oidc) and the
callback arrives. Prints the time of the flood, how much the server process's resident
memory grew during it and whether the user's sign-in still completed (exit 1 if not).

    .venv/bin/python -m bench.sso_flood_bench [--starts 10050]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from starlette.testclient import TestClient

from ceremony import auth, permissions
from ceremony.startup import open_installation
from ceremony.ui.server import runtime
from tests.oidc_provider import running_provider
from tests.sso_helpers import signed_in, sso_app, start, write_secrets

BENCH_ADMIN = permissions.User(0, "bench", "beheerder")


def _rss() -> int:
    """Resident memory of this process in bytes (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--starts", type=int, default=10_050)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sso-bench-") as tmp, running_provider() as idp:
        data_dir = Path(tmp) / "data"
        store = open_installation(data_dir, for_="cli", create=True)
        auth.create_user(store, BENCH_ADMIN, "jan", "coordinator", None, email="jan@example.org")
        store.close()
        secrets_file = Path(tmp) / "secrets.toml"
        write_secrets(secrets_file, idp)
        os.environ["CEREMONY_SECRETS_FILE"] = str(secrets_file)
        runtime.forget()
        app = sso_app(data_dir)
        user = TestClient(app, follow_redirects=False)
        provider_url = start(user).headers["location"]  # the user is now at the provider

        attacker = TestClient(app, follow_redirects=False)
        rss_before = _rss()
        began = time.perf_counter()
        for _ in range(args.starts):
            attacker.cookies.clear()
            start(attacker)
        elapsed = time.perf_counter() - began
        grown = _rss() - rss_before

        params = idp.login(provider_url, "jan")  # and comes back (codes live 60 s there)
        survived = signed_in(user.get("/auth/sso/callback", params=params))
        runtime.forget()
    print(f"{args.starts} anonymous starts in {elapsed:.1f} s ({args.starts / elapsed:.0f}/s)")
    print(f"resident memory of the server process grew by {grown / 1e6:.1f} MB during the flood")
    print(f"the user's pending sign-in completed afterwards: {'yes' if survived else 'NO'}")
    return 0 if survived else 1


if __name__ == "__main__":
    sys.exit(main())
