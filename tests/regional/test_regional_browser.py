"""The region's pages in a browser: no serious axe violation, no sideways scroll at 375 px,
no console error (the same checks as the full crawl, for these pages only)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from tests.factories import client_for_user
from tests.test_accessibility_crawl import Findings, check_page, new_checked_page
from weerbaar.organisations.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "riec@weerbaar.demo": ["/regio/", "/regio/{region}/", "/o/voorbeeld/regio/"],
    "secretaris@voorbeeld.demo": ["/o/voorbeeld/regio/", "/o/voorbeeld/benchmark/"],
    "coordinator@oosterveld.demo": ["/o/oosterveld/benchmark/"],
}


@pytest.mark.parametrize("width", (375, 1280))
def test_the_regional_pages_are_accessible(width, browser, live_server, fresh_demo):
    region = Organisation.objects.get(slug="voorbeeld").region.slug
    findings = Findings()
    for email, urls in PAGES.items():
        client = client_for_user(get_user_model().objects.get(email=email))
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
        for url in urls:
            url = url.format(region=region)
            assert client.get(url).status_code == 200, url
            check_page(page, f"{live_server.url}{url}", width, findings, errors)
            findings.pages += 1
        context.close()
    assert not findings.problems, "\n".join(findings.problems)
