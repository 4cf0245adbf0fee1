"""`python -m ceremony ceremonies add|list`, as an operator's script would call them."""

import json

from ceremony import audit
from ceremony.store import Store
from tests.test_cli import cli


def test_add_and_list_ceremonies(data_dir):
    assert cli(data_dir, "init").returncode == 0
    r = cli(data_dir, "ceremonies", "add", "--name", "Welkom 2027", "--date", "2027-03-20",
            "--time", "14:00", "--location", "Stadhuis", "--capacity", "150")
    assert r.returncode == 0, r.stderr
    assert "Ceremonie 1 aangemaakt: Welkom 2027 op 20/03/2027." in r.stdout
    assert cli(data_dir, "ceremonies", "add", "--name", "Najaar", "--date", "2027-10-02").returncode == 0
    listed = json.loads(cli(data_dir, "ceremonies", "list", "--json").stdout)
    assert [(c["name"], c["date"], c["time"], c["location"], c["capacity"], c["invited"]) for c in listed] == [
        ("Welkom 2027", "2027-03-20", "14:00", "Stadhuis", 150, 0),
        ("Najaar", "2027-10-02", None, "", None, 0),
    ]
    text = cli(data_dir, "ceremonies", "list").stdout
    assert "20/03/2027" in text and "Najaar" in text
    assert cli(data_dir, "audit", "verify").returncode == 0
    store = Store.open(data_dir)
    created = audit.entries(store, action="ceremony.create")
    assert len(created) == 2 and all(e["actor"] == audit.cli_actor() for e in created)
    assert store.scalar("SELECT created_by FROM ceremonies WHERE id = 1") == audit.cli_actor()
    store.close()


def test_invalid_input_is_one_dutch_line_exit_2(data_dir):
    cli(data_dir, "init")
    for extra, words in [
        (["--date", "20/03/2027"], "JJJJ-MM-DD"),
        (["--date", "2027-03-20", "--time", "2 uur"], "UU:MM"),
        (["--date", "2027-03-20", "--capacity", "-5"], "0 of meer"),
    ]:
        r = cli(data_dir, "ceremonies", "add", "--name", "Welkom", *extra)
        assert r.returncode == 2
        assert words in r.stderr and len(r.stderr.strip().splitlines()) == 1
        assert "Traceback" not in r.stderr
    assert json.loads(cli(data_dir, "ceremonies", "list", "--json").stdout) == []
