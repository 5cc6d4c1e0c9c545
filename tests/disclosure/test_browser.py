"""The disclosure pages in a real browser, checked with axe-core (WCAG 2.1 A/AA)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.accessibility import axe_violations, describe
from tests.browser_login import log_in
from weerbaar.organisations.models import Organisation

from .conftest import make_survey, staff_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base: str, email: str, password: str) -> None:
    log_in(page, base, email, password)
    page.wait_for_url(f"{base}/o/voorbeeld/")


def assert_accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{where}: {describe(violations)}"


def test_texts_release_and_research_pages(page, live_server, fresh_demo):
    base = live_server.url
    voorbeeld = Organisation.objects.get(slug="voorbeeld")
    survey = make_survey(fresh_demo.objects["scan_baseline"], staff_rows(voorbeeld, 40, texts=8))
    prefix = f"{base}/o/voorbeeld/enquetes/{survey.pk}"

    login(page, base, "coordinator@voorbeeld.demo", "demo-coordinator")
    page.goto(f"{prefix}/open-antwoorden/")
    assert page.get_by_role("heading", name="Open antwoorden", exact=False).first.is_visible()
    assert_accessible(page, "free texts")
    first = page.locator("ul.free-texts > li").first
    first.get_by_text("Aanpassen").click()
    first.get_by_label("Tekst zoals die getoond mag worden").fill("")
    first.get_by_role("button", name="Opslaan").click()
    expect(page.locator("body")).to_contain_text("zoals die getoond mag worden")
    assert_accessible(page, "free texts with an error")

    page.goto(f"{prefix}/vrijgave/")
    assert_accessible(page, "release")
    page.get_by_label("Reden").fill("")
    page.get_by_role("button", name="Vrijgeven").click()
    expect(page.locator("body")).to_contain_text("verplicht")
    assert_accessible(page, "release with an error")

    page.goto(f"{prefix}/onderzoeksbestand/")
    assert_accessible(page, "research file")
