"""Access matrix: every role against every page and every permission, enforced on the server."""

import pytest
from streamlit.testing.v1 import AppTest

from ceremony import auth, permissions
from ceremony.invitations import invitee_lists
from ceremony.texts import t
from ceremony.ui import nav
from tests.apptest_helpers import sign_in_token, texts, with_cookie
from tests.conftest import add_user

EXPECTED = {
    "beheerder": {"home.py", "intake.py", "retention.py", "dashboard.py", "compliance.py", "audit.py", "users.py", "settings.py"},
    "coordinator": {"home.py", "intake.py", "people.py", "retention.py", "ceremonies.py", "calls.py", "checkin.py", "exports.py", "dashboard.py"},
    "beller": {"home.py", "calls.py"},
    "dpo": {"home.py", "dashboard.py", "compliance.py", "audit.py"},
}


@pytest.mark.parametrize("role", permissions.ROLES)
def test_menu_matches_the_matrix(role):
    assert {p.file for p in nav.pages_for(role)} == EXPECTED[role]


@pytest.mark.parametrize("role", permissions.ROLES)
def test_every_page_refuses_other_roles_on_the_server(store, role):
    add_user(store, f"u-{role}", role)
    for spec in nav.PAGES:
        at = AppTest.from_file(spec.path, default_timeout=60)
        with_cookie(at, sign_in_token(f"u-{role}"))
        at.run()
        assert not at.exception, (role, spec.file, at.exception)
        refused = t("auth.denied") in texts(at)
        assert refused == (spec.file not in EXPECTED[role]), (role, spec.file)


def test_logged_out_visitor_is_refused_everywhere(store):
    for spec in nav.PAGES:
        at = AppTest.from_file(spec.path, default_timeout=60).run()
        assert t("auth.denied") in texts(at), spec.file


def test_permission_table_is_least_privilege():
    """The beller holds only the phone round; the DPO nothing that shows personal data."""
    held = {role: {p for p in permissions.PERMISSIONS if permissions.can(role, p)} for role in permissions.ROLES}
    assert held["beller"] == {"calls.make"}
    assert held["dpo"] == {"audit.view", "compliance.view", "dashboard.view"}
    assert not held["beheerder"] & {"people.view", "export.mailmerge", "calls.make"}


# --- every domain action, for every role ----------------------------------------------------

def _world(store):
    """A ceremony with one invited person and one delivery, made by the test's administrator."""
    import datetime as dt

    from ceremony import ceremonies, invitations
    from tests.ceremony_factory import make_person

    pid = make_person(store, certificate_date=dt.date.today().isoformat())
    delivery = store.scalar("SELECT delivery_id FROM people WHERE id = ?", [pid])
    coordinator = permissions.User(0, "matrix-coordinator", "coordinator")
    cid = ceremonies.create_ceremony(store, coordinator, name="C", date=dt.date.today() + dt.timedelta(days=9))
    invitations.invite(store, coordinator, cid)
    inv = store.scalar("SELECT id FROM invitations")
    return {"person": pid, "delivery": delivery, "ceremony": cid, "invitation": inv}


# Views of non-personal facts whose only entry point is their page (tested above).
PAGE_ONLY = {"audit.view", "retention.view"}


def _actions():
    from ceremony import (
        admin,
        checkin,
        compliance,
        incident,
        keys,
        retention,
        rights,
        stats,
        transport,
    )
    from ceremony.demo_files import csv_bytes
    from ceremony.exports import mailmerge
    from ceremony.intake import importer
    from ceremony.phone_round import assignment, claims

    small_csv = csv_bytes(["Rijksregisternummer", "Voornaam", "Naam", "Straat", "Postcode", "Datum attest"],
                          [["85073003427", "A", "B", "Straat 1", "9000", "01/01/2026"]])
    return {
        "users.manage": lambda s, u, w: auth.create_user(s, u, f"x{u.role}", "beller", "long-enough-pass"),
        "settings.manage": lambda s, u, w: admin.set_setting(s, u, "municipality", "Gent"),
        "transport.confirm": lambda s, u, w: transport.confirm(s, u, w["delivery"], "sms"),
        "keys.rotate": lambda s, u, w: keys.rotate(s, u),
        "integrity.accept": lambda s, u, w: incident.accept_anchor(s, u, "matrix test"),
        "intake.import": lambda s, u, w: importer.import_delivery(s, u, small_csv, None),
        "retention.delete": lambda s, u, w: retention.delete_delivery(s, u, w["delivery"], str(w["delivery"])),
        "ceremonies.manage": lambda s, u, w: invitee_lists.invitees(s, u, w["ceremony"]),
        "calls.make": lambda s, u, w: claims.claim_next(s, u, w["ceremony"]),
        "calls.assign": lambda s, u, w: assignment.clear_assignment(s, u, w["ceremony"]),
        "checkin": lambda s, u, w: checkin.check_in(s, u, w["invitation"]),
        "dashboard.view": lambda s, u, w: stats.figures(s, u, w["ceremony"]),
        "export.mailmerge": lambda s, u, w: mailmerge.export(s, u, w["ceremony"]),
        "people.view": lambda s, u, w: rights.access_export(s, u, w["person"], "json"),
        "people.edit": lambda s, u, w: rights.rectify(s, u, w["person"], {"box": "2"}),
        "people.erase": lambda s, u, w: rights.erase(s, u, w["person"]),
        "compliance.view": lambda s, u, w: compliance.gather(s, u),
    }


def test_every_permission_has_an_action_in_the_table():
    assert set(_actions()) | PAGE_ONLY == set(permissions.PERMISSIONS)


@pytest.mark.parametrize("role", permissions.ROLES)
@pytest.mark.parametrize("permission", sorted(set(permissions.PERMISSIONS) - PAGE_ONLY))
def test_every_domain_action_refuses_other_roles(store, role, permission):
    from ceremony.errors import AccessDenied

    actions = _actions()
    world = _world(store)
    user = permissions.User(99, f"matrix-{role}", role)
    if permissions.can(role, permission):
        actions[permission](store, user, world)  # allowed: runs without AccessDenied
    else:
        with pytest.raises(AccessDenied) as refused:
            actions[permission](store, user, world)
        assert refused.value.code == "auth.denied"
