"""The mail-merge CSV: exactly the stored values, safe in Excel, never the national number."""

from __future__ import annotations

import codecs
import csv
import io
import json

import pytest
from faker import Faker

from ceremony import privacy
from ceremony.clock import utc_iso
from ceremony.errors import AccessDenied, NotFound
from ceremony.exports import mailmerge
from ceremony.exports.mailmerge import BASE_COLUMNS, safe_cell
from tests.ceremony_factory import make_person
from tests.conftest import add_user
from tests.text_helpers import matching

FORMULA_STARTS = ("=", "+", "@", "-")


def national_number(i: int) -> str:
    """A well-formed synthetic national number (checksum mod 97), distinct per i."""
    first9 = f"900101{i:03d}"
    return first9 + f"{97 - int(first9) % 97:02d}"


def add_person(store, i: int, **fields) -> int:
    fields.setdefault("email", f"persoon{i}@example.org")
    return make_person(store, national_number=national_number(i), **fields)


def add_ceremony(
    store,
    name="Ceremonie najaar",
    date="2026-09-12",
    time="14:00",
    location="Stadhuis, Botermarkt 1",
) -> int:
    with store.write() as db:
        return db.execute(
            "INSERT INTO ceremonies(name, date, time, location, created_at, created_by) VALUES (?,?,?,?,?,?)",
            [name, date, time, location, utc_iso(), "test"],
        ).lastrowid


def invite(store, ceremony_id: int, person_id: int, channel: str | None = None) -> None:
    with store.write() as db:
        db.execute(
            "INSERT INTO invitations(ceremony_id, person_id, channel, created_at) VALUES (?,?,?,?)",
            [ceremony_id, person_id, channel, utc_iso()],
        )


def do_not_contact(store, person_id: int) -> None:
    with store.write() as db:
        db.execute("UPDATE people SET do_not_contact = 1 WHERE id = ?", [person_id])


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


# (first name, last name, street, number, box, postcode, municipality, e-mail, phone stored, phone expected)
PEOPLE = [
    (
        "Zoë",
        "Lefèvre",
        "Kerkstraat",
        "12",
        "3",
        "9000",
        "Gent",
        "zoe@example.org",
        "+32470123456",
        "0470 12 34 56",
    ),
    (
        "François",
        "Ørsted",
        "Rue de l'Église",
        "4",
        "",
        "9030",
        "Mariakerke",
        "f.orsted@example.org",
        "+31612345678",
        "00 31 6 12345678",
    ),
    (
        "Jürgen",
        "Strauß",
        "Sint-Pietersnieuwstraat",
        "25A",
        "",
        "9000",
        "Gent",
        "jurgen@example.de",
        "+3292345678",
        "09 234 56 78",
    ),
    (
        "محمد",
        "العلي",
        "Dampoortstraat",
        "7",
        "",
        "9000",
        "Gent",
        "m.alali@example.org",
        "+32485112233",
        "0485 11 22 33",
    ),
    (
        "Ольга",
        "Иванова",
        "Brugse Poort",
        "101",
        "02",
        "9000",
        "Gent",
        "olga@example.org",
        "+33612345678",
        "00 33 6 12 34 56 78",
    ),
    (
        "Seán",
        "O'Brien",
        "Oudburg",
        "1",
        "",
        "9000",
        "Gent",
        "sean@example.ie",
        "+32478000111",
        "0478 00 01 11",
    ),
    (
        "Marie",
        "D'Hondt",
        "Veldstraat",
        "9",
        "",
        "9000",
        "Gent",
        "+marie@example.org",
        "+32493555666",
        "0493 55 56 66",
    ),
    (
        "=SUM(A1)",
        'Testnaam; "Jr"',
        "Korenmarkt",
        "2",
        "",
        "9000",
        "Gent",
        "sum@example.org",
        "+32470999888",
        "0470 99 98 88",
    ),
]


@pytest.fixture
def coordinator(store):
    return add_user(store, "carla", "coordinator")


@pytest.fixture
def everyone(store):
    ids = []
    for i, (first, last, street, number, box, pc, town, email, phone, _) in enumerate(PEOPLE):
        ids.append(
            add_person(
                store,
                i,
                first_name=first,
                last_name=last,
                street=street,
                house_number=number,
                box=box,
                postcode=pc,
                municipality=town,
                email=email,
                phone=phone,
            )
        )
    return ids


def test_every_cell_equals_the_stored_value_except_formulas(store, coordinator, everyone):
    hidden = add_person(
        store, 50, first_name="Niet", last_name="Contacteren", email="nee@example.org"
    )
    do_not_contact(store, hidden)

    result = mailmerge.export(store, coordinator)
    data = result.data

    assert data.startswith(codecs.BOM_UTF8)
    assert (
        data.count(b"\n") == data.count(b"\r\n") == len(PEOPLE) + 1
    )  # CRLF, header + one line each
    rows = read_csv(data)
    assert (
        rows[0]
        == list(BASE_COLUMNS)
        == ["voornaam", "naam", "adres", "postcode", "gemeente", "e_mail", "telefoon"]
    )
    by_email = {row[5].lstrip("'"): row for row in rows[1:]}
    assert len(by_email) == len(PEOPLE) == result.count
    for first, last, street, number, box, pc, town, email, _phone, dialled in PEOPLE:
        address = f"{street} {number} bus {box}" if box else f"{street} {number}"
        expected = [first, last, address, pc, town, email, dialled]
        expected = ["'" + v if v[:1] in FORMULA_STARTS else v for v in expected]
        assert by_email[email] == expected
    assert by_email["sum@example.org"][0] == "'=SUM(A1)"
    assert by_email["+marie@example.org"][5] == "'+marie@example.org"
    assert by_email["zoe@example.org"][2] == "Kerkstraat 12 bus 3"
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell
    # the person who objected is not in the file; no national number in any form
    assert b"Contacteren" not in data and b"nee@example.org" not in data
    for i in range(len(PEOPLE)):
        nn = national_number(i)
        formatted = f"{nn[:2]}.{nn[2:4]}.{nn[4:6]}-{nn[6:9]}.{nn[9:]}"
        assert nn.encode() not in data and formatted.encode() not in data


