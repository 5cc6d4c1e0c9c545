"""The coordinator's survey pages in headless Chromium, checked with axe-core."""

from __future__ import annotations

import pytest

from tests.browser_login import log_in
from tests.surveys.test_answering_browser import assert_accessible

pytestmark = [pytest.mark.browser]


def test_coordinator_survey_pages_are_accessible(browser, live_server, fresh_demo):
    login = next(x for x in fresh_demo.logins if x.role == "coordinator")
    scan = fresh_demo.objects["scan_baseline"]
    staff = fresh_demo.objects["survey_staff"]
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    log_in(page, base, login.email, login.password)
    page.wait_for_url(f"{base}/o/voorbeeld/")

    page.goto(f"{base}/o/voorbeeld/scans/{scan.pk}/")
    page.get_by_role("link", name="Enquête medewerkers").click()
    page.wait_for_url(f"{base}/o/voorbeeld/enquetes/{staff.pk}/")
    assert page.get_by_role("heading", name="Vragen en routering").is_visible()
    assert_accessible(page)

    page.goto(f"{base}/o/voorbeeld/scans/{scan.pk}/enquetes/nieuw/")
    assert_accessible(page)
    page.get_by_label("Titel").fill("Tweede meting raad")
    page.get_by_label("Open link").check()
    page.get_by_role("button", name="Enquête aanmaken").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Tweede meting raad").is_visible()
    page.get_by_role("button", name="Enquête openen").click()
    page.wait_for_load_state()
    assert "Open" in page.locator(".badge").first.inner_text()

    page.goto(f"{base}/o/voorbeeld/vragenlijsten/")
    assert_accessible(page)
    page.get_by_role("button", name="Kopie maken van Weerbaarheid raadsleden").click()
    page.wait_for_load_state()
    editor = page.get_by_label("Vragenlijst (YAML)")
    text = editor.input_value().replace("equals: ja}", "equals: jawel}", 1)
    editor.fill(text)
    page.get_by_role("button", name="Valideren").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()
    assert "jawel" in page.get_by_label("Vragenlijst (YAML)").input_value()
    assert_accessible(page)
    context.close()
