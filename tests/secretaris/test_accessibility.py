"""The workspace's pages, as the secretaris (and a burgemeester with a shared self-scan),
pass the accessibility crawl's checks at 375 and 1280 px (the full crawl walks every role)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import client_for_user, make_user
from tests.test_accessibility_crawl import Findings, check_page, new_checked_page
from tests.test_isolation import SCOPED, fill_kwargs
from weerbaar.organisations.models import Organisation, Role
from weerbaar.secretaris.models import RoleScan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def workspace_pages(client, organisation) -> list[str]:
    urls = []
    for pattern, name, _callback in SCOPED:
        if not name.startswith("secretaris:"):
            continue
        url = reverse(name, kwargs=fill_kwargs(pattern, organisation))
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            urls.append(url)
    return urls


def test_workspace_pages_are_accessible(browser, live_server, fresh_demo):
    from django.contrib.auth import get_user_model

    voorbeeld = Organisation.objects.get(slug="voorbeeld")
    RoleScan.objects.filter(organisation=voorbeeld).update(shared_with=[Role.BURGEMEESTER])
    users = [
        get_user_model().objects.get(email="secretaris@voorbeeld.demo"),
        make_user("burgemeester@voorbeeld.test", role=Role.BURGEMEESTER, organisation=voorbeeld),
    ]
    findings = Findings()
    for user in users:
        client = client_for_user(user)
        urls = workspace_pages(client, voorbeeld)
        assert urls
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
            for width in (375, 1280):
                check_page(page, f"{live_server.url}{url}", width, findings, errors)
                findings.pages += 1
        context.close()
    assert findings.pages >= 12
    assert not findings.problems, "\n".join(findings.problems)
