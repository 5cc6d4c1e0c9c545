"""The practice library's and the awareness planner's pages pass the accessibility crawl.

The same checks as tests/test_accessibility_crawl.py (axe, sideways scrolling at 375 px,
console errors), limited to these pages, as the coordinator and the RIEC adviser.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import client_for_user
from tests.test_accessibility_crawl import (
    ROLES,
    Findings,
    check_page,
    fingerprint,
    new_checked_page,
)
from tests.test_isolation import SCOPED, fill_kwargs
from weerbaar.organisations.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OURS = [u for u in SCOPED if (u[1] or "").split(":")[0] in {"practices", "awareness"}]


@pytest.mark.parametrize("role", ["coordinator", "riec"])
def test_pages_are_accessible(role, browser, live_server, fresh_demo):
    voorbeeld = Organisation.objects.get(slug="voorbeeld")
    user = get_user_model().objects.get(email=ROLES[role])
    client = client_for_user(user)
    pages = {}
    for pattern, name, _callback in OURS:
        url = reverse(name, kwargs=fill_kwargs(pattern, voorbeeld))
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages[url] = fingerprint(response.content.decode(), user)
    assert len(pages) >= 5, pages
    # The practice waiting for review shows the review form to the RIEC.
    waiting = voorbeeld.practices.get(status="ingediend")
    pages[reverse("practices:detail", kwargs={"org": "voorbeeld", "practice_id": waiting.pk})] = ""
    findings = Findings()
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
    for width in (375, 1280):
        for url in pages:
            check_page(page, f"{live_server.url}{url}", width, findings, errors)
            findings.pages += 1
    context.close()
    assert not findings.problems, "\n".join(findings.problems)
