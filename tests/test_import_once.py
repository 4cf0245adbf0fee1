"""The import does each thing once: one blind index per row, rows checked once (on two cores
for a large table, with exactly the result of one core)."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from ceremony import admin, crypto, national_number, parallel, people
from ceremony.intake import checking, columns, fingerprint, importer
from ceremony.intake.normalise import CleanRow, RowIssue
from ceremony.rights import object_and_erase
from tests.conftest import ADMIN, add_user
from tests.test_import import HEADERS, NOW, delivery, nn_for, person_row


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("CEREMONY_FAKE_NOW", NOW)


@pytest.fixture
def carla(store):
    """A coordinator, and the municipality's postcodes set."""
    admin.set_setting(store, ADMIN, "postcodes", "9000,9030")
    return add_user(store, "carla", "coordinator")


@pytest.fixture
def index_calls(monkeypatch):
    """How often a national number's blind index is computed (the real HMAC chain, counted;
    the delivery's one content fingerprint is not a blind index)."""
    calls = []
    real = crypto.Keyring.keyed_index

    def counted(self, data: bytes) -> str:
        if data.startswith(b"nn:"):
            calls.append(data)
        return real(self, data)

    monkeypatch.setattr(crypto.Keyring, "keyed_index", counted)
    return calls


def test_a_blind_index_is_computed_once_per_row_new_known_or_objected(store, carla, index_calls):
    importer.import_delivery(store, carla, delivery([person_row(i) for i in range(4)]), "Proef-wachtwoord-42")
    assert len(index_calls) == 4  # first import: once per row, reused for the stored column
    objector = people.find_by_national_number(store, nn_for(3))
    object_and_erase(store, carla, objector.id)
    index_calls.clear()

    rows = [person_row(i, **({"Gemeente": "Gent-Centrum"} if i == 0 else {})) for i in range(6)]
    report = importer.import_delivery(store, carla, delivery(rows), "Proef-wachtwoord-42")
    assert (report.stored, report.updated, report.unchanged, report.objected) == (2, 1, 2, 1)
    assert len(index_calls) == 6  # known (moved and re-sealed), new and objected: once each
    assert {p.national_number for p in people.iter_people(store)} == {nn_for(i) for i in (0, 1, 2, 4, 5)}


def table(n: int) -> list[tuple[int, list]]:
    """n rows with a few rejected ones (bad check digits, a missing name) and warnings."""
    rows = []
    for i in range(n):
        cells = person_row(i)
        if i % 97 == 5:
            cells[0] = cells[0][:9] + ("00" if cells[0][9:] != "00" else "01")
        if i % 89 == 7:
            cells[1] = None
        if i % 31 == 3:
            cells[8] = "geen adres"
        rows.append((i + 2, cells))
    return rows


def as_plain(items) -> list:
    return [(i.row, i.reason) if isinstance(i, RowIssue) else
            (i.row, i.fields, i.certificate_date, i.warnings, i.blind_index, i.digest) for i in items]


def test_two_cores_give_exactly_the_result_of_one_in_row_order(store):
    plan = columns.plan_columns(HEADERS, None)
    rows = table(600)
    one = checking.check_all(plan, rows, store.keys, workers=1)
    two = checking.check_all(plan, rows, store.keys, workers=2)
    assert as_plain(two) == as_plain(one)
    assert [item.row for item in two] == [row for row, _ in rows]
    assert any(isinstance(item, RowIssue) for item in two)
    clean = [item for item in two if isinstance(item, CleanRow)]
    assert all(item.blind_index == national_number.blind_index(store.keys, item.fields["national_number"])
               for item in clean)
    assert any(item.warnings for item in clean)
    assert isinstance(clean[0].certificate_date, dt.date)
    # each row's fingerprint digest is made where the row was checked, and is the one the
    # fingerprint would make itself: the delivery's fingerprint does not depend on the cores
    assert all(item.digest == fingerprint.row_digest(item) for item in clean)
    bare = [CleanRow(i.row, i.fields, i.certificate_date) for i in clean]
    assert fingerprint.content_index(store.keys, two) == fingerprint.content_index(store.keys, bare)


def test_a_large_import_in_a_single_threaded_process_uses_two_cores_and_stores_every_row(
        store, carla, monkeypatch):
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 50)
    monkeypatch.setattr("threading.active_count", lambda: 1)  # pytest may run helper threads
    assert checking.workers_for(120) == 2
    report = importer.import_delivery(store, carla, delivery([person_row(i) for i in range(120)]),
                                      "Proef-wachtwoord-42")
    assert report.stored == 120
    stored = {p.national_number: p for p in people.iter_people(store)}
    assert set(stored) == {nn_for(i) for i in range(120)}
    assert stored[nn_for(119)].first_name == "Voornaam119"
    nonces = [record[:12] for (record,) in store.db.execute("SELECT record FROM people")]
    assert len(set(nonces)) == 120  # each process drew its own nonces: none repeats


def test_a_streamlit_like_process_with_threads_checks_in_process(monkeypatch):
    monkeypatch.setattr("threading.active_count", lambda: 5)
    assert checking.workers_for(100_000) == 1
    assert checking.workers_for(10) == 1