def test_ceremony_export_holds_only_its_invitees_with_ceremony_columns(store, coordinator):
    anna = add_person(store, 1, first_name="Anna", last_name="Aerts")
    bert = add_person(store, 2, first_name="Bert", last_name="Bauwens")
    carl = add_person(store, 3, first_name="Carl", last_name="Claes")
    other = add_person(store, 4, first_name="Dirk", last_name="Desmet")
    ceremony = add_ceremony(store)
    later = add_ceremony(store, name="Volgend jaar", date="2027-09-11")
    for person in (anna, bert, carl):
        invite(store, ceremony, person)
    invite(store, later, other)
    do_not_contact(store, carl)

    result = mailmerge.export(store, coordinator, ceremony)
    rows = read_csv(result.data)

    assert rows[0] == [*BASE_COLUMNS, "ceremonie", "datum", "uur", "locatie"]
    assert [row[:2] for row in rows[1:]] == [["Anna", "Aerts"], ["Bert", "Bauwens"]]
    assert rows[1][7:] == ["Ceremonie najaar", "zaterdag 12 september 2026", "14.00 uur", "Stadhuis, Botermarkt 1"]
    assert result.filename.endswith(".csv") and str(ceremony) in result.filename


def test_ceremony_without_hour_leaves_uur_empty(store, coordinator):
    person = add_person(store, 1)
    ceremony = add_ceremony(store, time=None)
    invite(store, ceremony, person)
    rows = read_csv(mailmerge.export(store, coordinator, ceremony).data)
    assert rows[1][8:10] == ["zaterdag 12 september 2026", ""]


def test_privacy_column_holds_the_notice(store, coordinator, everyone):
    store.put_setting("municipality", "Gemeente Teststad")
    rows = read_csv(mailmerge.export(store, coordinator, privacy=True).data)
    assert rows[0][-1] == "privacy"
    notice = privacy.privacy_notice(store)
    assert "Gemeente Teststad" in notice
    assert all(row[-1] == notice for row in rows[1:])
    # without the option the column is absent
    rows = read_csv(mailmerge.export(store, coordinator, privacy=False).data)
    assert "privacy" not in rows[0]


def test_each_export_is_audited_with_counts_and_columns_only(store, coordinator, everyone):
    ceremony = add_ceremony(store)
    for person in everyone[:3]:
        invite(store, ceremony, person)
    mailmerge.export(store, coordinator)
    mailmerge.export(store, coordinator, ceremony, privacy=True)

    entries = store.rows("SELECT * FROM audit WHERE action = 'export.mailmerge' ORDER BY id")
    assert len(entries) == 2
    first, second = (json.loads(e["details"]) for e in entries)
    assert entries[0]["actor"] == "user:carla"
    assert first["count"] == len(PEOPLE) and first["columns"] == list(BASE_COLUMNS)
    assert second["count"] == 3 and second["ceremony"] == ceremony
    assert second["columns"][-1] == "privacy" and "ceremonie" in second["columns"]
    assert entries[1]["target"] == f"ceremony:{ceremony}"
    trail = json.dumps(store.rows("SELECT * FROM audit"), ensure_ascii=False)
    for first_name, last_name, street, *_rest in PEOPLE:
        assert first_name not in trail and last_name not in trail and street not in trail
    for *_rest, email, phone, dialled in PEOPLE:
        assert email not in trail and phone not in trail and dialled not in trail


@pytest.mark.parametrize("role", ["beheerder", "beller", "dpo"])
def test_only_a_coordinator_may_export(store, everyone, role):
    user = add_user(store, "iemand", role)
    with pytest.raises(AccessDenied):
        mailmerge.export(store, user)
    assert store.scalar("SELECT count(*) FROM audit WHERE action LIKE 'export.%'") == 0


def test_unknown_ceremony_is_one_dutch_sentence(store, coordinator):
    with pytest.raises(NotFound, match=matching("ceremonies.unknown")):
        mailmerge.export(store, coordinator, 999)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+32470", "'+32470"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        ("Jean-Luc", "Jean-Luc"),
        ("", ""),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_random_synthetic_people_round_trip(store, coordinator):
    fake = Faker(["nl_BE", "fr_FR", "ru_RU", "ar_AA", "tr_TR"])
    Faker.seed(20261129)
    stored = {}
    for i in range(40):
        first, last = fake.first_name(), fake.last_name()
        email = f"p{i}@example.org"
        add_person(
            store, i, first_name=first, last_name=last, street=fake.street_name(), email=email
        )
        stored[email] = (first, last)
    rows = read_csv(mailmerge.export(store, coordinator).data)
    assert {row[5]: (row[0], row[1]) for row in rows[1:]} == stored
