"""Data-subject rights: search, access export, rectification, erasure, objection."""

import csv
import io
import json

import pytest

from ceremony import audit, people, rights
from ceremony.clock import be_date
from ceremony.errors import AccessDenied, InvalidInput, NotFound
from ceremony.texts import t
from tests.ceremony_factory import ceremony_row, invite_with_call, make_person
from tests.conftest import add_user, assert_absent


def national_number(serial: int, birth: str = "850730") -> str:
    """A valid synthetic national number (born before 2000) with the given serial."""
    first9 = f"{birth}{serial:03d}"
    return f"{first9}{97 - int(first9) % 97:02d}"


def ceremony(store, name="Welkomstceremonie 2026", date="2026-10-10"):
    return ceremony_row(store, name, date, "14:00", "Stadhuis")


def invite_and_call(store, pid, ceremony_id, note):
    """Invited by phone on 01/09/2026, answered "komt" with 2 companions, one call with a sealed note."""
    return invite_with_call(store, pid, ceremony_id, note, invited_at="2026-09-01", channel="telefoon",
                            companions=2, present=0)


CANARY = {
    "national_number": national_number(123),
    "first_name": "Zuleyha-Élodie",
    "last_name": "Qvandenbossche",
    "street": "Kwartelstraatje",
    "house_number": "17",
    "box": "B3",
    "postcode": "9050",
    "municipality": "Gentbrugge",
    "email": "zuleyha.canary@example.org",
    "phone": "+32470998877",
}
NOTE = "Belt liever na zeventien uur, vraagt tolk Tigrinya"


@pytest.fixture
def coordinator(store):
    return add_user(store, "carla", "coordinator")


def test_access_export_contains_every_stored_field(store, coordinator):
    pid = make_person(store, certificate_date="2026-03-15", **CANARY)
    invite_and_call(store, pid, ceremony(store), NOTE)

    data = json.loads(rights.access_export(store, coordinator, pid, "json"))
    person = data[t("rights.export.section.person")]
    for name in people.PERSONAL_FIELDS:
        assert person[t(f"rights.field.{name}")] == CANARY[name]
    assert person[t("rights.field.certificate_date")] == "15/03/2026"
    delivery = data[t("rights.export.section.delivery")]
    assert delivery[t("rights.field.delivery")].startswith("#")
    assert delivery[t("rights.field.received_at")]
    assert delivery[t("rights.field.purge_date")]  # a dd/mm/jjjj date
    [invitation] = data[t("rights.export.section.invitations")]
    assert invitation[t("rights.field.ceremony")] == "Welkomstceremonie 2026"
    assert invitation[t("rights.field.companions")] == "2"
    assert invitation[t("rights.field.invited_at")] == "01/09/2026"  # a date, no made-up hour
    [call] = data[t("rights.export.section.calls")]
    assert call[t("rights.field.note")] == NOTE
    assert call[t("rights.field.caller")] == "bert"

    raw = rights.access_export(store, coordinator, pid, "csv")
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    cells = [cell for row in csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";") for cell in row]
    for value in [*CANARY.values(), NOTE, "15/03/2026", "Welkomstceremonie 2026"]:
        assert value in cells or "'" + value in cells, value
    assert "'+32470998877" in cells  # a spreadsheet must not read the phone number as a formula
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)

    entries = audit.entries(store, action="person.access_export")
    assert [json.loads(e["details"])["format"] for e in entries] == ["csv", "json"]
    # what an entry says (its time is left out: "17" is a house number and an hour)
    trail = json.dumps([{k: v for k, v in e.items() if k != "at"} for e in audit.entries(store)],
                       ensure_ascii=False)
    for value in CANARY.values():
        assert value not in trail


