"""Access matrix: every role against every page and every permission, enforced on the server."""

import pytest
from streamlit.testing.v1 import AppTest

from ceremony import auth
from ceremony.ui import nav
from tests.apptest_helpers import texts
from tests.conftest import add_user

EXPECTED = {
    "beheerder": {"home.py", "intake.py", "retention.py", "dashboard.py", "compliance.py", "audit.py", "users.py", "settings.py"},
    "coordinator": {"home.py", "intake.py", "people.py", "retention.py", "ceremonies.py", "calls.py", "checkin.py", "exports.py", "dashboard.py"},
    "beller": {"home.py", "calls.py"},
    "dpo": {"home.py", "dashboard.py", "compliance.py", "audit.py"},
}


@pytest.mark.parametrize("role", auth.ROLES)
def test_menu_matches_the_matrix(role):
    assert {p.file for p in nav.pages_for(role)} == EXPECTED[role]


@pytest.mark.parametrize("role", auth.ROLES)
def test_every_page_refuses_other_roles_on_the_server(store, role):
    user = add_user(store, f"u-{role}", role)
    for spec in nav.PAGES:
        at = AppTest.from_file(spec.path, default_timeout=60)
        at.session_state["user_id"] = user.id
        at.run()
        assert not at.exception, (role, spec.file, at.exception)
        refused = "geen toegang" in texts(at)
        assert refused == (spec.file not in EXPECTED[role]), (role, spec.file)


def test_logged_out_visitor_is_refused_everywhere(store):
    for spec in nav.PAGES:
        at = AppTest.from_file(spec.path, default_timeout=60).run()
        assert "geen toegang" in texts(at), spec.file


def test_permission_table_is_least_privilege():
    """The beller holds only the phone round; the DPO nothing that shows personal data."""
    held = {role: {p for p in auth.PERMISSIONS if auth.can(role, p)} for role in auth.ROLES}
    assert held["beller"] == {"calls.make"}
    assert held["dpo"] == {"audit.view", "compliance.view", "dashboard.view"}
    assert not held["beheerder"] & {"people.view", "export.mailmerge", "calls.make"}
