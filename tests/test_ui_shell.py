"""The Streamlit shell: the session behind the cookie, role guards, errors.

Sign-in itself (first run, passwords, second factor, lockout) is served by the app
server: tests/test_server_signin.py.
"""

import datetime as dt

from ceremony import signing_in
from ceremony.texts import t
from tests.apptest_helpers import (
    TOKEN_KEY,
    login,
    new_app,
    open_page,
    sign_in_token,
    texts,
    with_cookie,
)
from tests.ceremony_factory import make_person
from tests.conftest import PASSWORD, add_user

SAVE = f"FormSubmitter:settings-{t('ui.settings.save')}"


def test_without_a_session_cookie_nothing_but_the_way_back_in(store):
    """A Streamlit session without the cookie (e.g. reattached by its id) sees no page."""
    make_person(store, first_name="Zqxcanary")
    add_user(store, "anna", "beheerder")
    at = new_app()
    shown = texts(at)
    assert t("ui.session.ended_title") in shown and "Zqxcanary" not in shown
    assert not at.sidebar.button
    with_cookie(at, "not-a-valid-session-token").run()
    assert t("ui.session.ended_title") in texts(at)
    assert "/aanmelden" in at.markdown[0].value


def test_beller_cannot_open_admin_pages(store):
    add_user(store, "anna", "beheerder")
    add_user(store, "bert", "beller")
    at = login("bert")
    assert t("ui.home.title", name="bert") in texts(at)
    for page in ("users.py", "settings.py", "audit.py", "people.py", "ceremonies.py", "exports.py", "intake.py"):
        # out of the menu; its address says "no access", not that the page does not exist
        shown = open_page(login("bert"), page)
        assert [e.value for e in shown.error] == [t("auth.denied")], page
        assert not shown.dataframe and not shown.text_input and "anna" not in texts(shown), page
    assert "anna" not in texts(at)


def test_guard_refuses_even_when_page_is_run_directly(store):
    """The page script itself refuses a role, not only the menu."""
    from streamlit.testing.v1 import AppTest

    from tests.apptest_helpers import PAGES

    add_user(store, "anna", "beheerder")
    add_user(store, "bert", "beller")
    at = AppTest.from_file(str(PAGES / "users.py"), default_timeout=60)
    with_cookie(at, sign_in_token("bert"))
    at.run()
    assert t("auth.denied") in texts(at)
    assert not at.dataframe
    assert not at.text_input


def test_dpo_sees_audit_trail_but_no_personal_field(store):
    make_person(store, first_name="Zqxcanary", last_name="Wvkcanary")
    add_user(store, "anna", "beheerder")
    add_user(store, "dora", "dpo")
    at = open_page(login("dora"), "audit.py")
    shown = texts(at)
    assert t("views.audit.action.login.password") in shown  # the password step (sign-in completion follows it)
    assert "Zqxcanary" not in shown and "Wvkcanary" not in shown


def test_admin_adds_user_in_the_ui(store):
    add_user(store, "anna", "beheerder")
    at = open_page(login("anna"), "users.py")
    at.text_input(key="new_username").input("carla")
    at.selectbox(key="new_role").set_value("coordinator")
    at.text_input(key="new_password").input(PASSWORD)
    at.button(key=f"FormSubmitter:add_user-{t('ui.users.submit_add')}").click().run()
    assert not at.exception
    assert signing_in.authenticate(store, "carla", PASSWORD).role == "coordinator"


def test_idle_session_expires(store, monkeypatch):
    from ceremony.clock import now_utc, utc_iso

    add_user(store, "anna", "beheerder")
    at = login("anna")
    assert t("ui.home.title", name="anna") in texts(at)
    later = now_utc() + dt.timedelta(minutes=store.setting("session_timeout_minutes") + 1)
    monkeypatch.setenv("CEREMONY_FAKE_NOW", utc_iso(later))
    at.run()
    assert t("ui.session.ended_title") in texts(at)
    assert t("ui.home.title", name="anna") not in texts(at)


def test_logout_ends_the_session_on_the_server(store):
    from ceremony import sessions

    add_user(store, "anna", "beheerder")
    at = login("anna")
    token = at.session_state[TOKEN_KEY]
    at.button(key="logout").click().run()
    assert t("ui.session.ended_title") in texts(at)
    assert sessions.lookup(store, token) is None
    assert store.scalar("SELECT count(*) FROM audit WHERE action = 'session.end'") == 1