def test_erasure_leaves_nothing_on_disk(store, data_dir, coordinator):
    keep = make_person(store, national_number=national_number(200), first_name="Blijftbewaard")
    delivery = store.scalar("SELECT delivery_id FROM people WHERE id = ?", [keep])
    gone = make_person(store, delivery_id=delivery, **CANARY)
    cid = ceremony(store)
    invite_and_call(store, gone, cid, NOTE)
    secrets_of_gone = [
        bytes(store.scalar("SELECT record FROM people WHERE id = ?", [gone]))[:24],
        bytes(store.scalar("SELECT note FROM call_attempts WHERE person_id = ?", [gone]))[:24],
        store.scalar("SELECT blind_index FROM people WHERE id = ?", [gone]).encode(),
    ]

    rights.erase(store, coordinator, gone)

    assert store.one("SELECT id FROM people WHERE id = ?", [gone]) is None
    assert store.scalar("SELECT count(*) FROM invitations WHERE person_id = ?", [gone]) == 0
    assert store.scalar("SELECT count(*) FROM call_attempts WHERE person_id = ?", [gone]) == 0
    assert_absent(data_dir, secrets_of_gone)
    assert people.get_person(store, keep).first_name == "Blijftbewaard"
    assert store.scalar("SELECT invited FROM ceremony_counts WHERE ceremony_id = ?", [cid]) == 1
    history = store.one("SELECT trigger, purged_people, actor FROM purges")
    assert history == {"trigger": "erasure", "purged_people": 1, "actor": "user:carla"}
    [entry] = audit.entries(store, action="person.erase")
    assert entry["target"] == f"person:{gone}" and entry["details"] == "{}"
    with pytest.raises(NotFound):
        rights.erase(store, coordinator, gone)


def test_erasing_the_last_person_of_a_delivery_destroys_its_key(store, data_dir, coordinator):
    pid = make_person(store, **CANARY)
    delivery = store.scalar("SELECT delivery_id FROM people WHERE id = ?", [pid])
    wrapped = bytes(store.scalar("SELECT wrapped_key FROM deliveries WHERE id = ?", [delivery]))
    rights.erase(store, coordinator, pid)
    assert_absent(data_dir, [wrapped[:24]])
    row = store.one("SELECT status, purge_reason FROM deliveries WHERE id = ?", [delivery])
    assert row == {"status": "purged", "purge_reason": "erasure"}


def test_objection_with_tombstone_keeps_only_the_blind_index(store, data_dir, coordinator):
    pid = make_person(store, **CANARY)
    invite_and_call(store, pid, ceremony(store), NOTE)
    blind = store.scalar("SELECT blind_index FROM people WHERE id = ?", [pid])
    record = bytes(store.scalar("SELECT record FROM people WHERE id = ?", [pid]))

    rights.object_and_erase(store, coordinator, pid)

    assert store.scalar("SELECT count(*) FROM people") == 0
    assert store.rows("SELECT blind_index FROM objections") == [{"blind_index": blind}]
    assert_absent(data_dir, [record[:24], CANARY["email"].encode(), CANARY["last_name"].encode()])
    found = rights.search(store, coordinator, "85.07.30-123." + CANARY["national_number"][-2:])
    assert found.people == [] and found.objection_since
    rights.withdraw_objection(store, coordinator, CANARY["national_number"])
    assert store.scalar("SELECT count(*) FROM objections") == 0
    with pytest.raises(NotFound):
        rights.withdraw_objection(store, coordinator, CANARY["national_number"])


def test_do_not_contact_removes_from_lists_and_can_be_lifted(store, coordinator):
    pid = make_person(store, **CANARY)
    other = make_person(store, national_number=national_number(300))
    rights.mark_do_not_contact(store, coordinator, pid)
    assert [p.id for p in people.iter_people(store, include_do_not_contact=False)] == [other]
    assert people.get_person(store, pid).do_not_contact
    rights.lift_do_not_contact(store, coordinator, pid)
    assert not people.get_person(store, pid).do_not_contact
    actions = [e["action"] for e in audit.entries(store, action="person.")]
    assert actions == ["person.contact_allowed", "person.do_not_contact"]


def test_search_by_name_ignores_case_accents_and_order(store, coordinator):
    wanted = make_person(store, national_number=national_number(1), first_name="Élodie", last_name="Van den Bossché")
    arabic = make_person(store, national_number=national_number(2), first_name="فاطمة", last_name="الزهراء")
    cyrillic = make_person(store, national_number=national_number(3), first_name="Ольга", last_name="Шевченко")
    make_person(store, national_number=national_number(4), first_name="Jan", last_name="Peeters")

    assert [p.id for p in rights.search(store, coordinator, "bossche elodie").people] == [wanted]
    assert [p.id for p in rights.search(store, coordinator, "VAN DEN BOS").people] == [wanted]
    assert [p.id for p in rights.search(store, coordinator, "الزهراء").people] == [arabic]
    assert [p.id for p in rights.search(store, coordinator, "шевч").people] == [cyrillic]
    assert rights.search(store, coordinator, "Nobody").people == []

    entries = audit.entries(store, action="people.search")
    assert [json.loads(e["details"])["count"] for e in entries] == [0, 1, 1, 1, 1]
    trail = json.dumps(audit.entries(store), ensure_ascii=False).casefold()
    for query in ("bossche", "الزهراء", "шевч", "nobody"):
        assert query not in trail


