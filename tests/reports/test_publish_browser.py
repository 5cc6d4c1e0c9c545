"""Publishing in a real browser: preview and completeness check, offer, approval by the
gemeentesecretaris, then visible to a lezer; every page checked with axe (WCAG 2.1 A/AA)."""

from __future__ import annotations

import pytest

from tests.accessibility import axe_violations, describe
from tests.browser_login import log_in_as_demo_role as login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{where}: {describe(violations)}"


def new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    return context, context.new_page()


def test_coordinator_offers_and_secretaris_approves(browser, page, live_server, fresh_demo):
    base = live_server.url
    report = fresh_demo.objects["report"]
    before = fresh_demo.objects["report_version"].number

    login(page, base, "coordinator")
    page.goto(f"{base}/o/voorbeeld/rapport/{report.pk}/")
    page.get_by_role("link", name="Publiceren").click()
    page.wait_for_url(f"{base}/o/voorbeeld/rapport/{report.pk}/publiceren/")
    assert page.get_by_role("heading", name="Volledigheid").is_visible()
    assert page.get_by_role("heading", name="Voorbeeld van het rapport").is_visible()
    assert_accessible(page, "publish page")

    # Offering without confirming: a Dutch message on the same page.
    page.get_by_role("button", name="Ter vaststelling aanbieden").click()
    page.wait_for_load_state()
    assert "Bevestig dat u het concept hebt bekeken" in page.get_by_role("alert").first.inner_text()
    assert_accessible(page, "publish page with errors")

    if page.locator("#id_gaps_seen").count():
        page.locator("#id_gaps_seen").check()
    page.locator("#id_confirmed").check()
    page.get_by_role("button", name="Ter vaststelling aanbieden").click()
    page.wait_for_url(f"{base}/o/voorbeeld/rapporten/*/")
    assert "wacht op vaststelling" in page.locator("main").inner_text()
    assert_accessible(page, "offered version")
    version_url = page.url

    # A lezer does not see it yet.
    lezer_context, lezer = new_page(browser)
    try:
        login(lezer, base, "lezer")
        response = lezer.goto(version_url)
        assert response is not None and response.status == 404

        # The gemeentesecretaris approves it.
        sec_context, secretaris = new_page(browser)
        try:
            login(secretaris, base, "secretaris")
            secretaris.goto(version_url)
            assert_accessible(secretaris, "version for the approver")
            secretaris.get_by_role("button", name="Vaststellen").click()
            secretaris.wait_for_url(version_url)
            assert "Vastgestelde versie" in secretaris.locator("main").inner_text()
            assert_accessible(secretaris, "approved version")
        finally:
            sec_context.close()

        response = lezer.goto(version_url)
        assert response is not None and response.status == 200
        assert f"Vastgestelde versie {before + 1}" in lezer.locator("main").inner_text()
        assert_accessible(lezer, "approved version for a lezer")
    finally:
        lezer_context.close()


@pytest.mark.parametrize("role", ["coordinator", "secretaris"])
def test_publishing_pages_pass_the_crawl_checks(role, browser, live_server, fresh_demo):
    """The new pages at 375 and 1280 px: no serious axe finding, no sideways scrolling."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from tests.factories import client_for_user
    from tests.test_accessibility_crawl import WIDTHS, Findings, check_page, new_checked_page
    from weerbaar.reports import approval

    report = fresh_demo.objects["report"]
    version = fresh_demo.objects["report_version"]
    coordinator = get_user_model().objects.get(email="coordinator@voorbeeld.demo")
    pending = approval.submit(report, coordinator, revision=report.revision, gaps_seen=True)
    user = get_user_model().objects.get(email=f"{role}@voorbeeld.demo")
    client = client_for_user(user)
    urls = [
        reverse("reports:publish", args=["voorbeeld", report.pk]),
        reverse("reports:version", args=["voorbeeld", pending.pk]),
        reverse("reports:send_back", args=["voorbeeld", pending.pk]),
        reverse("reports:withdraw", args=["voorbeeld", version.pk]),
        reverse("reports:approval_policy", args=["voorbeeld"]),
        reverse("reports:scan_report", args=["voorbeeld", report.scan_id]),
    ]
    context = browser.new_context(locale="nl-NL")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    findings = Findings()
    for url in urls:
        if client.get(url).status_code != 200:
            continue  # a page this role may not open (e.g. the settings for the secretaris)
        for width in WIDTHS:
            page, errors = new_checked_page(context)
            check_page(page, f"{live_server.url}{url}", width, findings, errors)
            page.close()
        findings.pages += 1
    context.close()
    assert findings.pages >= 4
    assert not findings.problems, "\n".join(findings.problems)
