"""The coordinator's results, response and invitation pages in headless Chromium, with
axe-core finding no WCAG 2.1 A/AA violations."""

from __future__ import annotations

import pytest

from tests.browser_login import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    return [
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in result.response["violations"]
    ]


def test_results_pages_are_accessible(page, live_server, fresh_demo):
    from django.contrib.auth import get_user_model

    from weerbaar.surveys.models import Survey

    user = get_user_model().objects.get(email="coordinator@voorbeeld.demo")
    user.set_password("een-lang-test-wachtwoord")
    user.save()
    survey = Survey.objects.filter(scan__organisation__slug="voorbeeld", audience="staff").first()
    base = live_server.url
    log_in(page, base, "coordinator@voorbeeld.demo", "een-lang-test-wachtwoord")
    page.wait_for_load_state()
    for path, heading in (
        ("resultaten", "Resultaten"),
        ("respons", "Respons"),
        ("uitnodigingen", "Uitnodigingen"),
        ("import", "Papieren vragenlijsten importeren"),
    ):
        page.goto(f"{base}/o/voorbeeld/enquetes/{survey.pk}/{path}/")
        assert page.get_by_role("heading", level=1).inner_text().startswith(heading)
        found = violations(page)
        assert not found, f"{path}: {'; '.join(found)}"


def test_results_overview_at_phone_and_desktop_width(page, live_server, fresh_demo):
    """The overview (summary, contents, charts, cross-tabs) at 375 and 1280 px: no axe
    violation (WCAG 2.1 AA, heading order, regions), no sideways scrolling, every chart an
    image with a name, the contents' links reach their sections."""
    import os

    from django.contrib.auth import get_user_model

    from tests.accessibility import axe_violations, describe
    from weerbaar.surveys.models import Survey

    email = "coordinator@voorbeeld.demo"
    user = get_user_model().objects.get(email=email)
    user.set_password("een-lang-test-wachtwoord")
    user.save()
    survey = Survey.objects.filter(
        scan__organisation__slug="voorbeeld", audience="staff", status="closed"
    ).first()
    base = live_server.url
    log_in(page, base, email, "een-lang-test-wachtwoord")
    page.wait_for_load_state()
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base}/o/voorbeeld/enquetes/{survey.pk}/resultaten/")
        page.wait_for_load_state("networkidle")
        # Open the cross-tabs and base tables too: their tables must pass as well.
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        found = axe_violations(page)
        assert not found, f"{width}px: {describe(found)}"
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        wide = page.evaluate(
            "[...document.querySelectorAll('body *')].filter(e => "
            "e.getBoundingClientRect().width > document.documentElement.clientWidth + 1)"
            ".slice(-8).map(e => e.tagName + '.' + e.className)"
        )
        assert overflow <= 0, f"{width}px scrolls sideways by {overflow}px: {wide}"
        charts = page.get_by_role("img")
        assert charts.count() > 10
        box = page.locator(".result-chart svg").first.bounding_box()
        assert box is not None and box["width"] <= width
        if os.environ.get("WEERBAAR_SCREENSHOTS"):
            page.screenshot(
                path=f"{os.environ['WEERBAAR_SCREENSHOTS']}/results-{width}.png", full_page=True
            )
    contents = page.get_by_role("navigation", name="Inhoud")
    link = contents.get_by_role("link").nth(1)
    target = link.get_attribute("href")
    link.click()
    assert page.evaluate("location.hash") == target
