"""Security baseline: passwords, throttling, CSRF, CSP, cookies, demo logins."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import path


def settings_in_production(expr: str) -> str:
    """Evaluate a settings expression as production would load them (fresh interpreter)."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("WEERBAAR_", "PYTEST", "DJANGO_"))
    }
    env.update(WEERBAAR_SECRET_KEY="x" * 50, DJANGO_SETTINGS_MODULE="weerbaar.settings")
    out = subprocess.run(
        [sys.executable, "-c", f"from weerbaar import settings as s; print({expr})"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def test_production_uses_argon2_and_secure_cookies():
    assert settings_in_production("s.PASSWORD_HASHERS[0]").endswith("Argon2PasswordHasher")
    assert (
        settings_in_production("(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)") == "(True, True)"
    )
    assert settings_in_production("s.SECURE_HSTS_SECONDS > 0") == "True"


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WEERBAAR_", "PYTEST"))}
    result = subprocess.run(
        [sys.executable, "-c", "import weerbaar.settings"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "WEERBAAR_SECRET_KEY" in result.stderr


def test_new_passwords_are_hashed_with_argon2(db):
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]):
        user = get_user_model().objects.create_user("nieuw@example.org", "een-lang-wachtwoord")
        assert user.password.startswith("argon2")


@pytest.mark.django_db
def test_pages_send_csp_and_hardening_headers(client_for):
    response = client_for("coordinator").get("/o/voorbeeld/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self' 'nonce-" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_login_is_throttled_after_five_failures():
    get_user_model().objects.create_user("doelwit@example.org", "juist-wachtwoord-123")
    client = Client()
    for _ in range(5):
        response = client.post(
            "/account/inloggen/", {"username": "doelwit@example.org", "password": "fout"}
        )
    response = client.post(
        "/account/inloggen/",
        {"username": "doelwit@example.org", "password": "juist-wachtwoord-123"},
    )
    assert response.status_code == 429
    assert "Te veel inlogpogingen" in response.content.decode()


@pytest.mark.django_db
def test_wrong_password_gives_dutch_message_and_keeps_email():
    response = Client().post(
        "/account/inloggen/", {"username": "iemand@example.org", "password": "fout"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "combinatie van e-mailadres en wachtwoord is onbekend" in body
    assert 'value="iemand@example.org"' in body


@pytest.mark.django_db
def test_login_works_and_lands_on_own_organisation():
    get_user_model().objects.create_user("echt@example.org", "juist-wachtwoord-123")
    client = Client()
    response = client.post(
        "/account/inloggen/", {"username": "Echt@Example.org", "password": "juist-wachtwoord-123"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_csrf_is_enforced():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/account/inloggen/", {"username": "a@b.nl", "password": "x"})
    assert response.status_code == 403
    assert "Formulier verlopen" in response.content.decode()


@pytest.mark.django_db
def test_demo_logins_only_work_in_demo_mode():
    user = get_user_model().objects.create_user("demo@x.demo", "demo-wachtwoord-1", is_demo=True)
    client = Client()
    data = {"username": user.email, "password": "demo-wachtwoord-1"}
    with override_settings(DEMO_MODE=False):
        assert client.post("/account/inloggen/", data).status_code == 200  # refused
    with override_settings(DEMO_MODE=True):
        assert client.post("/account/inloggen/", data).status_code == 302


@pytest.mark.django_db
def test_unknown_page_is_a_dutch_404_without_traceback(client_for):
    with override_settings(DEBUG=False):
        response = client_for("coordinator").get("/o/voorbeeld/bestaat/niet/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Pagina niet gevonden" in body
    assert "Traceback" not in body


def _boom(request):
    raise RuntimeError("internal detail that must not leak")


urlpatterns = [path("boom/", _boom)]
handler500 = "weerbaar.core.views.error_500"


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_an_unexpected_error_shows_a_calm_page_without_traceback():
    client = Client(raise_request_exception=False)
    with override_settings(DEBUG=False):
        response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Er ging iets mis" in body
    assert "internal detail" not in body and "Traceback" not in body
