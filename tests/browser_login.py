"""Passing the second factor in browser tests, as a user with an authenticator app would.

On the enrolment page the secret is read from the page and remembered per e-mail address;
on the check page the code is computed from the remembered secret.
"""

from __future__ import annotations

import base64
import time

from django_otp.oath import TOTP

_secrets: dict[str, bytes] = {}
# The code form's button (not the passkey form's), whatever the page's language.
_SUBMIT = "main form:not([data-passkey]) button[type=submit]"


def totp_code(secret: bytes) -> str:
    return f"{TOTP(secret).token():06d}"


def _secret_from_text(text: str) -> bytes:
    raw = "".join(text.split()).upper()
    return base64.b32decode(raw + "=" * (-len(raw) % 8))


def pass_second_factor(page, email: str = "") -> None:
    """After the password: enrol (first log-in) or give a code (later ones); else nothing."""
    page.wait_for_load_state()
    if "/tweede-factor/instellen/" in page.url:
        secret = _secret_from_text(page.locator("#totp-secret").inner_text())
        _secrets[email] = secret
        page.locator("input[name=code]").fill(totp_code(secret))
        page.locator(_SUBMIT).click()
        page.locator("main a.button").click()  # past the recovery codes
    elif "/tweede-factor/controle/" in page.url:
        # A code is accepted once: wait for the next time step after an earlier log-in.
        time.sleep(30 - time.time() % 30 + 1)
        page.locator("input[name=code]").fill(totp_code(_secrets[email]))
        page.locator(_SUBMIT).click()


def log_in(page, base_url: str, email: str, password: str) -> None:
    """Log in through the login page, including the second factor."""
    page.goto(f"{base_url}/account/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    pass_second_factor(page, email)


def log_in_as_demo_role(page, base_url: str, role: str) -> None:
    """Log in as the demo's ``role``@voorbeeld.demo and land on Gemeente Voorbeeld."""
    log_in(page, base_url, f"{role}@voorbeeld.demo", f"demo-{role}")
    page.wait_for_url(f"{base_url}/o/voorbeeld/")
