"""The coordinator's results, response and invitation pages in headless Chromium, with
axe-core finding no WCAG 2.1 A/AA violations."""

from __future__ import annotations

import pytest

from tests.browser_login import pass_second_factor

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
    page.goto(f"{base}/account/inloggen/")
    page.get_by_label("E-mailadres").fill("coordinator@voorbeeld.demo")
    page.get_by_label("Wachtwoord").fill("een-lang-test-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    pass_second_factor(page, "coordinator@voorbeeld.demo")
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