def test_search_by_national_number_uses_the_blind_index_only(store, coordinator, monkeypatch):
    pid = make_person(store, **CANARY)
    make_person(store, national_number=national_number(400))

    def no_decrypt_all(*args, **kwargs):
        raise AssertionError("a number search must not decrypt everyone")

    monkeypatch.setattr(people, "iter_people", no_decrypt_all)
    number = CANARY["national_number"]
    dotted = f"{number[:2]}.{number[2:4]}.{number[4:6]}-{number[6:9]}.{number[9:]}"
    for query in (number, dotted, f"{number[:6]} {number[6:9]} {number[9:]}"):
        result = rights.search(store, coordinator, query)
        assert [p.id for p in result.people] == [pid] and result.by_number
    with pytest.raises(InvalidInput):
        rights.search(store, coordinator, number[:-1] + str((int(number[-1]) + 1) % 10))
    with pytest.raises(InvalidInput):
        rights.search(store, coordinator, "a")


def test_rectification_normalises_and_audits_field_names_only(store, coordinator):
    pid = make_person(store, **CANARY)
    changed = rights.rectify(
        store, coordinator, pid,
        {"email": " nieuw.adres@voorbeeld.be ", "phone": "0470 12 34 99", "box": "B3", "last_name": "Qvandenbossche"},
    )
    assert changed == ["email", "phone"]
    person = people.get_person(store, pid)
    assert person.email == "nieuw.adres@voorbeeld.be" and person.phone == "+32470123499"
    assert person.national_number == CANARY["national_number"]
    [entry] = audit.entries(store, action="person.rectify")
    assert json.loads(entry["details"]) == {"fields": ["email", "phone"]}
    for value in ("nieuw.adres", "470123499", "zuleyha"):
        assert value not in entry["details"] + entry["target"]

    assert rights.rectify(store, coordinator, pid, {"box": "B3"}) == []
    for bad in ({"email": "geen-adres"}, {"phone": "12"}, {"postcode": "90"}, {"first_name": "  "},
                {"national_number": "85073003328"}):
        with pytest.raises(InvalidInput):
            rights.rectify(store, coordinator, pid, bad)
    assert people.get_person(store, pid).fields == person.fields  # nothing half saved
    assert rights.rectify(store, coordinator, pid, {"phone": ""}) == ["phone"]  # a number may be removed


def test_rectification_reads_the_person_inside_its_write_transaction(store, coordinator, monkeypatch):
    pid = make_person(store, **CANARY)
    seen = []
    real = people.get_person

    def spying(store_, person_id):
        seen.append(store_.db.conn.in_transaction)  # a purge or import could slip in otherwise
        return real(store_, person_id)

    monkeypatch.setattr(people, "get_person", spying)
    assert rights.rectify(store, coordinator, pid, {"email": "nieuw@voorbeeld.be"}) == ["email"]
    assert seen == [True]


def test_rewriting_a_person_who_is_gone_says_so(store, coordinator):
    pid = make_person(store, **CANARY)
    fields = people.get_person(store, pid).fields
    rights.erase(store, coordinator, pid)  # e.g. the purge ran meanwhile
    with pytest.raises(NotFound) as refused:
        people.rewrite_person(store, pid, fields)
    assert refused.value.code == "rights.person_gone"
    with pytest.raises(NotFound):
        rights.rectify(store, coordinator, pid, {"email": "nieuw@voorbeeld.be"})


@pytest.mark.parametrize("role", ["beller", "dpo", "beheerder"])
def test_other_roles_are_refused(store, role):
    pid = make_person(store, **CANARY)
    user = add_user(store, "someone", role)
    for action in (
        lambda: rights.search(store, user, "Qvandenbossche"),
        lambda: rights.open_person(store, user, pid),
        lambda: rights.access_export(store, user, pid, "json"),
        lambda: rights.rectify(store, user, pid, {"box": "9"}),
        lambda: rights.mark_do_not_contact(store, user, pid),
        lambda: rights.object_and_erase(store, user, pid),
        lambda: rights.erase(store, user, pid),
    ):
        with pytest.raises(AccessDenied):
            action()
    assert people.get_person(store, pid).fields["box"] == "B3"


def test_open_person_is_audited_and_has_the_purge_date(store, coordinator):
    pid = make_person(store, **CANARY)
    dossier = rights.open_person(store, coordinator, pid)
    assert dossier.person.last_name == "Qvandenbossche"
    assert be_date(dossier.purge_date)
    [entry] = audit.entries(store, action="person.open")
    assert entry["target"] == f"person:{pid}"
