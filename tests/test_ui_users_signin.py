"""Gebruikers: e-mail for single sign-on and the second-factor reset with a confirmation."""

import pyotp

from ceremony import audit, totp
from tests.apptest_helpers import login, open_page, texts
from tests.conftest import add_user


def test_admin_sets_an_email_and_resets_a_second_factor_after_confirming(store):
    add_user(store, "anna", "beheerder")
    bert = add_user(store, "bert", "beller")
    enrolment = totp.start_enrolment(store, bert.id)
    totp.confirm_enrolment(store, bert.id, pyotp.TOTP(enrolment.secret).now())

    at = open_page(login("anna"), "users.py")
    at.selectbox(key="manage_user").set_value("bert").run()
    at.text_input(key="manage_email").input("Bert@Example.org")
    at.button(key="btn_email").click().run()
    assert not at.exception
    assert store.scalar("SELECT email FROM users WHERE id = ?", [bert.id]) == "Bert@example.org"
    assert "Bert@example.org" in texts(at.run())  # the table on the next run

    at.button(key="btn_totp_reset").click().run()
    assert "Bevestig" in texts(at)
    assert totp.is_enrolled(store, bert.id)  # nothing happens before the confirmation
    at.button(key="btn_totp_reset_no").click().run()
    assert totp.is_enrolled(store, bert.id) and "Bevestig" not in texts(at)

    at.button(key="btn_totp_reset").click().run()
    at.button(key="btn_totp_reset_yes").click().run()
    assert not at.exception
    assert not totp.is_enrolled(store, bert.id)
    assert "gewist" in texts(at)
    assert audit.entries(store, "totp.reset")[0]["actor"] == "user:anna"


def test_admin_sees_and_ends_active_sessions(store):
    from ceremony import sessions
    from tests.apptest_helpers import TOKEN_KEY, login, open_page, sign_in_token, texts
    from tests.conftest import add_user

    add_user(store, "anna", "beheerder")
    add_user(store, "carla", "coordinator")
    carla_token = sign_in_token("carla")
    at = open_page(login("anna"), "users.py")
    assert "Actieve sessies" in texts(at)
    assert "carla" in at.dataframe[-1].value.to_csv()
    carla_id = sessions.lookup(store, carla_token).id
    at.selectbox(key="end_session_pick").set_value(carla_id)
    at.button(key="btn_end_session").click().run()
    assert "De sessie is beëindigd." in texts(at)
    assert sessions.lookup(store, carla_token) is None
    assert sessions.lookup(store, at.session_state[TOKEN_KEY]) is not None  # anna's own stays
    assert store.scalar("SELECT count(*) FROM audit WHERE action = 'session.end_by_admin'") == 1


def test_roles_default_to_the_least_privilege_and_show_the_current_role(store):
    """Issue 13 item 8: no account becomes administrator by a default or a single click."""
    from ceremony import signing_in
    from tests.conftest import PASSWORD

    add_user(store, "anna", "beheerder")
    add_user(store, "carla", "coordinator")
    add_user(store, "bert", "beller")
    at = open_page(login("anna"), "users.py")
    assert at.selectbox(key="new_role").value == "beller"
    at.text_input(key="new_username").input("nieuw")
    at.text_input(key="new_password").input(PASSWORD)
    at.button(key="FormSubmitter:add_user-Toevoegen").click().run()
    assert signing_in.authenticate(store, "nieuw", PASSWORD).role == "beller"
    assert "Gebruiker 'nieuw' toegevoegd." in texts(at)
    assert "nieuw" in at.dataframe[0].value.to_csv()  # the table shows the new account at once

    for name, role, label in (("carla", "coordinator", "Coördinator"), ("bert", "beller", "Beller")):
        at.selectbox(key="manage_user").set_value(name).run()
        picked = at.selectbox(key=f"manage_role_{name}_{role}")
        assert picked.value == role and picked.label == f"Rol (nu: {label})"
        assert at.button(key="btn_role").disabled  # clicking cannot change (let alone promote) anyone

    at.selectbox(key="manage_role_bert_beller").set_value("coordinator").run()
    at.button(key="btn_role").click().run()
    assert not at.exception
    assert store.scalar("SELECT role FROM users WHERE username = 'bert'") == "coordinator"
    assert at.selectbox(key="manage_role_bert_coordinator").label == "Rol (nu: Coördinator)"
    assert at.button(key="btn_role").disabled
