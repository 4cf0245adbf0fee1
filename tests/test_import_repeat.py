"""A delivery received twice (the same rows, in another container) is recognised and only
imported again on purpose; a text file that is no table never reaches the column mapping.
On the command line and on the Ontvangen page."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from ceremony import admin, demo
from ceremony.intake import formats
from ceremony.texts import t
from tests.apptest_helpers import login, open_page, texts
from tests.conftest import ADMIN, add_user
from tests.test_import import NOW, PW, delivery, person_row
from tests.text_helpers import leading


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("CEREMONY_FAKE_NOW", NOW)


def _counts(store) -> tuple[int, int]:
    return store.scalar("SELECT count(*) FROM deliveries"), store.scalar("SELECT count(*) FROM people")


def _import(cli, path, *extra):
    return cli("import", str(path), "--password-stdin", "--json", *extra, stdin=PW + "\n")


def test_the_same_rows_in_another_container_are_refused_unless_again(cli, store, tmp_path):
    admin.set_setting(store, ADMIN, "postcodes", "9000")
    rows = [person_row(i) for i in range(6)]
    excel, sealed = tmp_path / "levering.xlsx", tmp_path / "levering.sealed"
    excel.write_bytes(delivery(rows, "xlsx-encrypted"))
    sealed.write_bytes(delivery(list(reversed(rows)), "sealed"))  # CSV inside, other order

    first = _import(cli, excel)
    assert first.code == 0, first.err
    again = _import(cli, sealed)

    assert again.code == 2 and again.out == ""
    [line] = again.err.strip().splitlines()  # one Dutch sentence
    assert line.startswith(leading("intake.cli.already_received", id=1))
    assert _counts(store) == (1, 6)  # nothing stored

    forced = _import(cli, sealed, "--again")
    assert forced.code == 0, forced.err
    report = json.loads(forced.out)
    assert (report["delivery_id"], report["rows"], report["unchanged"]) == (2, 6, 6)  # every row accounted for
    assert _counts(store) == (2, 6)


def test_a_changed_delivery_is_not_taken_for_a_repeat(cli, store, tmp_path):
    admin.set_setting(store, ADMIN, "postcodes", "9000")
    rows = [person_row(i) for i in range(4)]
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    first.write_bytes(delivery(rows))
    second.write_bytes(delivery([*rows[:3], person_row(3, Straat="Andere straat")]))
    assert _import(cli, first).code == 0
    result = _import(cli, second)
    assert result.code == 0, result.err
    assert json.loads(result.out)["updated"] == 1


def test_the_stored_fingerprint_is_keyed_and_holds_no_plain_hash(cli, store, tmp_path):
    import hashlib

    admin.set_setting(store, ADMIN, "postcodes", "9000")
    source = tmp_path / "levering.xlsx"
    source.write_bytes(delivery([person_row(0)]))
    assert _import(cli, source).code == 0
    stored = store.scalar("SELECT content_index FROM deliveries WHERE id = 1")
    assert stored and len(stored) >= 32
    plain = hashlib.sha256(json.dumps(person_row(0), default=str).encode()).hexdigest()
    assert stored != plain


def test_a_text_file_is_refused_as_no_table(cli, store, tmp_path):
    demo.write_demo(tmp_path, rows=20)
    result = cli("import", str(tmp_path / "wachtwoorden.txt"))
    assert result.code == 2 and result.err.strip() == t("formats.not_a_table")
    assert _counts(store) == (0, 0)
    with pytest.raises(Exception) as refused:
        formats.read_delivery((tmp_path / "wachtwoorden.txt").read_bytes(), None)
    assert str(refused.value) == t("formats.not_a_table")


# --- the Ontvangen page ---------------------------------------------------------------------


def _upload(at: AppTest, data: bytes, name: str) -> AppTest:
    at.file_uploader[0].set_value((name, data, "application/octet-stream"))
    at = at.run()
    if at.text_input:  # an encrypted file asks for its password
        at.text_input[0].set_value(PW).run()
    return at


def test_the_page_asks_before_importing_a_delivery_again(store):
    admin.set_setting(store, ADMIN, "postcodes", "9000")
    add_user(store, "carla", "coordinator")
    rows = [person_row(i) for i in range(5)]
    at = open_page(login("carla"), "intake.py")
    at = _upload(at, delivery(rows, "xlsx-encrypted"), "levering.xlsx")
    at.button(key="intake_import").click().run()
    assert not at.exception and _counts(store) == (1, 5)

    at = _upload(at, delivery(rows, "zip-aes"), "levering.zip")
    at.button(key="intake_import").click().run()

    assert not at.exception
    shown = texts(at)
    assert leading("ui.intake.already_received", id=1) in shown  # says what it does to the term
    assert _counts(store) == (1, 5)
    at.button(key="intake_import_again").click().run()
    assert not at.exception
    assert t("ui.intake.done", id=2) in texts(at)
    assert _counts(store) == (2, 5)


def test_the_page_refuses_a_text_file_before_any_mapping(store, tmp_path):
    add_user(store, "carla", "coordinator")
    demo.write_demo(tmp_path, rows=20)
    at = open_page(login("carla"), "intake.py")
    at = _upload(at, (tmp_path / "wachtwoorden.txt").read_bytes(), "wachtwoorden.txt")
    assert not at.exception
    assert t("formats.not_a_table") in texts(at)
    assert t("ui.intake.map_by_hand") not in texts(at) and not at.selectbox
    assert "intake_import" not in [b.key for b in at.button]


def test_a_repeat_is_still_recognised_after_a_key_rotation_and_forgotten_after_a_purge(store):
    from ceremony import keys, retention
    from ceremony.errors import AlreadyReceived
    from ceremony.intake import importer

    admin.set_setting(store, ADMIN, "postcodes", "9000")
    carla = add_user(store, "carla", "coordinator")
    data = delivery([person_row(i) for i in range(3)])
    importer.import_delivery(store, carla, data, PW)
    before = store.scalar("SELECT content_index FROM deliveries WHERE id = 1")

    keys.rotate(store, ADMIN)

    assert store.scalar("SELECT content_index FROM deliveries WHERE id = 1") != before  # carried into the new epoch
    with pytest.raises(AlreadyReceived):
        importer.import_delivery(store, carla, data, PW)
    retention.delete_delivery(store, ADMIN, 1, "1")
    assert store.scalar("SELECT content_index FROM deliveries WHERE id = 1") is None
    assert importer.import_delivery(store, carla, data, PW).stored == 3  # a new receipt after the purge


def _fingerprint_as_first_stored(keys, rows) -> str:
    """The fingerprint as the first version computed it (json.dumps per row): a delivery
    received before any later change must still be recognised."""
    import hashlib

    digests = sorted(hashlib.sha256(json.dumps([row.fields, row.certificate_date.isoformat()], sort_keys=True,
                                               ensure_ascii=False).encode()).digest() for row in rows)
    return keys.keyed_index(b"fingerprint:" + b"".join(digests))


_field_texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)


@given(st.lists(st.tuples(st.dictionaries(st.sampled_from(["national_number", "first_name", "street", "email"]),
                                          _field_texts), st.dates()), max_size=6))
def test_the_fingerprint_of_a_delivery_received_before_is_unchanged(rows):
    from ceremony import crypto
    from ceremony.intake import fingerprint
    from ceremony.intake.normalise import CleanRow

    keys = crypto.Keyring(b"m" * 32, b"b" * 32)
    checked = [CleanRow(n, fields, day) for n, (fields, day) in enumerate(rows, start=2)]
    assert fingerprint.content_index(keys, checked) == _fingerprint_as_first_stored(keys, checked)
