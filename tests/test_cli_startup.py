"""The command line starts light: `status` loads no data, demo or interface library.

A fresh interpreter is the point here (this test process has them all loaded already),
so this is one of the few tests that runs the command line as a subprocess.
"""

import json
import subprocess
import sys

HEAVY = ("pandas", "numpy", "faker", "streamlit")

PROBE = """
import json, sys
from ceremony.cli.entry import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def test_status_imports_no_heavy_library(cli, data_dir):
    assert cli("init").code == 0
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--data-dir", str(data_dir), "status", "--json"],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 0
    assert [name for name in HEAVY if name in result["modules"]] == []


def test_help_lists_every_command(cli):
    result = cli("--help")
    assert result.code == 0
    for command in ("init", "users", "settings", "status", "audit", "backup", "seal", "demo", "import",
                    "purge", "ceremonies", "export", "compliance", "keys", "invitations", "mail", "serve"):
        assert f"\n    {command} " in result.out


def test_a_command_module_loads_the_shared_helpers_not_every_command():
    """The entry point composes the command modules; importing one of them loads the shared
    helpers (`cli.common`), not the other commands or the start-up: no circle through the
    package, and a command module stays as light as its own imports."""
    probe = "import sys, ceremony.cli.keys; print(' '.join(m for m in sys.modules if m.startswith('ceremony')))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert "ceremony.cli.common" in loaded
    assert loaded & {"ceremony.cli.core", "ceremony.cli.serve", "ceremony.cli.entry", "ceremony.startup"} == set()


def test_an_encrypted_excel_import_does_not_load_the_zip_library(cli, data_dir, tmp_path):
    """pyzipper (with pycryptodomex, which builds its C bindings at import) is only for ZIP
    deliveries: an Excel file with a password is decrypted by msoffcrypto-tool alone."""
    from ceremony import demo, demo_files

    assert cli("init").code == 0
    path = tmp_path / "levering.xlsx"
    path.write_bytes(demo_files.encrypt_xlsx(demo_files.xlsx_bytes(*demo.synthetic_rows(12, seed=3, quirks=False)), "pw-levering"))
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--data-dir", str(data_dir), "import", str(path), "--json", "--password-stdin"],
        input="pw-levering\n", capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 0
    assert [name for name in ("pyzipper", "Cryptodome") if name in result["modules"]] == []
