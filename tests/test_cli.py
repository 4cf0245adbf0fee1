"""The command line, as an administrator's script would call it."""

import json

from ceremony.texts import t
from tests.conftest import PASSWORD
from tests.text_helpers import leading


def test_init_users_settings_status(cli, data_dir):
    r = cli("init", "--admin", "anna", "--password-stdin", stdin=PASSWORD + "\n")
    assert r.code == 0, r.err
    assert PASSWORD not in r.out + r.err
    assert cli("users", "add", "bert", "--role", "beller", "--password-stdin", stdin=PASSWORD).code == 0
    listed = json.loads(cli("users", "list", "--json").out)
    assert {u["username"]: u["role"] for u in listed} == {"anna": "beheerder", "bert": "beller"}
    assert cli("users", "disable", "bert").code == 0
    assert cli("users", "reset-password", "bert", "--password-stdin", stdin="another-long-pass").code == 0

    assert cli("settings", "set", "postcodes", "9000,9030 9031").code == 0
    assert cli("settings", "set", "certificate_window_months", "24").code == 0
    shown = json.loads(cli("settings", "show", "--json").out)
    assert shown["postcodes"] == ["9000", "9030", "9031"]
    assert shown["certificate_window_months"] == 24
    assert shown["retention_days_after_receipt"] == 365
    assert shown["retention_days_after_ceremony"] == 30

    status = json.loads(cli("status", "--json").out)
    assert status["people"] == 0 and status["deliveries"] == 0


def test_invalid_values_refused_in_one_dutch_line(cli, data_dir):
    cli("init")
    for key, value, words in [
        ("certificate_window_months", "18", t("settings.hint.window")),
        ("retention_days_after_receipt", "-3", leading("settings.hint.int_range")),
        ("postcodes", "900", t("settings.hint.postcodes")),
    ]:
        r = cli("settings", "set", key, value)
        assert r.code == 2
        assert words in r.err
        assert len(r.err.strip().splitlines()) == 1
        assert "Traceback" not in r.err


def test_errors_are_one_line_exit_2(cli, data_dir, tmp_path):
    r = cli("--data-dir", tmp_path / "nowhere", "status", "--json")
    assert r.code == 2 and "init" in r.err and "Traceback" not in r.err
    cli("init")
    r = cli("users", "add", "x", "--role", "beller", "--password-stdin", stdin="")
    assert r.code == 2 and t("cli.password_empty") in r.err


def test_wrong_master_key_cli(cli, data_dir):
    cli("init")
    r = cli("status", env={"CEREMONY_MASTER_KEY": "A" * 43 + "="})
    assert r.code == 2
    assert r.err.strip() == t("key.weak") and "Traceback" not in r.err  # 32 zero bytes


def test_usage_errors_are_one_dutch_line(cli, data_dir):
    for args, key in ((["users", "add"], "cli.argparse.required"), (["bogus"], "cli.argparse.invalid_choice")):
        words = t(key).split("%")[0]  # argparse fills in its own %-placeholders
        r = cli(*args)
        assert r.code == 2
        assert words in r.err and len(r.err.strip().splitlines()) == 1
