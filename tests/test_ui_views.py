"""The read-mostly pages: Start, Overzicht, Auditlog,
Personen, Verantwoording, Bewaring and the import on Ontvangen read as a municipal user
expects: counts with the right plural, Dutch labels, Belgian dates and times."""

from __future__ import annotations

from ceremony.texts import t
from tests.apptest_helpers import login, open_page, texts
from tests.ceremony_factory import make_person
from tests.conftest import add_user
from tests.text_helpers import leading


def test_plural_helper_picks_one_or_other():
    assert t("views.n.deliveries", n=1) == t("views.n.deliveries.one", n=1) != t("views.n.deliveries.other", n=1)
    assert t("views.n.deliveries", n=0) == t("views.n.deliveries.other", n=0)
    assert t("ui.intake.rows", n=1) == t("ui.intake.rows.one", n=1)
    assert t("ui.intake.rows", n=2) == t("ui.intake.rows.other", n=2) != t("ui.intake.rows.one", n=2)


def test_start_counts_one_person_from_one_delivery(store):
    add_user(store, "anna", "beheerder")
    make_person(store)
    shown = texts(login("anna"))
    one_person, one_delivery = t("views.n.people", n=1), t("views.n.deliveries", n=1)
    assert leading("ui.home.stored", people=one_person, deliveries=one_delivery) in shown
    assert t("views.n.deliveries.other", n=1) not in shown and t("views.n.people.other", n=1) not in shown


def test_retention_page_names_one_person_in_singular(store):
    add_user(store, "anna", "beheerder")
    make_person(store)
    at = open_page(login("anna"), "retention.py")
    assert not at.exception
    assert f"({t('views.n.people', n=1)})" in at.selectbox(key="retention_pick").options[0]
    assert t("views.n.people.other", n=1) not in texts(at)


def test_audit_log_reads_in_dutch_with_belgian_time(store, monkeypatch):
    from ceremony import audit

    monkeypatch.setenv("CEREMONY_FAKE_NOW", "2026-07-01T10:05:00+00:00")  # 12:05 in Brussels (summer)
    add_user(store, "dora", "dpo")
    audit.record(store, "user:dora", "person.open", "person:157")
    audit.record(store, "cli:root", "cli.import", outcome="ok")
    audit.record(store, "user:dora", "some.new_action", "thing:9", fields=["email", "phone"])
    at = open_page(login("dora"), "audit.py")
    assert not at.exception
    frame = at.dataframe[0].value
    shown = texts(at)
    action, target, details = t("ui.audit.col.action"), t("ui.audit.col.target"), t("ui.audit.col.details")
    assert t("views.audit.times") in shown
    opened = t("views.audit.action.person.open")
    assert opened in set(frame[action]) and t("views.audit.target.person", id=157) in set(frame[target])
    assert t("views.audit.cli", command="import") in set(frame[action])
    assert f"{t('views.audit.detail.outcome')}: {t('views.audit.value.outcome.ok')}" in set(frame[details])
    assert "01/07/2026 12:05" in set(frame[t("ui.audit.col.at")])
    # an action without a label is shown by its code; field names in Dutch
    assert "some.new_action" in set(frame[action]) and "thing:9" in set(frame[target])
    fields = ", ".join(t(f"columns.field.{name}") for name in ("email", "phone"))
    assert f"{t('views.audit.detail.fields')}: {fields}" in set(frame[details])
    for raw in ("person:157", "login.success", '{"outcome"', "+00:00", "2026-07-01"):
        assert raw not in shown
    # the filter offers the Dutch labels and narrows the rows
    at.selectbox(key="f_action").set_value("person.open").run()
    assert set(at.dataframe[0].value[action]) == {opened}
    assert store.scalar("SELECT at FROM audit WHERE action = 'person.open'").startswith("2026-07-01T10:05")


def test_start_gives_the_next_step_on_an_empty_installation(store):
    from ceremony import ceremonies

    add_user(store, "carla", "coordinator")
    add_user(store, "bert", "beller")
    shown = texts(login("carla"))
    steps = [t(f"views.home.step.{step}") for step in ("intake", "ceremony")]
    assert steps[0] in shown
    make_person(store)
    shown = texts(login("carla"))
    assert steps[0] not in shown and steps[1] in shown
    assert t("views.home.step.wait") in texts(login("bert"))
    ceremonies.create_ceremony(store, add_user(store, "cora", "coordinator"), name="Welkom", date="2027-01-15")
    assert not any(step in texts(login("carla")) for step in steps)


def test_start_and_verantwoording_name_the_same_missing_settings(store):
    from ceremony import admin
    from ceremony.compliance.register import unfilled
    from ceremony.config import SETTINGS
    from tests.conftest import ADMIN

    add_user(store, "anna", "beheerder")
    admin.set_setting(store, ADMIN, "municipality", "Gent")
    labels = [SETTINGS[key].label for key in unfilled(store.settings())]
    assert len(labels) >= 4
    start = login("anna")
    warning = next(w.value for w in start.warning if leading("ui.home.settings_missing") in w.value)
    assert all(label in warning for label in labels)
    at = open_page(login("anna"), "compliance.py")
    named = [w.value for w in at.warning if t("compliance.ui.missing_setting", label="") in w.value]
    assert len(named) == len(labels) and all(any(label in w for w in named) for label in labels)
    assert SETTINGS["municipality"].label not in warning


