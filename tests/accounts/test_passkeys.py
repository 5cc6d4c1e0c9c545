"""Passkeys (WebAuthn): registration and log-in, and answers that must be refused."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.accounts.softauthenticator import SoftAuthenticator
from tests.factories import make_user
from weerbaar.accounts.mfa import passkeys
from weerbaar.accounts.models import WebAuthnCredential

RP = passkeys.RelyingParty(rp_id="weerbaar.example", origin="https://weerbaar.example")
PASSWORD = "een-lang-testwachtwoord"


@pytest.fixture
def user(db, voorbeeld):
    return make_user(role="lezer", organisation=voorbeeld)


def registered(user, key: SoftAuthenticator) -> WebAuthnCredential:
    options = passkeys.registration_options(user, RP)
    return passkeys.register(user, key.create(options.json, RP.origin), options.challenge, RP, "k")


def test_register_and_authenticate(user):
    key = SoftAuthenticator()
    credential = registered(user, key)
    assert bytes(credential.credential_id) == key.credential_id

    options = passkeys.authentication_options(user, RP)
    assert json.loads(options.json)["allowCredentials"][0]["id"]
    used = passkeys.authenticate(user, key.get(options.json, RP.origin), options.challenge, RP)
    assert used.sign_count == 1


def test_registration_for_another_origin_or_challenge_is_refused(user):
    key = SoftAuthenticator()
    options = passkeys.registration_options(user, RP)
    with pytest.raises(passkeys.PasskeyError):
        passkeys.register(
            user, key.create(options.json, "https://evil.example"), options.challenge, RP, "k"
        )
    other = passkeys.registration_options(user, RP)
    with pytest.raises(passkeys.PasskeyError):
        passkeys.register(user, key.create(options.json, RP.origin), other.challenge, RP, "k")
    with pytest.raises(passkeys.PasskeyError):
        passkeys.register(user, "{not json", options.challenge, RP, "k")
    assert not WebAuthnCredential.objects.exists()


def test_authentication_failures(user):
    key = SoftAuthenticator()
    registered(user, key)
    options = passkeys.authentication_options(user, RP)
    # A stranger's key, a wrong origin, a wrong challenge, another user's key: all refused.
    with pytest.raises(passkeys.PasskeyError):
        passkeys.authenticate(
            user, SoftAuthenticator().get(options.json, RP.origin), options.challenge, RP
        )
    with pytest.raises(passkeys.PasskeyError):
        passkeys.authenticate(
            user, key.get(options.json, "https://evil.example"), options.challenge, RP
        )
    other = passkeys.authentication_options(user, RP)
    with pytest.raises(passkeys.PasskeyError):
        passkeys.authenticate(user, key.get(options.json, RP.origin), other.challenge, RP)
    with pytest.raises(passkeys.PasskeyError):
        passkeys.authenticate(make_user(), key.get(options.json, RP.origin), options.challenge, RP)
    # A cloned key (signature counter going back) is refused.
    answer = key.get(options.json, RP.origin)
    passkeys.authenticate(user, answer, options.challenge, RP)
    with pytest.raises(passkeys.PasskeyError):
        passkeys.authenticate(user, answer, options.challenge, RP)


def test_passkey_enrolment_and_login_through_the_views(user):
    origin = "http://testserver"
    client = Client()
    client.post("/account/inloggen/", {"username": user.email, "password": PASSWORD})
    key = SoftAuthenticator()
    options = client.post("/account/tweede-factor/sleutel/opties/").content.decode()
    response = client.post(
        "/account/tweede-factor/sleutel/?next=/o/voorbeeld/",
        key.create(options, origin),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["next"].startswith("/account/tweede-factor/herstelcodes/")
    assert client.get("/o/voorbeeld/").status_code == 200

    later = Client()
    later.post("/account/inloggen/", {"username": user.email, "password": PASSWORD})
    assert later.get("/o/voorbeeld/")["Location"].startswith("/account/tweede-factor/controle/")
    options = later.post("/account/tweede-factor/sleutel/inloggen/opties/").content.decode()
    # The challenge is used once: a forged answer spends it, and a replay gets nothing.
    forged = SoftAuthenticator().get(options, origin, rp_id="testserver")
    url = "/account/tweede-factor/sleutel/inloggen/?next=/o/voorbeeld/"
    assert later.post(url, forged, content_type="application/json").status_code == 400
    options = later.post("/account/tweede-factor/sleutel/inloggen/opties/").content.decode()
    response = later.post(url, key.get(options, origin), content_type="application/json")
    assert response.status_code == 200 and response.json()["next"] == "/o/voorbeeld/"
    assert later.get("/o/voorbeeld/").status_code == 200
