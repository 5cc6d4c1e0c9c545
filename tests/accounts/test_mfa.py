"""The second factor: enrolment, the check at log-in, recovery codes, demo logins, resets."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, RequestFactory, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_user
from weerbaar.accounts import mfa
from weerbaar.accounts.mfa import recovery
from weerbaar.accounts.models import RecoveryCode, SecondFactorReset
from weerbaar.audit.models import AuditEvent

PASSWORD = "een-lang-testwachtwoord"
ENROL = "/account/tweede-factor/instellen/"
VERIFY = "/account/tweede-factor/controle/"
CODES = "/account/tweede-factor/herstelcodes/"


def code_for(device: TOTPDevice, drift: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.drift = drift
    return f"{totp.token():06d}"


def password_login(user) -> Client:
    client = Client()
    response = client.post("/account/inloggen/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def enrol(client: Client, user) -> list[str]:
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(ENROL, {"code": code_for(device), "next": "/"})
    assert response.status_code == 302 and response["Location"].startswith(CODES)
    page = client.get(response["Location"])
    return list(page.context["codes"])


@pytest.fixture
def user(db, voorbeeld):
    return make_user(role="coordinator", organisation=voorbeeld)


def test_password_alone_reaches_no_organisation_page(user):
    client = password_login(user)
    for url in ("/", "/o/voorbeeld/", "/bibliotheek/", "/account/tweede-factor/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(ENROL), url
    # Posting is refused as well.
    assert client.post("/o/voorbeeld/").status_code == 302


def test_enrolment_shows_a_qr_code_and_the_secret(user):
    client = password_login(user)
    body = client.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert 'src="data:image/svg+xml;base64,' in body
    assert mfa.totp.secret_text(device) in body
    # Reloading shows the same secret until it is confirmed.
    assert mfa.totp.secret_text(device) in client.get(ENROL).content.decode()


def test_wrong_code_at_enrolment_gives_a_dutch_message(user):
    client = password_login(user)
    client.get(ENROL)
    response = client.post(ENROL, {"code": "000000"})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert client.get("/o/voorbeeld/").status_code == 302


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)  # the failed replay below would delay the next
def test_totp_enrolment_then_login_with_a_code(user):
    client = password_login(user)
    codes = enrol(client, user)
    assert len(codes) == 10
    # Shown once: a second visit shows nothing.
    assert client.get(CODES).status_code == 302
    assert client.get("/o/voorbeeld/").status_code == 200

    later = password_login(user)
    assert later.get("/o/voorbeeld/")["Location"].startswith(VERIFY)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    # The code used at enrolment cannot be replayed; the next one works.
    assert later.post(VERIFY, {"code": code_for(device)}).status_code == 200
    response = later.post(VERIFY, {"code": code_for(device, drift=1), "next": "/o/voorbeeld/"})
    assert response.status_code == 302 and response["Location"] == "/o/voorbeeld/"
    assert later.get("/o/voorbeeld/").status_code == 200


def test_recovery_codes_are_hashed_and_single_use(user):
    client = password_login(user)
    codes = enrol(client, user)
    stored = set(RecoveryCode.objects.filter(user=user).values_list("digest", flat=True))
    assert not any(c.replace("-", "") in d or c in d for c in codes for d in stored)

    first = password_login(user)
    response = first.post(VERIFY, {"code": codes[0].lower().replace("-", " ")})
    assert response.status_code == 302
    assert first.get("/o/voorbeeld/").status_code == 200

    second = password_login(user)
    again = second.post(VERIFY, {"code": codes[0]})
    assert again.status_code == 200
    assert "Deze code klopt niet" in again.content.decode()
    assert recovery.remaining(user) == 9


def test_a_password_only_session_cannot_add_a_factor(user):
    client = password_login(user)
    enrol(client, user)
    attacker = password_login(user)
    # No new authenticator app, no passkey, no new recovery codes.
    assert attacker.get(ENROL)["Location"].startswith(VERIFY)
    assert attacker.post("/account/tweede-factor/sleutel/opties/").status_code == 400
    assert attacker.post("/account/tweede-factor/")["Location"].startswith(VERIFY)


def test_demo_logins_skip_the_second_factor_only_in_demo_mode(db):
    demo = get_user_model().objects.create_user("demo@x.demo", PASSWORD, is_demo=True)
    with override_settings(DEMO_MODE=True):
        client = password_login(demo)
        response = client.get("/")
        assert response.status_code == 200
    ordinary = make_user()
    with override_settings(DEMO_MODE=True):
        assert password_login(ordinary).get("/")["Location"].startswith(ENROL)


def test_mark_second_factor_verified_for_other_login_routes(user):
    request = RequestFactory().get("/")
    request.user = user
    request.session = Client().session
    assert not mfa.is_verified(request)
    mfa.mark_second_factor_verified(request, "oidc")
    assert mfa.is_verified(request)
    # The mark is bound to the user it was made for.
    request.user = make_user()
    assert not mfa.is_verified(request)
    with pytest.raises(ValueError):
        mfa.mark_second_factor_verified(request, "guess")


def test_beheerder_resets_a_second_factor_audited_and_mailed(user, client_for):
    enrol(password_login(user), user)
    response = client_for("beheerder").post(
        "/account/beheer/tweede-factor/", {"email": user.email.upper()}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not RecoveryCode.objects.filter(user=user).exists()
    reset = SecondFactorReset.objects.get(user=user)
    event = AuditEvent.objects.get(object_type="accounts.SecondFactorReset", object_id=reset.pk)
    assert event.actor.email == "beheerder@weerbaar.demo"
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "tweede factor" in mail.outbox[0].body
    # The next log-in enrols afresh.
    assert password_login(user).get("/")["Location"].startswith(ENROL)


def test_a_reset_ends_the_sessions_that_passed_the_old_second_factor(user, client_for):
    session = password_login(user)
    enrol(session, user)
    assert session.get("/o/voorbeeld/").status_code == 200
    client_for("beheerder").post("/account/beheer/tweede-factor/", {"email": user.email})
    # A stolen device's session cannot enrol a new factor: it is logged out altogether.
    response = session.get("/o/voorbeeld/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/")
    assert session.get(ENROL)["Location"].startswith("/account/inloggen/")


def test_only_the_platform_beheerder_resets(user, client_for):
    for role in ("coordinator", "riec", "oosterveld"):
        response = client_for(role).post("/account/beheer/tweede-factor/", {"email": user.email})
        assert response.status_code == 403, role
    assert not SecondFactorReset.objects.exists()


def test_reset_of_an_unknown_address_gives_a_message(client_for):
    response = client_for("beheerder").post(
        "/account/beheer/tweede-factor/", {"email": "niemand@example.org"}
    )
    assert response.status_code == 200
    assert "geen gebruiker" in response.content.decode()
