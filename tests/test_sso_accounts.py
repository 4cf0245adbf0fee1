"""Which app account a single-sign-on identity gets, through the real sign-in routes.

The identities come from the real `oidc-provider` (tests/oidc) with the claims a careless
or hostile provider account can carry: an e-mail address that is not verified, a
`email_verified` that is a string or missing, another `sub` with a linked account's
address, Entra ID's tenant and object id. Every refusal gives the sentence of an unknown
identity and audits a reason code, never the address.
"""

from __future__ import annotations

import html
import json

import pytest

from ceremony import audit, auth, permissions, signing_in, sso
from ceremony.texts import t
from tests.conftest import ADMIN, PASSWORD
from tests.oidc_provider import running_provider, sub_for
from tests.sso_helpers import failure_reasons, signed_in, sso_client, sso_sign_in

BOSS = "beheer@gemeente.example"
TENANT = "0b5e7a3c-1d2f-4a6b-9c8d-7e6f5a4b3c2d"
OTHER_TENANT = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"
OID = "5d0e3b1a-7c2f-4e6d-9a8b-1c2d3e4f5a6b"
UPN = "carla.peeters@gemeente.example"

ACCOUNTS = {
    "unverified": {"email": BOSS, "email_verified": False},
    "unverified-text": {"email": BOSS, "email_verified": "false"},
    "verified-text": {"email": BOSS, "email_verified": "true"},
    "no-claim": {"email": BOSS, "email_verified": None},
    "boss": {"email": BOSS, "email_verified": True},
    "boss-twin": {"email": BOSS.upper(), "email_verified": True},
    # Entra ID: no email_verified; tid, oid and the sign-in name (UPN) instead
    "carla": {
        "email": UPN,
        "email_verified": None,
        "tid": TENANT,
        "oid": OID,
        "preferred_username": UPN,
    },
    "carla-new-registration": {
        "email": UPN,
        "email_verified": None,
        "tid": TENANT,
        "oid": OID,
        "preferred_username": UPN,
    },
    "carla-elsewhere": {
        "email": UPN,
        "email_verified": None,
        "tid": OTHER_TENANT,
        "oid": "1a2b3c4d-0000-4000-8000-000000000001",
        "preferred_username": UPN,
    },
}


@pytest.fixture(scope="module")
def idp():
    with running_provider(accounts=ACCOUNTS) as provider:
        yield provider


@pytest.fixture
def boss(store) -> permissions.User:
    auth.create_user(store, ADMIN, "anna", "beheerder", PASSWORD)
    return auth.create_user(store, ADMIN, "baas", "beheerder", PASSWORD, email=BOSS)


def refused(response) -> bool:
    """The one answer to an identity without an account: 403, the sentence, no session."""
    return (
        response.status_code == 403
        and t("server.sso.no_account") in response.text
        and not signed_in(response)
    )


def linked_sub(store, username: str) -> str | None:
    return store.scalar("SELECT oidc_sub FROM users WHERE username = ?", [username])


def assert_no_address_in_audit(store) -> None:
    trail = json.dumps(audit.entries(store)).lower()
    assert "gemeente.example" not in trail


@pytest.mark.parametrize("login", ["unverified", "unverified-text", "verified-text", "no-claim"])
def test_an_address_the_id_token_does_not_verify_takes_no_account(
    idp, store, data_dir, boss, monkeypatch, login
):
    client = sso_client(data_dir, idp, monkeypatch)

    assert refused(sso_sign_in(client, idp, login))
    assert failure_reasons(store)[-1] == "sso_email_unverified"
    assert linked_sub(store, "baas") is None  # nothing was linked for good
    assert_no_address_in_audit(store)

    # the control: the same address with email_verified = true signs in and links its sub
    response = sso_sign_in(client, idp, "boss")
    assert response.status_code == 200 and signed_in(response)
    assert linked_sub(store, "baas") == sub_for("boss")


def test_a_linked_account_signs_in_with_its_own_sub_only(idp, store, data_dir, boss, monkeypatch):
    client = sso_client(data_dir, idp, monkeypatch)
    assert signed_in(sso_sign_in(client, idp, "boss"))

    # another subject with the same (verified) address is refused
    assert refused(sso_sign_in(client, idp, "boss-twin"))
    assert failure_reasons(store)[-1] == "sso_sub_mismatch"
    assert linked_sub(store, "baas") == sub_for("boss")
    # the linked subject still signs in
    assert signed_in(sso_sign_in(client, idp, "boss"))
    assert_no_address_in_audit(store)


def lock(store, username: str) -> None:
    """Lock an account the way an attacker would: wrong passwords until the lockout."""
    for _ in range(signing_in.MAX_FAILED):
        with pytest.raises(Exception):  # noqa: B017, PT011 - the one sign-in failure
            signing_in.authenticate(store, username, "not the password at all")


