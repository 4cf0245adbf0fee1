"""The command line, as an administrator's script would call it."""

import json
import subprocess
import sys

from tests.conftest import PASSWORD, ROOT


def cli(data_dir, *args, stdin=""):
    return subprocess.run(
        [sys.executable, "-m", "ceremony", "--data-dir", str(data_dir), *args],
        input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=120,
    )


def test_init_users_settings_status(data_dir):
    r = cli(data_dir, "init", "--admin", "anna", "--password-stdin", stdin=PASSWORD + "\n")
    assert r.returncode == 0, r.stderr
    assert PASSWORD not in r.stdout + r.stderr
    assert cli(data_dir, "users", "add", "bert", "--role", "beller", "--password-stdin", stdin=PASSWORD).returncode == 0
    listed = json.loads(cli(data_dir, "users", "list", "--json").stdout)
    assert {u["username"]: u["role"] for u in listed} == {"anna": "beheerder", "bert": "beller"}
    assert cli(data_dir, "users", "disable", "bert").returncode == 0
    assert cli(data_dir, "users", "reset-password", "bert", "--password-stdin", stdin="another-long-pass").returncode == 0

    assert cli(data_dir, "settings", "set", "postcodes", "9000,9030 9031").returncode == 0
    assert cli(data_dir, "settings", "set", "certificate_window_months", "24").returncode == 0
    shown = json.loads(cli(data_dir, "settings", "show", "--json").stdout)
    assert shown["postcodes"] == ["9000", "9030", "9031"]
    assert shown["certificate_window_months"] == 24
    assert shown["retention_days_after_receipt"] == 365
    assert shown["retention_days_after_ceremony"] == 30

    status = json.loads(cli(data_dir, "status", "--json").stdout)
    assert status["people"] == 0 and status["deliveries"] == 0


def test_invalid_values_refused_in_one_dutch_line(data_dir):
    cli(data_dir, "init")
    for key, value, words in [
        ("certificate_window_months", "18", "12 of 24"),
        ("retention_days_after_receipt", "-3", "geheel getal"),
        ("postcodes", "900", "postcodes"),
    ]:
        r = cli(data_dir, "settings", "set", key, value)
        assert r.returncode == 2
        assert words in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1
        assert "Traceback" not in r.stderr


def test_errors_are_one_line_exit_2(data_dir, tmp_path):
    r = cli(tmp_path / "nowhere", "status", "--json")
    assert r.returncode == 2 and "init" in r.stderr and "Traceback" not in r.stderr
    cli(data_dir, "init")
    r = cli(data_dir, "users", "add", "x", "--role", "beller", "--password-stdin", stdin="")
    assert r.returncode == 2 and "standaardinvoer" in r.stderr


def test_wrong_master_key_cli(data_dir):
    cli(data_dir, "init")
    import os

    env = dict(os.environ, CEREMONY_MASTER_KEY="A" * 43 + "=")
    r = subprocess.run(
        [sys.executable, "-m", "ceremony", "--data-dir", str(data_dir), "status"],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=60,
    )
    assert r.returncode == 2
    assert "hoofdsleutel" in r.stderr and "Traceback" not in r.stderr


def test_usage_errors_are_one_dutch_line(data_dir):
    for args, words in ((["users", "add"], "ontbreken"), (["bogus"], "ongeldige keuze")):
        r = cli(data_dir, *args)
        assert r.returncode == 2
        assert words in r.stderr and len(r.stderr.strip().splitlines()) == 1
