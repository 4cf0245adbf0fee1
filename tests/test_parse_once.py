"""One decryption and one key derivation per upload; the Office spin count is capped.

The real decryption function and msoffcrypto's hash-round function are wrapped with a
counter (the work itself still happens); the page runs in AppTest as a browser would
drive it: upload, password, reruns, a column mapped by hand, import.
"""

from __future__ import annotations

import io

import pytest
from msoffcrypto.format.ooxml import OOXMLFile
from msoffcrypto.method.ecma376_agile import ECMA376Agile

from ceremony import admin, demo_files, people
from ceremony.errors import ImportRefused, InvalidInput
from ceremony.intake import containers, formats, importer, reading
from ceremony.texts import t
from tests.apptest_helpers import login as sign_in
from tests.apptest_helpers import open_page
from tests.conftest import ADMIN
from tests.test_import import HEADERS, NOW, PW, carla, delivery, person_row  # noqa: F401 - fixture

MAPPED_BY_HAND = ["Nummer burger", *HEADERS[1:]]


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("CEREMONY_FAKE_NOW", NOW)


@pytest.fixture
def counted(monkeypatch):
    """{"decrypt": n, "derive": n}: calls of the real functions since the test started."""
    calls = {"decrypt": 0, "derive": 0}
    decrypt, derive = containers.decrypt_office, ECMA376Agile._derive_iterated_hash_from_password

    def counting_decrypt(*args, **kwargs):
        calls["decrypt"] += 1
        return decrypt(*args, **kwargs)

    def counting_derive(*args, **kwargs):
        calls["derive"] += 1
        return derive(*args, **kwargs)

    monkeypatch.setattr(containers, "decrypt_office", counting_decrypt)
    monkeypatch.setattr(ECMA376Agile, "_derive_iterated_hash_from_password", staticmethod(counting_derive))
    return calls


def upload(at, data: bytes, name: str = "levering.xlsx"):
    at.file_uploader[0].set_value((name, data, "application/octet-stream"))
    return at.run()


def test_preview_mapping_and_import_share_one_decryption(store, carla, counted):  # noqa: F811
    data = delivery([person_row(i) for i in range(3)], headers=MAPPED_BY_HAND)
    counted.update(decrypt=0, derive=0)  # making the file derived a key too
    at = upload(open_page(sign_in("carla"), "intake.py"), data)
    at.text_input(key="intake_pw_0").input(PW).run()
    assert t("ui.intake.map_by_hand") in " ".join(w.value for w in at.warning)
    at.run().run()  # reruns, as any click elsewhere on the page causes
    at.selectbox(key="intake_map_0_national_number").set_value("Nummer burger").run()
    assert not at.button(key="intake_import").disabled
    at.button(key="intake_import").click().run()
    assert not at.exception
    assert store.scalar("SELECT count(*) FROM people") == 3
    assert counted == {"decrypt": 1, "derive": 1}
    assert "intake_held" not in at.session_state  # dropped after the import


def test_a_wrong_password_is_tried_once_and_the_right_one_once(store, carla, counted):  # noqa: F811
    data = delivery([person_row(0)])
    counted.update(decrypt=0, derive=0)
    at = upload(open_page(sign_in("carla"), "intake.py"), data)
    at.text_input(key="intake_pw_0").input("verkeerd-wachtwoord").run()
    at.run()
    assert t("formats.wrong_password") in [e.value for e in at.error]
    at.text_input(key="intake_pw_0").input(PW).run()
    at.run()
    assert counted == {"decrypt": 2, "derive": 2}


def test_the_held_table_goes_with_a_new_file_and_with_sign_out(store, carla):  # noqa: F811
    at = upload(open_page(sign_in("carla"), "intake.py"), delivery([person_row(0)]))
    at.text_input(key="intake_pw_0").input(PW).run()
    first = at.session_state["intake_held"]
    at = upload(at, delivery([person_row(1)]), "tweede.xlsx")
    assert at.session_state["intake_held"] is not first
    assert at.session_state["intake_held"].file_id != first.file_id
    at.button(key="logout").click().run()
    assert "intake_held" not in at.session_state
    assert "user_id" not in at.session_state


def test_the_key_is_derived_once_per_decryption(counted):
    data = demo_files.encrypt_xlsx(demo_files.xlsx_bytes(HEADERS, [person_row(0)]), PW)
    counted.update(decrypt=0, derive=0)
    assert reading.read_table(data, PW).rows
    assert counted["derive"] == 1  # msoffcrypto's verify_password would derive it a second time


def office_file(spin: int) -> bytes:
    plain = demo_files.xlsx_bytes(HEADERS, [person_row(0)])
    assert not OOXMLFile(io.BytesIO(plain)).is_encrypted()
    return ECMA376Agile.encrypt(PW, io.BytesIO(plain), spin_count=spin)


def test_spin_count_above_office_default_is_refused_unless_the_setting_raises_it(store, carla):  # noqa: F811
    data = office_file(100_001)
    with pytest.raises(ImportRefused) as refused:
        importer.import_delivery(store, carla, data, PW)
    assert str(refused.value) == t("limits.spin_count", spin="100.001", n="100.000")
    assert store.scalar("SELECT count(*) FROM deliveries") == 0
    admin.set_setting(store, ADMIN, "max_spin_count", "100001")
    assert importer.import_delivery(store, carla, data, PW).stored == 1
    assert len(list(people.iter_people(store))) == 1


def test_spin_count_setting_is_validated(store):
    for wrong in ("99999", "10000001", "veel"):
        with pytest.raises(InvalidInput):
            admin.set_setting(store, ADMIN, "max_spin_count", wrong)
    assert store.setting("max_spin_count") == 100_000


def test_the_held_table_goes_when_the_session_ends_on_the_server(store, carla, monkeypatch):  # noqa: F811
    at = upload(open_page(sign_in("carla"), "intake.py"), delivery([person_row(0)]))
    at.text_input(key="intake_pw_0").input(PW).run()
    assert at.session_state["intake_held"].needs_password
    monkeypatch.setenv("CEREMONY_FAKE_NOW", "2026-06-15T10:20:00")  # idle past the 15-minute timeout
    at.run()
    assert "intake_held" not in at.session_state
    assert not at.file_uploader  # the page is not shown: the session has ended


class Untouchable:
    """A cell the preview must not read: formatting it in any way fails the test."""

    def __str__(self):
        raise AssertionError("the preview read a row it does not show")

    __repr__ = __format__ = __str__


def test_the_preview_reads_only_the_rows_it_shows():
    shown = [(i + 2, person_row(i)) for i in range(reading.PREVIEW_ROWS)]
    rest = [(i + 2, [Untouchable()] * len(HEADERS)) for i in range(reading.PREVIEW_ROWS, 300)]
    table = formats.RawTable(HEADERS, shown + rest, "xlsx", [])
    preview = reading.describe(table)
    assert preview.row_count == 300
    assert [row for row, _ in preview.rows] == [row for row, _ in shown]
    assert preview.rows[0][1][0].endswith(".**-***.**")  # the national number, masked