@pytest.mark.parametrize("linked_first", [False, True])
def test_a_locked_account_is_refused_through_sso(
    idp, store, data_dir, boss, monkeypatch, linked_first
):
    client = sso_client(data_dir, idp, monkeypatch)
    if linked_first:
        assert signed_in(sso_sign_in(client, idp, "boss"))
    lock(store, "baas")

    assert refused(sso_sign_in(client, idp, "boss"))
    assert failure_reasons(store)[-1] == "sso_locked"
    assert linked_sub(store, "baas") == (sub_for("boss") if linked_first else None)
    assert_no_address_in_audit(store)


@pytest.mark.parametrize("linked_first", [False, True])
def test_a_disabled_account_is_refused_through_sso(
    idp, store, data_dir, boss, monkeypatch, linked_first
):
    client = sso_client(data_dir, idp, monkeypatch)
    if linked_first:
        assert signed_in(sso_sign_in(client, idp, "boss"))
    auth.set_active(store, ADMIN, "baas", False)

    assert refused(sso_sign_in(client, idp, "boss"))
    assert failure_reasons(store)[-1] == "sso_disabled"
    assert linked_sub(store, "baas") == (sub_for("boss") if linked_first else None)


def test_userinfo_cannot_vouch_for_an_address_the_id_token_left_out(
    store, data_dir, boss, monkeypatch
):
    """A provider that puts the e-mail in userinfo only: the ID token verified no address."""
    with running_provider(
        accounts={"boss": {"email": BOSS, "email_verified": True}}, conform_id_token=True
    ) as provider:
        client = sso_client(data_dir, provider, monkeypatch)
        assert refused(sso_sign_in(client, provider, "boss"))
    assert failure_reasons(store)[-1] == "sso_email_unverified"
    assert linked_sub(store, "baas") is None


# --- Microsoft Entra ID: the tenant pinned, matched on a chosen claim ------------------


@pytest.fixture
def carla(store) -> permissions.User:
    auth.create_user(store, ADMIN, "anna", "beheerder", PASSWORD)
    return auth.create_user(store, ADMIN, "carla", "coordinator", PASSWORD, email=UPN)


def test_entra_without_a_tenant_setting_has_no_verified_address(
    idp, store, data_dir, carla, monkeypatch
):
    """Entra sends no email_verified: without the [auth] setting nobody is matched by e-mail."""
    client = sso_client(data_dir, idp, monkeypatch)
    assert refused(sso_sign_in(client, idp, "carla"))
    assert failure_reasons(store)[-1] == "sso_email_unverified"


def test_entra_matched_on_the_sign_in_name_in_the_pinned_tenant(
    idp, store, data_dir, carla, monkeypatch
):
    client = sso_client(
        data_dir, idp, monkeypatch, tenant_id=TENANT, match_claim="preferred_username"
    )

    # the same sign-in name in another tenant is refused, linked or not
    assert refused(sso_sign_in(client, idp, "carla-elsewhere"))
    assert failure_reasons(store)[-1] == "sso_tenant"

    response = sso_sign_in(client, idp, "carla")
    assert response.status_code == 200 and signed_in(response)
    assert linked_sub(store, "carla") == sub_for("carla")
    # once linked, only that sub: another sub with the same sign-in name is refused
    assert refused(sso_sign_in(client, idp, "carla-new-registration"))
    assert failure_reasons(store)[-1] == "sso_sub_mismatch"
    assert_no_address_in_audit(store)


def test_entra_matched_on_the_object_id_in_the_pinned_tenant(
    idp, store, data_dir, carla, monkeypatch
):
    client = sso_client(data_dir, idp, monkeypatch, tenant_id=TENANT, match_claim="oid")

    assert refused(sso_sign_in(client, idp, "carla-elsewhere"))
    assert failure_reasons(store)[-1] == "sso_tenant"

    assert signed_in(sso_sign_in(client, idp, "carla"))
    assert linked_sub(store, "carla") == OID
    # a new app registration gives a new `sub`, but the object id is the same person
    assert signed_in(sso_sign_in(client, idp, "carla-new-registration"))
    assert_no_address_in_audit(store)


def test_a_broken_sso_setting_keeps_the_password_sign_in_working(data_dir, boss, idp, monkeypatch):
    """A typo in [auth] must not take the sign-in page down: the page still answers (without
    the SSO button), and the SSO start says in Dutch what is wrong, naming keys, not values."""
    client = sso_client(data_dir, idp, monkeypatch, match_claim="geheim-veld")
    page = client.get("/aanmelden")
    assert page.status_code == 200
    assert "/auth/sso/start" not in page.text
    started = client.get("/auth/sso/start")
    assert started.status_code == 503
    assert html.escape(t("sso.config_match", claims=", ".join(sso.MATCH_CLAIMS))) in started.text
    assert "geheim-veld" not in started.text
