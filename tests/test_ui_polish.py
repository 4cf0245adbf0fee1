"""What staff read on the quieter pages: counts that agree, numbers in the Flemish form,
every rejected row within reach, forms that say what they kept."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from ceremony import admin, ceremonies, invitations
from ceremony.clock import be_datetime, today
from ceremony.texts import CATALOGUE, t
from tests.apptest_helpers import login, open_page, texts
from tests.ceremony_factory import add_people
from tests.conftest import ADMIN, add_user
from tests.test_import import NOW, delivery, person_row

RECENT = (today() - dt.timedelta(days=60)).isoformat()


def test_start_and_belronde_count_the_same_people_to_call(store):
    coord = add_user(store, "carla", "coordinator")
    add_user(store, "bert", "beller")
    usable = [{"phone": f"+3247012{i:04d}", "certificate_date": RECENT} for i in range(5)]
    unusable = [{"phone": phone, "certificate_date": RECENT} for phone in ("1", "geen", "abc")]
    add_people(store, usable + unusable)
    cid = ceremonies.create_ceremony(store, coord, name="Welkom", date=today() + dt.timedelta(days=30))
    invitations.invite(store, coord, cid)

    start = texts(login("bert"))  # Start first: nobody has opened Belronde yet
    belronde = texts(open_page(login("bert"), "calls.py"))
    assert t("calls.ui.queue", n=5) in belronde
    assert t("ui.home.calls", n=5, name="Welkom") in start


def test_whole_numbers_and_fractions_are_written_the_flemish_way():
    assert t("views.n.people", n=20954) == "20.954 personen"
    assert t("views.n.people", n=1) == "1 persoon"
    assert t("limits.spin_count", spin=250000, n=100000).count("250.000") == 1
    # a delivery or row number is a name, not an amount
    assert "12345" in t("retention.ui.deleted", id=12345, people=t("views.n.people", n=2))


def test_bewaring_writes_large_counts_with_a_separator(store):
    add_user(store, "anna", "beheerder")
    admin.set_setting(store, ADMIN, "retention_days_after_receipt", 1200)
    shown = texts(open_page(login("anna"), "retention.py"))
    assert "1.200" in shown and "1200" not in shown


@pytest.fixture
def fixed_now(monkeypatch):
    monkeypatch.setenv("CEREMONY_FAKE_NOW", NOW)


@pytest.fixture
def served(monkeypatch) -> dict[str, tuple[str, bytes]]:
    """What Streamlit's media store holds for the browser to fetch: {file id: (name, bytes)}."""
    files: dict[str, tuple[str, bytes]] = {}
    keep = MemoryMediaFileStorage.load_and_get_id

    def load_and_get_id(self, path_or_data, mimetype, kind, filename=None):
        file_id = keep(self, path_or_data, mimetype, kind, filename)
        files[file_id] = (filename, path_or_data)
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", load_and_get_id)
    return files


def test_every_rejected_row_can_be_downloaded_with_its_reason(store, fixed_now, served):
    admin.set_setting(store, ADMIN, "postcodes", "9000")
    add_user(store, "carla", "coordinator")
    rows = [person_row(i) for i in range(20)] + [person_row(20 + i, Voornaam=None) for i in range(1050)]
    at = open_page(login("carla"), "intake.py")
    at.file_uploader[0].set_value(("levering.csv", delivery(rows, "csv"), "text/csv"))
    at.run()
    at.button(key="intake_import").click().run()
    assert not at.exception
    figures = {m.label: m.value for m in at.metric}
    assert figures[t("ui.intake.count.rows")] == "1.070"
    assert figures[t("ui.intake.count.rejected")] == "1.050"

    button = next(b for b in at.get("download_button") if b.proto.label == t("ui.intake.rejected_download"))
    name, content = served[button.proto.url.rsplit("/", 1)[-1].split(".")[0]]
    assert name == t("ui.intake.rejected_file", id=1)
    lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == [t("ui.intake.col.row"), t("ui.intake.col.reason")]
    assert len(lines) == 1 + 1050
    assert {reason for _, reason in lines[1:]} == {t("validate.first_name.missing")}
    assert sorted(int(row) for row, _ in lines[1:]) == list(range(22, 22 + 1050))


