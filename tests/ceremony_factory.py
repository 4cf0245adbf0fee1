"""The one factory of synthetic people, ceremonies and invitations for tests and bench/
(never real data).

It lives with the tests, not in the `ceremony` package: it writes rows directly for
speed (fixtures, not domain actions), which the product must never do. bench/ and tools/
import it by running as modules from the checkout (`python -m bench.ui_bench`).
"""

from __future__ import annotations

import secrets

from ceremony import deliveries, people
from ceremony.clock import utc_iso


def make_person(store, delivery_id=None, **fields) -> int:
    """Store one synthetic person through the domain API; returns its id."""
    if delivery_id is None:
        delivery_id = deliveries.create_delivery(store, "test", "csv")
    values = {
        "national_number": "85073003328",
        "first_name": "Testvoornaam",
        "last_name": "Testnaam",
        "street": "Teststraat",
        "house_number": "1",
        "box": "",
        "postcode": "9000",
        "municipality": "Gent",
        "email": "test@example.org",
        "phone": "+32470123456",
    }
    values.update(fields)
    with store.write():
        return people.insert_person(store, delivery_id, values, fields.get("certificate_date", "2026-06-01"))


def national_number(index: int) -> str:
    """A distinct, valid (mod-97, born before 2000) synthetic national number per index."""
    yy, rest = 50 + index % 50, index // 50
    mm, rest = 1 + rest % 12, rest // 12
    dd, rest = 1 + rest % 28, rest // 28
    first9 = f"{yy:02d}{mm:02d}{dd:02d}{1 + rest % 997:03d}"
    return first9 + f"{97 - int(first9) % 97:02d}"


def person_fields(index: int, **overrides) -> dict:
    """Synthetic personal fields for person number `index`."""
    values = {
        "national_number": national_number(index),
        "first_name": f"Voornaam{index}",
        "last_name": f"Familienaam{index}",
        "street": "Proefstraat",
        "house_number": str(1 + index % 200),
        "box": "",
        "postcode": "9000",
        "municipality": "Gent",
        "email": f"persoon{index}@example.org",
        "phone": f"+32470{index % 1_000_000:06d}",
    }
    values.update(overrides)
    return values


def add_people(store, specs: list[dict], start: int = 0, delivery_id: int | None = None) -> list[int]:
    """Store people in one transaction; each spec may set personal fields and `certificate_date`."""
    records = []
    for offset, spec in enumerate(specs):
        spec = dict(spec)
        certificate_date = spec.pop("certificate_date", "2026-06-01")
        records.append((person_fields(start + offset, **spec), certificate_date))
    with store.write() as db:
        delivery_id = delivery_id or deliveries.create_delivery(store, "test", "csv")
        after = db.execute("SELECT coalesce(max(id), 0) FROM people").fetchone()[0]
        people.insert_people(store, delivery_id, records)  # one executemany, sealed on both cores
        return [row[0] for row in db.execute("SELECT id FROM people WHERE id > ? ORDER BY id", [after])]


def invite_directly(store, ceremony_id: int, person_ids: list[int], channel: str = "brief") -> None:
    """Insert invitations without the domain checks (bench and fixtures only)."""
    now = utc_iso()
    with store.write() as db:
        db.conn.executemany(
            "INSERT INTO invitations(ceremony_id, person_id, channel, invited_at, created_at) VALUES (?,?,?,?,?)",
            [(ceremony_id, pid, channel, now[:10], now) for pid in person_ids],
        )
        people.rows.count_change(store, "invitations")  # as the owner's invite does


def ceremony_row(store, name: str = "Ceremonie", date: str = "2026-12-12", time: str | None = None,
                 location: str = "") -> int:
    """A ceremony inserted directly (tests that must not depend on ceremonies.py)."""
    with store.write() as db:
        return db.execute(
            "INSERT INTO ceremonies(name, date, time, location, created_at, created_by) VALUES (?,?,?,?,?,?)",
            [name, date, time, location, utc_iso(), "test"],
        ).lastrowid


def invite_with_call(
    store, person_id: int, ceremony_id: int, note: str | None = "Belt liever na 17u", *,
    invited_at: str | None = None, channel: str | None = None, answer: str | None = "komt",
    companions: int = 0, reached: int = 1, present: int = 1, outcome: str = "komt",
) -> int:
    """One invitation and, with a note, one call attempt whose note is sealed as the phone round does."""
    with store.write() as db:
        inv = db.execute(
            "INSERT INTO invitations(ceremony_id, person_id, channel, invited_at, answer, companions, reached, "
            "present, attempts, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [ceremony_id, person_id, channel, invited_at or utc_iso()[:10], answer, companions, reached,
             present, int(note is not None), utc_iso()],
        ).lastrowid
        people.rows.count_change(store, "invitations")
        if note is not None:
            delivery_id = store.scalar("SELECT delivery_id FROM people WHERE id = ?", [person_id])
            uid = secrets.token_hex(16)
            db.execute(
                "INSERT INTO call_attempts(uid, invitation_id, person_id, caller, at, outcome, note) "
                "VALUES (?,?,?,?,?,?,?)",
                [uid, inv, person_id, "bert", utc_iso(), outcome, people.seal_note(store, delivery_id, uid, note)],
            )
    return inv
