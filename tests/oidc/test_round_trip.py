"""Log-in through the organisation's identity provider, end to end against a real provider.

The provider (tests/oidc/conftest.py) runs as its own process on 127.0.0.1; our side is the
Django test client, which redeems the code at the provider over HTTP (PKCE, client secret),
checks the ID token and applies the organisation's claim rules.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from weerbaar.oidc.models import Identity
from weerbaar.organisations.models import Membership, Role

pytestmark = pytest.mark.django_db

User = get_user_model()


def roles_of(email: str, organisation) -> set[str]:
    return set(
        Membership.objects.filter(user__email=email, organisation=organisation).values_list(
            "role", flat=True
        )
    )


def test_login_creates_the_membership_a_rule_grants(configured, round_trip, voorbeeld):
    provider_url = round_trip.to_provider()
    callback = round_trip.sign_in("anna")
    response = round_trip.client.get(callback)

    assert response.status_code == 302
    user = User.objects.get(email="anna@voorbeeld.nl")
    assert not user.has_usable_password()
    assert roles_of("anna@voorbeeld.nl", voorbeeld) == {Role.COORDINATOR}
    assert Identity.objects.filter(configuration=configured, subject="anna", user=user).exists()
    assert round_trip.client.session["_auth_user_id"] == str(user.pk)
    assert provider_url.startswith(round_trip.issuer)


def test_authorization_request_uses_pkce_state_and_nonce(configured, round_trip):
    response = round_trip.client.get("/oidc/voorbeeld/inloggen/")
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert query["redirect_uri"] == ["http://testserver/oidc/voorbeeld/terug/"]
    assert "groups" in query["scope"][0].split()


def test_without_a_second_factor_at_the_provider_ours_is_asked(configured, round_trip):
    round_trip.login("lars")
    response = round_trip.client.get("/o/voorbeeld/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa_enrol"))


def test_amr_asserting_mfa_skips_our_second_factor(configured, round_trip, voorbeeld):
    round_trip.login("mila")
    assert roles_of("mila@voorbeeld.nl", voorbeeld) == {Role.LEZER}
    response = round_trip.client.get("/o/voorbeeld/")
    assert response.status_code == 200


def test_acr_in_the_configured_list_skips_our_second_factor(configured, round_trip):
    round_trip.login("otto")
    assert round_trip.client.get("/o/voorbeeld/").status_code == 200


def test_acr_outside_the_configured_list_does_not(configured, round_trip):
    configured.mfa_acr_values = "urn:iets:anders"
    configured.save()
    round_trip.login("otto")
    assert round_trip.client.get("/o/voorbeeld/").status_code == 302


def test_no_matching_claim_gives_no_access_and_a_dutch_message(configured, round_trip):
    response = round_trip.login("nora")
    assert response.status_code == 403
    body = response.content.decode()
    assert "geeft geen toegang tot Gemeente Voorbeeld" in body
    assert not User.objects.filter(email="nora@voorbeeld.nl").exists()
    assert "_auth_user_id" not in round_trip.client.session


def test_unverified_email_is_refused(configured, round_trip):
    response = round_trip.login("vera")
    assert response.status_code == 403
    assert "niet als bevestigd" in response.content.decode()
    assert not User.objects.filter(email="vera@voorbeeld.nl").exists()


def test_existing_user_is_matched_by_normalised_email(configured, round_trip, voorbeeld):
    existing = User.objects.get(email="lezer@voorbeeld.demo")
    users_before = User.objects.count()
    round_trip.login("lezer")
    assert round_trip.client.session["_auth_user_id"] == str(existing.pk)
    assert User.objects.count() == users_before


def test_account_with_access_elsewhere_is_not_logged_in_by_an_organisation_idp(
    configured, round_trip
):
    """An organisation's provider can assert any address: it never logs in a RIEC adviser."""
    response = round_trip.login("riec")
    assert response.status_code == 403
    assert "_auth_user_id" not in round_trip.client.session
    assert "ook toegang buiten Gemeente Voorbeeld" in response.content.decode()


