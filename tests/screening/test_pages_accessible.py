"""The notes and screening pages pass axe at a phone's and a desktop's width.

The same checks as tests/test_accessibility_crawl.py, for this capability's pages only, as
the secretaris (who writes and records) and the RIEC adviser (who only reads screening).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import client_for_user
from tests.test_accessibility_crawl import Findings, check_page, new_checked_page
from tests.test_isolation import SCOPED, fill_kwargs
from weerbaar.organisations.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = {"secretaris": "secretaris@voorbeeld.demo", "riec": "riec@weerbaar.demo"}


@pytest.mark.parametrize("width", [375, 1280])
def test_notes_and_screening_pages_are_accessible(width, browser, live_server, fresh_demo):
    from django.contrib.auth import get_user_model

    voorbeeld = Organisation.objects.get(slug="voorbeeld")
    findings = Findings()
    for email in ROLES.values():
        user = get_user_model().objects.get(email=email)
        client = client_for_user(user)
        urls = [
            reverse(name, kwargs=fill_kwargs(pattern, voorbeeld))
            for pattern, name, _cb in SCOPED
            if name.split(":")[0] in {"notes", "screening"}
        ]
        pages = [u for u in urls if client.get(u).status_code == 200]
        assert pages
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
        for url in pages:
            check_page(page, f"{live_server.url}{url}", width, findings, errors)
            findings.pages += 1
        context.close()
    assert not findings.problems, "\n".join(findings.problems)
