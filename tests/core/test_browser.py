"""Logging in and browsing the library in a real browser, with accessibility checks."""

from __future__ import annotations

import pytest

from tests.accessibility import axe_violations, describe
from tests.browser_login import log_in, pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(live_server, fresh_demo):
    return live_server.url, fresh_demo


def login(page, base: str, email: str, password: str) -> None:
    log_in(page, base, email, password)


def test_coordinator_logs_in_and_browses_without_accessibility_violations(page, demo_site):
    base, ctx = demo_site
    page.goto(f"{base}/account/inloggen/")
    assert not axe_violations(page), describe(axe_violations(page))

    login(page, base, "coordinator@voorbeeld.demo", "demo-coordinator")
    page.wait_for_url(f"{base}/o/voorbeeld/")
    assert page.get_by_role("heading", name="Gemeente Voorbeeld").is_visible()
    violations = axe_violations(page)
    assert not violations, describe(violations)

    scan = ctx.objects["scan_baseline"]
    page.get_by_role("link", name=scan.title).click()
    page.wait_for_url(f"{base}/o/voorbeeld/scans/{scan.pk}/")
    violations = axe_violations(page)
    assert not violations, describe(violations)

    page.get_by_role("link", name="Bibliotheek", exact=True).first.click()
    page.get_by_role("link", name="Referentiekader weerbaarheid tegen ondermijning").first.click()
    for tab in ("Dimensies en normen", "RIEC-pijlers", "Maatregelen"):
        page.get_by_role("link", name=tab).click()
        assert page.get_by_role("heading", name=tab, level=2).is_visible()
        violations = axe_violations(page)
        assert not violations, f"{tab}: {describe(violations)}"


def test_language_switch_to_english_and_keyboard_only_login(page, demo_site):
    base, _ctx = demo_site
    page.goto(f"{base}/account/inloggen/")
    page.select_option("#language-select", "en")
    page.get_by_role("button", name="Kies taal").click()
    assert page.get_by_role("heading", name="Log in").is_visible()
    # Keyboard only: tab to the fields and submit with Enter.
    page.get_by_label("E-mail address").focus()
    page.keyboard.type("lezer@voorbeeld.demo")
    page.keyboard.press("Tab")
    page.keyboard.type("demo-lezer")
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/tweede-factor/**")
    pass_second_factor(page, "lezer@voorbeeld.demo")
    page.wait_for_url(f"{base}/o/voorbeeld/")
    assert page.locator("html").get_attribute("lang") == "en"


def test_wrong_password_message_is_announced(page, demo_site):
    base, _ctx = demo_site
    login(page, base, "coordinator@voorbeeld.demo", "verkeerd")
    alert = page.get_by_role("alert")
    assert "onbekend" in alert.inner_text()
    assert page.get_by_label("E-mailadres").input_value() == "coordinator@voorbeeld.demo"