def test_personen_shows_the_phone_number_as_belronde_does(store):
    from ceremony import people, phones
    from tests.test_ui_people import _search

    pid = make_person(store, last_name="Telefoontest", phone="+32498482504")
    add_user(store, "carla", "coordinator")
    at = _search(open_page(login("carla"), "people.py"), "Telefoontest")
    at.selectbox(key="people_pick").set_value(pid).run()
    assert not at.exception
    shown = texts(at) + "\n".join(str(w.value) for w in at.text_input)
    assert phones.for_caller("+32498482504")[0] == "0498 48 25 04"
    assert "0498 48 25 04" in shown and "+32498482504" not in shown
    # saving the form unchanged keeps the stored number as it was
    at.button(key=f"FormSubmitter:rectify_{pid}-{t('rights.ui.rectify.submit')}").click().run()
    assert people.get_person(store, pid).phone == "+32498482504"


def test_verantwoording_says_why_rows_were_out_of_scope(store, monkeypatch):
    import datetime as dt

    from ceremony import admin
    from ceremony.intake import importer
    from tests.conftest import ADMIN
    from tests.test_import import NOW, PW, delivery, person_row

    monkeypatch.setenv("CEREMONY_FAKE_NOW", NOW)
    admin.set_setting(store, ADMIN, "postcodes", "9000")
    carla = add_user(store, "carla", "coordinator")
    add_user(store, "dora", "dpo")
    rows = [person_row(0), person_row(1, Postcode="2000"), person_row(2, Postcode="8000")]
    rows.append(person_row(3, **{"Datum inburgeringsattest": dt.date(2020, 1, 1)}))
    importer.import_delivery(store, carla, delivery(rows), PW)
    at = open_page(login("dora"), "compliance.py")
    assert not at.exception
    parts = f"{t('views.scope.window', n=1)}, {t('views.scope.postcodes', n=2)}"
    assert t("views.scope.reasons", total=3, parts=parts) in texts(at)


def test_overzicht_charts_have_belgian_days_whole_labels_and_fitting_tables(store):
    import json

    import jsonschema
    from altair.vegalite.v6.schema import load_schema as vega_lite_schema

    from tests.ceremony_factory import add_people, ceremony_row, invite_with_call

    add_user(store, "anna", "beheerder")
    cid = ceremony_row(store, "Welkom")
    for pid in add_people(store, [{} for _ in range(3)]):
        invite_with_call(store, pid, cid, note="x", reached=1, present=1)
    at = open_page(login("anna"), "dashboard.py")
    assert not at.exception
    charts = at.get("vega_lite_chart")
    assert len(charts) == 3
    for chart in charts:
        spec = json.loads(chart.proto.spec)
        # the check Altair ran on every page run, here once (the data goes beside the spec)
        jsonschema.validate({**spec, "data": {"name": "cijfers"}}, vega_lite_schema())
        layers = spec.get("layer", [spec])
        for layer in layers:
            for channel in ("x", "y"):
                axis = layer["encoding"][channel].get("axis") or {}
                assert axis.get("labelLimit") == 0  # labels never cut to "Niet telefonisch b…"
    funnel, phone = (json.loads(c.proto.spec) for c in charts[:2])
    # figures the Flemish way, as in the tables: 20.000 on axes, values and tooltips
    # (Chromium draws "8.000 16.000" and "20.000" with this locale at 20,000 invitees)
    for chart in charts:
        spec = json.loads(chart.proto.spec)
        assert spec["config"]["locale"]["number"]["thousands"] == "."
        assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert funnel["layer"][0]["encoding"]["x"]["axis"]["format"] == ",d"
    assert funnel["layer"][1]["encoding"]["text"]["format"] == ",d"
    tips = {tip["field"]: tip.get("format") for tip in phone["layer"][0]["encoding"]["tooltip"]}
    assert tips == {t("dashboard.ui.col.group"): None, t("dashboard.ui.col.people"): ",d",
                    t("dashboard.ui.col.present"): ",d", t("dashboard.ui.col.rate"): ",.1f"}
    # horizontal bars: the labels are on the y axis, where they are read whole
    assert funnel["layer"][0]["encoding"]["y"]["field"] == t("dashboard.ui.col.stage")
    assert phone["layer"][0]["encoding"]["y"]["field"] == t("dashboard.ui.col.group")
    days = json.loads(charts[2].proto.spec)
    assert days["width"] == {"step": 80}  # one day is one bar, not a block over the whole page
    frames = [df.value for df in at.dataframe]
    day = t("dashboard.ui.col.day")
    day_column = next(f[day] for f in frames if day in f)
    assert all(len(d) == 10 and d[2] == "/" and d[5] == "/" for d in day_column)  # dd/mm/jjjj
    assert not any("-" in d for d in day_column)


def test_transport_reminder_names_one_delivery_or_several(store):
    add_user(store, "anna", "beheerder")
    make_person(store)
    assert leading("transport.reminder", n=1, ids="#1") in texts(login("anna"))
    make_person(store, national_number="85073003347")
    assert leading("transport.reminder", n=2, ids="#1, #2") in texts(login("anna"))