def test_unexpected_error_is_one_dutch_sentence_without_data(store, monkeypatch, caplog):
    """In production an exception on a page shows one sentence; nothing of it is logged."""
    from ceremony import stats

    monkeypatch.delenv("CEREMONY_RAISE_ERRORS")
    add_user(store, "dora", "dpo")
    store.db.execute(
        "INSERT INTO ceremonies(name, date, created_at, created_by) VALUES ('C', '2099-01-01', '2026-01-01', 't')"
    )

    def boom(*args, **kwargs):
        raise ValueError("Zqxgeheimenaam 85073003328")

    monkeypatch.setattr(stats, "figures", boom)
    at = open_page(login("dora"), "dashboard.py")
    shown = texts(at)
    assert not at.exception
    assert t("store.unexpected") in shown
    assert "Zqxgeheimenaam" not in shown and "Zqxgeheimenaam" not in caplog.text


def test_start_page_shows_what_needs_doing_without_names(store):
    import datetime as dt

    from ceremony import ceremonies, invitations

    make_person(store, first_name="Zqxstartcanary", certificate_date=dt.date.today().isoformat())
    carla = add_user(store, "carla", "coordinator")
    add_user(store, "bert", "beller")
    cid = ceremonies.create_ceremony(store, carla, name="Welkom", date=dt.date.today() + dt.timedelta(days=20))
    invitations.invite(store, carla, cid)
    coordinator_view = texts(login("carla"))
    assert "Welkom" in coordinator_view and "Zqxstartcanary" not in coordinator_view
    caller_view = texts(login("bert"))
    assert t("ui.home.calls", name="Welkom", n=1) in caller_view
    assert "Zqxstartcanary" not in caller_view


def test_settings_form_saves_the_valid_fields_and_names_the_wrong_one(store):
    from ceremony.config import SETTINGS

    add_user(store, "anna", "beheerder")
    at = open_page(login("anna"), "settings.py")
    at.text_input(key="set_municipality").input("Gent")
    at.selectbox(key="set_certificate_window_months").set_value(24)
    at.text_input(key="set_contact_email").input("geen adres")
    at.button(key=SAVE).click().run()
    # the error names the field as the page does, not the internal key
    label = SETTINGS["contact_email"].label
    assert t("settings.invalid", key=label, hint=t("settings.hint.email")) in texts(at)
    assert "contact_email" not in texts(at)
    assert store.setting("municipality") == "Gent" and store.setting("certificate_window_months") == 24
    assert store.setting("contact_email") == ""  # only the wrong one waits for a correction
    at.text_input(key="set_contact_email").input("info@gent.be")
    at.button(key=SAVE).click().run()
    assert store.setting("contact_email") == "info@gent.be"


def test_settings_have_typed_fields_with_the_validators_range(store):
    """Numbers as number fields, yes/no as switches, the window as a choice."""
    from ceremony.config import SETTINGS

    add_user(store, "anna", "beheerder")
    at = open_page(login("anna"), "settings.py")
    timeout = at.number_input(key="set_session_timeout_minutes")
    assert (timeout.value, timeout.min, timeout.max) == (15, 5, 240)
    assert at.number_input(key="set_smtp_port").max == 65535
    assert {n.key.removeprefix("set_") for n in at.number_input} == {
        key for key, s in SETTINGS.items() if hasattr(s.parse, "bounds")
    }
    assert at.selectbox(key="set_certificate_window_months").options == [
        t("forms.settings.window_option", n=n) for n in (12, 24)
    ]
    assert at.toggle(key="set_require_totp").value is True
    assert at.toggle(key="set_smtp_starttls").label == t("settings.label.smtp_starttls")
    at.toggle(key="set_require_totp").set_value(False)
    at.number_input(key="set_session_timeout_minutes").set_value(30)
    at.button(key=SAVE).click().run()
    assert not at.exception
    assert store.setting("require_totp") is False and store.setting("session_timeout_minutes") == 30
    changes = store.rows("SELECT target FROM audit WHERE action = 'settings.change' ORDER BY id")
    assert [c["target"] for c in changes] == ["setting:session_timeout_minutes", "setting:require_totp"]


def test_viewing_the_audit_trail_is_recorded_once_per_filter(store):
    add_user(store, "dora", "dpo")
    at = open_page(login("dora"), "audit.py")
    at.run()
    at.run()
    assert store.scalar("SELECT count(*) FROM audit WHERE action = 'audit.view'") == 1
    at.selectbox(key="f_action").set_value("login.password").run()
    assert store.scalar("SELECT count(*) FROM audit WHERE action = 'audit.view'") == 2