def test_settings_save_the_valid_fields_and_name_the_one_that_is_not(store):
    add_user(store, "anna", "beheerder")
    at = open_page(login("anna"), "settings.py")
    assert t("ui.settings.no_postcodes") in texts(at)
    at.text_input(key="set_postcodes").input("9000, 9030")
    at.text_input(key="set_municipality").input("Gent")
    at.text_input(key="set_deliberation_url").input("geen adres")
    at.button[0].click().run()  # the form's Opslaan
    assert not at.exception
    shown = texts(at)
    assert t("ui.settings.no_postcodes") not in shown  # postcodes are saved now
    assert store.setting("postcodes") == ["9000", "9030"] and store.setting("municipality") == "Gent"
    assert store.setting("deliberation_url") == ""
    [error] = at.error
    label = CATALOGUE["settings.label.deliberation_url"]
    assert error.value.startswith(t("ui.settings.not_saved", n=1)) and label in error.value
    assert at.text_input(key="set_deliberation_url").value == "geen adres"  # kept for correcting

    at.text_input(key="set_deliberation_url").input("https://www.vlaanderen.be/vcmp")
    at.button[0].click().run()
    assert store.setting("deliberation_url") == "https://www.vlaanderen.be/vcmp"
    assert [s.value for s in at.success] == [t("ui.settings.saved")] and not at.error


def test_settings_say_when_nothing_was_saved(store):
    add_user(store, "anna", "beheerder")
    at = open_page(login("anna"), "settings.py")
    at.text_input(key="set_deliberation_url").input("geen adres")
    at.button[0].click().run()
    [error] = at.error
    assert error.value.endswith(t("ui.settings.saved_none"))


def test_after_an_early_deletion_the_confirmation_field_is_empty_again(store):
    from tests.test_ui_retention import delivery_with

    first, _, _ = delivery_with(store, 2, days_ago=10)
    delivery_with(store, 1, days_ago=5)
    add_user(store, "anna", "beheerder")
    at = open_page(login("anna"), "retention.py")
    at.selectbox(key="retention_pick").set_value(first).run()
    at.text_input(key="retention_confirm").input(str(first)).run()
    at.button(key="retention_delete").click().run()
    assert t("retention.ui.deleted", id=first, people=t("views.n.people", n=2)) in texts(at)
    field = at.text_input(key="retention_confirm")
    # set_value is what makes the browser replace what it shows; without it the browser
    # keeps the typed number under the next delivery, and sends it back on the next click
    assert field.proto.set_value and field.value == ""


def test_a_saved_call_back_reads_as_a_whole_sentence(store):
    coord = add_user(store, "carla", "coordinator")
    add_user(store, "bert", "beller")
    add_people(store, [{"first_name": "Ayşe", "last_name": "Yılmaz", "certificate_date": RECENT}])
    cid = ceremonies.create_ceremony(store, coord, name="Welkom", date=today() + dt.timedelta(days=30))
    invitations.invite(store, coord, cid)
    at = open_page(login("bert"), "calls.py")
    at.button(key="call_next").click().run()
    at.button(key="out_terugbellen").click().run()
    [saved] = [s.value for s in at.success]
    assert "Ayşe Yılmaz" in saved and not saved.endswith(" op.")  # not "Terugbellen op." without a date
    moment = be_datetime(store.scalar("SELECT callback_at FROM call_attempts"))
    assert moment in saved  # when to call back, the Belgian way


def test_overzicht_writes_a_rate_with_a_decimal_comma(store):
    from tests.ceremony_factory import ceremony_row, invite_with_call

    add_user(store, "dora", "dpo")
    cid = ceremony_row(store, "Welkom", (today() + dt.timedelta(days=30)).isoformat())
    for person, present in zip(add_people(store, [{"certificate_date": RECENT}] * 3), (1, 0, 0), strict=True):
        invite_with_call(store, person, cid, note=None, present=present)
    at = open_page(login("dora"), "dashboard.py")
    rates = [df.value[t("dashboard.ui.col.rate")].tolist() for df in at.dataframe
             if t("dashboard.ui.col.rate") in df.value.columns]
    assert rates == [["33,3", "0,0"]]
