"""A first log-in in Chromium: password, authenticator app, recovery codes, start page."""

from __future__ import annotations

import pytest

from tests.accessibility import axe_violations, describe
from tests.browser_login import _secret_from_text, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL, PASSWORD = "coordinator@voorbeeld.demo", "demo-coordinator"


def assert_accessible_at_both_widths(page, where: str) -> None:
    for width, height in ((375, 800), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        violations = axe_violations(page)
        assert not violations, f"{where} at {width}px: {describe(violations)}"


def password_step(page, base: str) -> None:
    page.goto(f"{base}/account/inloggen/")
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_first_login_enrols_totp_and_lands_on_the_start_page(browser, live_server, fresh_demo):
    base = live_server.url
    page = browser.new_context(locale="nl-NL").new_page()
    password_step(page, base)
    page.wait_for_url(f"{base}/account/tweede-factor/instellen/**")
    assert page.get_by_role("heading", name="Tweede factor instellen").is_visible()
    assert page.get_by_role("img", name="QR-code").is_visible()
    assert_accessible_at_both_widths(page, "enrolment")

    # Nothing else is reachable before the second factor is set up.
    page.goto(f"{base}/o/voorbeeld/")
    assert "/account/tweede-factor/instellen/" in page.url

    secret = _secret_from_text(page.locator("#totp-secret").inner_text())
    page.get_by_label("Code").fill("123")
    page.get_by_role("button", name="Bevestigen").click()
    assert "Deze code klopt niet" in page.get_by_role("alert").first.inner_text()
    page.wait_for_timeout(1100)  # after a wrong code the next try waits a second (throttle)
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Bevestigen").click()

    page.wait_for_url(f"{base}/account/tweede-factor/herstelcodes/**")
    assert page.locator(".recovery-codes li").count() == 10
    assert_accessible_at_both_widths(page, "recovery codes")
    page.get_by_role("link", name="Ik heb de codes bewaard, ga verder").click()
    page.wait_for_url(f"{base}/o/voorbeeld/")
    assert page.get_by_role("heading", name="Gemeente Voorbeeld").is_visible()

    # A later log-in asks for a code.
    later = browser.new_context(locale="nl-NL").new_page()
    password_step(later, base)
    later.wait_for_url(f"{base}/account/tweede-factor/controle/**")
    assert_accessible_at_both_widths(later, "second-factor check")
