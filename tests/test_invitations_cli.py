"""`invitations add|list` and `export emails --outlook`, run in-process like an operator would."""

from __future__ import annotations

import json

from ceremony.texts import t
from tests.ceremony_factory import add_people, ceremony_row, invite_directly


def test_add_all_invites_every_eligible_person_once(cli, store, data_dir, capsys):
    ceremony = ceremony_row(store, date="2026-09-12")
    eligible = add_people(store, [{"certificate_date": "2026-03-01"} for _ in range(3)])
    add_people(store, [{"certificate_date": "2024-01-01"}], start=10)  # outside the window
    with store.write() as db:
        db.execute("UPDATE people SET do_not_contact = 1 WHERE id = ?", [eligible[2]])

    code, out, err = cli("invitations", "add", "--ceremony", str(ceremony), "--all",
                         "--channel", "e-mail", "--json")

    assert code == 0, err
    assert json.loads(out) == {"invited": 2}
    assert store.rows("SELECT person_id, channel FROM invitations ORDER BY person_id") == [
        {"person_id": eligible[0], "channel": "e-mail"}, {"person_id": eligible[1], "channel": "e-mail"},
    ]
    code, out, _ = cli("invitations", "add", "--ceremony", str(ceremony), "--all")
    assert code == 0 and out.strip() == "0 personen uitgenodigd."
    code, _, err = cli("invitations", "add", "--ceremony", str(ceremony))
    assert code == 2 and "--all" in err
    code, _, err = cli("invitations", "add", "--ceremony", "99", "--all")
    assert code == 2 and err.strip()


def test_list_gives_counts_per_channel_and_answer_without_personal_data(cli, store, data_dir, capsys):
    ceremony = ceremony_row(store)
    ids = add_people(store, [{"first_name": f"Zqx{i}"} for i in range(4)])
    invite_directly(store, ceremony, ids[:2], channel="brief")
    invite_directly(store, ceremony, ids[2:], channel="e-mail")
    with store.write() as db:
        db.execute("UPDATE invitations SET answer = 'komt' WHERE person_id = ?", [ids[0]])

    code, out, _ = cli("invitations", "list", "--ceremony", str(ceremony), "--json")

    assert code == 0
    assert json.loads(out) == {
        "invited": 4,
        "channel": {"brief": 2, "e-mail": 2, "telefoon": 0, "none": 0},
        "answer": {"komt": 1, "komt_niet": 0, "misschien": 0, "none": 3},
        "answers": {"yes": 1, "no": 0, "open": 3, "waiting": 0},
        "by_channel": {"web": 0, "telefoon": 0, "brief": 0, "balie": 0},  # set directly: no answer channel
        "companions": 0,
    }
    code, out, _ = cli("invitations", "list", "--ceremony", str(ceremony))
    assert code == 0 and t("invitations.cli.total", n=4) in out and "Zqx" not in out


def test_email_list_for_outlook_is_one_line_separated_by_semicolons(cli, store, data_dir, capsys, tmp_path):
    ceremony = ceremony_row(store)
    invite_directly(store, ceremony, add_people(store, [{}, {}, {"email": ""}]), channel="e-mail")
    out = tmp_path / "outlook.txt"

    code, _, err = cli("export", "emails", "--ceremony", str(ceremony), "--outlook",
                       "--out", str(out))

    assert code == 0, err
    assert out.read_bytes() == b"persoon0@example.org; persoon1@example.org\r\n"


def test_to_letter_moves_the_invitees_without_a_usable_phone_number(cli, store, data_dir, capsys):
    ceremony = ceremony_row(store)
    without = add_people(store, [{"phone": ""}, {"phone": "bel me niet"}])
    with_number = add_people(store, [{"phone": "+32470123456"}], start=10)
    invite_directly(store, ceremony, [*without, *with_number], channel="telefoon")

    code, _, err = cli("invitations", "to-letter", "--ceremony", str(ceremony))
    assert code == 2 and "--no-phone" in err
    code, out, err = cli("invitations", "to-letter", "--ceremony", str(ceremony), "--no-phone", "--json")

    assert code == 0, err
    assert json.loads(out) == {"moved": 2}
    assert store.rows("SELECT person_id, channel FROM invitations ORDER BY person_id") == [
        {"person_id": without[0], "channel": "brief"}, {"person_id": without[1], "channel": "brief"},
        {"person_id": with_number[0], "channel": "telefoon"},
    ]
    code, out, _ = cli("invitations", "to-letter", "--ceremony", str(ceremony), "--no-phone")
    assert code == 0 and out.strip() == t("invitations.cli.to_letter", n=0)
    actions = [r["action"] for r in store.rows("SELECT action FROM audit ORDER BY id")]
    assert actions.count("invitation.to_letter") == 2 and "cli.invitations.to_letter" in actions
