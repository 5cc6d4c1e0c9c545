"""The API token page and the API documentation page in a real browser: axe, a phone's
width, no console errors (CSP), and the new token shown once."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from tests.accessibility import axe_violations
from tests.factories import client_for_user
from tests.test_accessibility_crawl import WIDEST_ELEMENT, Findings, check_page, new_checked_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_token_page_and_docs_are_accessible(browser, live_server, fresh_demo):
    user = get_user_model().objects.get(email="coordinator@voorbeeld.demo")
    client = client_for_user(user)
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
    page, errors = new_checked_page(context)
    findings = Findings()
    url = f"{live_server.url}/o/voorbeeld/api-sleutels/"
    for width in (375, 1280):
        check_page(page, url, width, findings, errors)
    check_page(page, f"{live_server.url}/api/v1/docs", 375, findings, errors)

    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(url)
    page.locator("#id_name").fill("Dashboard gemeenteraad 2")
    page.get_by_role("button", name="Sleutel aanmaken").click()
    page.wait_for_load_state("load")
    key = page.get_by_label("Nieuwe API-sleutel").input_value()
    assert key.startswith("wb_") and len(key) > 40
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, page.evaluate(WIDEST_ELEMENT)
    severe = [v for v in axe_violations(page) if v["impact"] in {"serious", "critical"}]
    assert not severe, severe
    page.goto(url)
    assert key not in page.content()
    context.close()
    assert not findings.problems, "\n".join(findings.problems)
