"""Exports are registered once (`ceremony.exports.registry.EXPORTS`): the Export page and the
`export` command loop over the list, so an export added there appears in both."""

from __future__ import annotations

import datetime as dt
import json
import stat

import pytest

from ceremony import audit, permissions
from ceremony.clock import today
from ceremony.exports import registry
from ceremony.exports.common import ExportFile
from ceremony.texts import CATALOGUE, t
from tests.apptest_helpers import login, open_page, texts
from tests.conftest import add_user
from tests.test_exports import add_ceremony

# texts of the made-up export, for these tests only
DUMMY_TEXTS = {
    "exports.ui.dummy.header": "Proefbestand",
    "exports.ui.dummy.make": "Proefbestand maken",
    "exports.ui.dummy.ready": "Proefbestand gemaakt.",
    "exports.ui.dummy.loud": "Met uitroepteken",
    "cli.help.export.dummy": "Een proefbestand.",
    "cli.help.export.dummy.loud": "met uitroepteken",
    "exports.cli.dummy_written": "Proefbestand geschreven: {path}",
}


def dummy_file(store, user: permissions.User, ceremony_id: int, loud: bool = False) -> ExportFile:
    """The made-up export's function: checks the permission, audits, returns a small file."""
    permissions.require(user, "export.mailmerge")
    audit.record(store, user.actor, "export.dummy", f"ceremony:{ceremony_id}", loud=loud)
    data = f"ceremonie {ceremony_id}{'!' if loud else ''}\r\n".encode()
    return ExportFile(f"proef-{ceremony_id}.txt", "text/plain", data)


DUMMY = registry.Export(
    key="dummy",
    label="exports.ui.dummy.header",
    help="cli.help.export.dummy",
    build="tests.test_export_registry:dummy_file",
    written="exports.cli.dummy_written",
    personal=False,
    flags=(registry.Flag("loud", "cli.help.export.dummy.loud", checkbox="exports.ui.dummy.loud"),),
    buttons=(registry.Button("make_dummy", "exports.ui.dummy.make", "exports.ui.dummy.ready"),),
)


@pytest.fixture
def with_dummy(monkeypatch):
    """The made-up export added to the registry (and its texts to the catalogue)."""
    for key, text in DUMMY_TEXTS.items():
        monkeypatch.setitem(CATALOGUE, key, text)
    monkeypatch.setattr(registry, "EXPORTS", [*registry.EXPORTS, DUMMY])
    return DUMMY


def test_an_export_added_to_the_registry_appears_on_the_export_page(store, with_dummy):
    add_user(store, "carla", "coordinator")
    ceremony = add_ceremony(store, date=(today() + dt.timedelta(days=30)).isoformat())

    at = open_page(login("carla"), "exports.py")
    assert not at.exception
    assert "Proefbestand" in [h.value for h in at.header]
    at.checkbox(key="export_loud").check().run()
    at.button(key="make_dummy").click().run()

    assert not at.exception
    [download] = at.get("download_button")
    assert "Proefbestand gemaakt." in texts(at)
    entry = store.one("SELECT * FROM audit WHERE action = 'export.dummy'")
    assert entry["actor"] == "user:carla" and entry["target"] == f"ceremony:{ceremony}"
    assert json.loads(entry["details"])["loud"] is True
    assert download is not None


def test_an_export_added_to_the_registry_is_a_command_with_its_options(cli, store, tmp_path, with_dummy):
    ceremony = add_ceremony(store)
    listed = cli("export", "--help")
    assert listed.code == 0 and "dummy" in listed.out and t("cli.help.export.dummy") in listed.out
    helped = cli("export", "dummy", "--help")
    assert "--ceremony" in helped.out and "--loud" in helped.out and "--out" in helped.out

    out = tmp_path / "proef.txt"
    r = cli("export", "dummy", "--ceremony", ceremony, "--loud", "--out", out)

    assert r.code == 0, r.err
    assert out.read_bytes() == f"ceremonie {ceremony}!\r\n".encode()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert r.out.strip() == t("exports.cli.dummy_written", path=out)
    assert store.scalar("SELECT count(*) FROM audit WHERE action = 'cli.export.dummy'") == 1
    assert cli("export", "dummy", "--out", tmp_path / "zonder.txt").code == 2  # --ceremony is required


def test_an_export_the_user_may_not_make_is_not_on_the_page(store, monkeypatch, with_dummy):
    """The page offers what the role may make; the export's function refuses the rest."""
    add_user(store, "carla", "coordinator")
    add_ceremony(store, date=(today() + dt.timedelta(days=30)).isoformat())
    admin_only = registry.Export(**{**vars(DUMMY), "permission": "users.manage"})
    monkeypatch.setattr(registry, "EXPORTS", [*registry.EXPORTS[:-1], admin_only])

    at = open_page(login("carla"), "exports.py")

    assert not at.exception
    assert "Proefbestand" not in texts(at)
    assert "make_dummy" not in [b.key for b in at.button]
    assert "make_ics" in [b.key for b in at.button]  # the registered ones are there


def test_every_registered_export_names_functions_that_exist_and_keys_once():
    keys = [export.key for export in registry.EXPORTS]
    buttons = [button.key for export in registry.EXPORTS for button in export.buttons]
    assert keys == ["mailmerge", "emails", "letters", "ics"]
    assert len(set(keys)) == len(keys) and len(set(buttons)) == len(buttons)
    for export in registry.EXPORTS:
        named = [export.build, export.count, export.columns, *(b.when for b in export.buttons)]
        for name in filter(None, named):
            assert callable(registry.function(name)), name
        assert export.ceremony in (registry.REQUIRED, registry.OPTIONAL, None)
        assert not export.formats or export.format_error