def test_tampered_state_is_refused(configured, round_trip):
    round_trip.to_provider()
    callback = round_trip.sign_in("anna")
    parts = urlsplit(callback)
    query = parse_qs(parts.query)
    state = query["state"][0]
    query["state"] = [("y" if state[0] == "x" else "x") + state[1:]]  # always a different state
    tampered = urlunsplit(parts._replace(query=urlencode(query, doseq=True)))

    response = round_trip.client.get(tampered)
    assert response.status_code == 400
    assert "Inloggen via de identiteitsprovider is mislukt" in response.content.decode()
    assert "_auth_user_id" not in round_trip.client.session
    assert not User.objects.filter(email="anna@voorbeeld.nl").exists()


def test_callback_in_another_browser_session_is_refused(configured, round_trip, oidc_provider):
    """A code from someone else's flow (login CSRF): the state is not in this session."""
    from django.test import Client

    round_trip.to_provider()
    callback = round_trip.sign_in("anna")
    response = Client().get(callback)
    assert response.status_code == 400


def test_a_code_is_redeemed_once(configured, round_trip):
    round_trip.to_provider()
    callback = round_trip.sign_in("lars")
    assert round_trip.client.get(callback).status_code == 302
    round_trip.client.logout()
    assert round_trip.client.get(callback).status_code == 400


def test_rules_are_applied_again_at_each_login(configured, round_trip, voorbeeld):
    round_trip.login("anna")
    assert roles_of("anna@voorbeeld.nl", voorbeeld) == {Role.COORDINATOR}
    configured.rules.filter(role=Role.COORDINATOR).delete()
    round_trip.client.logout()
    response = round_trip.login("anna")
    assert response.status_code == 403
    assert roles_of("anna@voorbeeld.nl", voorbeeld) == set()


def test_unconfirmed_rule_grants_nothing(configured, round_trip):
    configured.rules.update(confirmed_at=None)
    assert round_trip.login("lars").status_code == 403


def test_next_is_kept_and_checked(configured, round_trip):
    response = round_trip.login("mila", next_url="/o/voorbeeld/")
    assert response["Location"] == "/o/voorbeeld/"
    round_trip.client.logout()
    response = round_trip.login("mila", next_url="https://evil.example/")
    assert response["Location"] == reverse("home")


def test_organisation_without_oidc_has_no_oidc_login(configured, round_trip, oosterveld):
    from django.test import Client

    client = Client()
    assert client.get("/oidc/oosterveld/inloggen/").status_code == 404
    assert client.get("/oidc/oosterveld/terug/?code=x&state=y").status_code == 404
    assert client.get("/oidc/?org=oosterveld").status_code == 404
    login_page = client.get(reverse("accounts:login")).content.decode()
    assert 'value="voorbeeld"' in login_page
    assert 'value="oosterveld"' not in login_page


def test_disabled_configuration_has_no_oidc_login(configured, round_trip):
    from django.test import Client

    configured.enabled = False
    configured.save()
    assert Client().get("/oidc/voorbeeld/inloggen/").status_code == 404
    assert (
        "identiteitsprovider van uw organisatie"
        not in Client().get(reverse("accounts:login")).content.decode()
    )


def test_login_page_offers_the_organisation(configured):
    from django.test import Client

    client = Client()
    page = client.get(reverse("accounts:login") + "?next=/o/voorbeeld/").content.decode()
    assert "Inloggen met de identiteitsprovider van uw organisatie" in page
    response = client.get("/oidc/", {"org": "voorbeeld", "next": "/o/voorbeeld/"})
    assert response["Location"] == "/oidc/voorbeeld/inloggen/?next=%2Fo%2Fvoorbeeld%2F"


def test_unreachable_provider_gives_a_dutch_message_not_a_500(configured):
    from django.test import Client

    configured.issuer = "http://127.0.0.1:9"
    configured.save()
    response = Client().get("/oidc/voorbeeld/inloggen/")
    assert response.status_code == 502
    assert "niet bereikbaar" in response.content.decode()
