"""The "Ontvangen" page: upload, preview (masked), import, report, deletion checklist."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ceremony import admin, people, transport
from ceremony.intake import importer
from ceremony.texts import t
from tests.apptest_helpers import PAGES, login, open_page, sign_in_token, texts, with_cookie
from tests.conftest import ADMIN, add_user
from tests.test_import import HEADERS, NOW, PW, delivery, nn_for, person_row
from tests.test_validate import make_nn
from tests.text_helpers import pieces


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("CEREMONY_FAKE_NOW", NOW)


@pytest.fixture
def carla(store):
    admin.set_setting(store, ADMIN, "postcodes", "9000")
    return add_user(store, "carla", "coordinator")


def upload(at: AppTest, data: bytes, name: str = "levering.xlsx") -> AppTest:
    at.file_uploader[0].set_value((name, data, "application/octet-stream"))
    return at.run()


def test_coordinator_uploads_previews_imports_and_confirms(store, carla):
    number = make_nn(1985, 7, 30, 33)
    rows = [person_row(0, Rijksregisternummer=number), person_row(1), person_row(2, Voornaam=None)]
    at = open_page(login("carla"), "intake.py")
    assert not at.exception
    at = upload(at, delivery(rows, "csv"), "levering.csv")
    shown = texts(at)
    assert "85.07.**-***.**" in shown  # masked in the preview
    assert number not in shown
    assert t("formats.notice.unencrypted") in shown
    assert store.scalar("SELECT count(*) FROM people") == 0  # a preview stores nothing

    at.button(key="intake_import").click().run()
    assert not at.exception
    shown = texts(at)
    assert t("ui.intake.done", id=1) in shown
    assert t("validate.first_name.missing") in shown
    assert {p.national_number for p in people.iter_people(store)} == {number, nn_for(1)}
    assert not at.file_uploader[0].value  # the uploader is emptied after the import

    # deletion checklist: tick one item, it is recorded with who and when
    at.checkbox(key="tc_1_message").check().run()
    done = transport.confirmations(store, 1)
    assert set(done) == {"message"}
    assert done["message"]["confirmed_by"] == "user:carla"
    assert "Bevestigd door carla op" in texts(at)
    for item in ("download", "sms"):
        at.checkbox(key=f"tc_1_{item}").check().run()
    assert transport.pending(store) == []
    assert t("ui.intake.all_confirmed", id=1) in texts(at)


def test_a_file_without_header_row_is_refused_on_the_page(store, carla):
    first = [v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else v or "" for v in person_row(0)]
    at = open_page(login("carla"), "intake.py")
    at = upload(at, delivery([person_row(1)], "csv", headers=first), "levering.csv")
    assert not at.exception
    shown = texts(at)
    assert all(piece in shown for piece in pieces("columns.no_header_row"))
    assert "Familienaam0" not in shown and nn_for(0) not in shown
    assert "intake_import" not in [b.key for b in at.button]
    assert "intake_report" not in at.session_state
    assert store.scalar("SELECT count(*) FROM deliveries") == 0


def test_encrypted_file_asks_for_the_password(store, carla):
    at = open_page(login("carla"), "intake.py")
    at = upload(at, delivery([person_row(0)]))
    assert "wachtwoord" in texts(at).lower()
    assert "intake_import" not in [b.key for b in at.button]  # no import before the password
    at.text_input(key="intake_pw_0").input("verkeerd").run()
    assert t("formats.wrong_password") in texts(at)
    at.text_input(key="intake_pw_0").input(PW).run()
    assert t("ui.intake.import") in [b.label for b in at.button]
    at.button(key="intake_import").click().run()
    assert store.scalar("SELECT count(*) FROM people") == 1


def test_unrecognised_column_is_mapped_by_hand_and_remembered(store, carla):
    headers = ["Nummer burger", *HEADERS[1:]]
    data = delivery([person_row(0)], "csv", headers)
    at = open_page(login("carla"), "intake.py")
    at = upload(at, data, "levering.csv")
    assert t("ui.intake.map_by_hand") in texts(at)
    assert at.button(key="intake_import").disabled
    at.selectbox(key="intake_map_0_national_number").set_value("Nummer burger").run()
    assert not at.button(key="intake_import").disabled
    at.button(key="intake_import").click().run()
    assert store.scalar("SELECT count(*) FROM people") == 1
    # the next delivery with the same layout is recognised at once
    at = open_page(login("carla"), "intake.py")
    at = upload(at, delivery([person_row(1)], "csv", headers), "levering2.csv")
    assert t("ui.intake.map_by_hand") not in texts(at)
    assert not at.button(key="intake_import").disabled


def test_warning_without_postcodes(store):
    add_user(store, "carla", "coordinator")
    at = open_page(login("carla"), "intake.py")
    assert t("intake.no_postcodes") in texts(at)


def test_older_deliveries_with_open_items_are_listed(store, carla):
    first = importer.import_delivery(store, carla, delivery([person_row(0)]), PW)
    at = open_page(login("carla"), "intake.py")
    assert [e.label for e in at.expander] == [t("ui.intake.delivery", id=first.delivery_id, at="15/06/2026 12:00")]
    at.checkbox(key=f"tc_{first.delivery_id}_sms").check().run()
    assert set(transport.confirmations(store, first.delivery_id)) == {"sms"}


def test_beller_is_refused(store, carla):
    add_user(store, "bert", "beller")
    assert t("auth.denied") in texts(open_page(login("bert"), "intake.py"))  # known, refused
    at = AppTest.from_file(str(PAGES / "intake.py"), default_timeout=60)
    with_cookie(at, sign_in_token("bert"))
    at.run()
    assert t("auth.denied") in texts(at)
    assert not at.file_uploader


def test_out_of_scope_count_says_why_on_the_page(store, carla):
    import datetime as dt

    rows = [
        person_row(0),
        person_row(1, **{"Datum inburgeringsattest": dt.date(2020, 1, 1)}),  # outside the window
        person_row(2, Postcode="2000", Gemeente="Antwerpen"),  # not ours
    ]
    at = upload(open_page(login("carla"), "intake.py"), delivery(rows, "csv"), "levering.csv")
    assert t("ui.intake.rows", n=3) in texts(at)
    at.button(key="intake_import").click().run()
    assert not at.exception
    shown = texts(at)
    parts = f"{t('views.scope.window', n=1)}, {t('views.scope.postcodes', n=1)}"
    assert t("views.scope.reasons", total=2, parts=parts) in shown
    # the stale preview and its button are gone after the import
    assert t("ui.intake.import") not in [b.label for b in at.button] and t("ui.intake.preview") not in shown


def test_import_reports_progress_from_start_to_end(store, carla):
    rows = [person_row(i) for i in range(1200)]
    seen = []
    importer.import_delivery(store, carla, delivery(rows, "csv"), None, progress=lambda f, step: seen.append((f, step)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert {"read", "check", "store", "done"} <= {step for _, step in seen}
    assert len(seen) >= 8  # reported along the way, not only at the ends
