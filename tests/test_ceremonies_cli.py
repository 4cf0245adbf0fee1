"""`python -m ceremony ceremonies add|list`, as an operator's script would call them."""

import json

from ceremony import audit
from ceremony.store import Store
from ceremony.texts import t


def test_add_and_list_ceremonies(cli, data_dir):
    assert cli("init").code == 0
    r = cli("ceremonies", "add", "--name", "Welkom 2027", "--date", "2027-03-20",
            "--time", "14:00", "--location", "Stadhuis", "--capacity", "150")
    assert r.code == 0, r.err
    assert t("ceremonies.cli.added", id=1, name="Welkom 2027", date="20/03/2027") in r.out
    assert cli("ceremonies", "add", "--name", "Najaar", "--date", "2027-10-02").code == 0
    listed = json.loads(cli("ceremonies", "list", "--json").out)
    assert [(c["name"], c["date"], c["time"], c["location"], c["capacity"], c["invited"]) for c in listed] == [
        ("Welkom 2027", "2027-03-20", "14:00", "Stadhuis", 150, 0),
        ("Najaar", "2027-10-02", None, "", None, 0),
    ]
    text = cli("ceremonies", "list").out
    assert "20/03/2027" in text and "Najaar" in text
    assert cli("audit", "verify").code == 0
    store = Store.open(data_dir)
    created = audit.entries(store, action="ceremony.create")
    assert len(created) == 2 and all(e["actor"] == audit.cli_actor() for e in created)
    assert store.scalar("SELECT created_by FROM ceremonies WHERE id = 1") == audit.cli_actor()
    store.close()


def test_invalid_input_is_one_dutch_line_exit_2(cli, data_dir):
    cli("init")
    for extra, words in [
        (["--date", "20/03/2027"], t("ceremonies.date_invalid")),
        (["--date", "2027-03-20", "--time", "2 uur"], t("ceremonies.time_invalid")),
        (["--date", "2027-03-20", "--capacity", "-5"], t("ceremonies.capacity_invalid")),
    ]:
        r = cli("ceremonies", "add", "--name", "Welkom", *extra)
        assert r.code == 2
        assert words in r.err and len(r.err.strip().splitlines()) == 1
        assert "Traceback" not in r.err
    assert json.loads(cli("ceremonies", "list", "--json").out) == []
