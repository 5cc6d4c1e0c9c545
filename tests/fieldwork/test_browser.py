"""The field work's pages pass axe at 375 and 1280 px for the coordinator and the afdelingshoofd.

The same checks as the whole-site crawl (tests/test_accessibility_crawl.py), over this app's
pages only; and a department head fills in and submits their intake in the browser.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from tests.factories import client_for_user
from tests.test_accessibility_crawl import Findings, check_page, new_checked_page, pages_for
from weerbaar.organisations.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = {
    "coordinator": "coordinator@voorbeeld.demo",
    "afdelingshoofd": "afdelingshoofd@voorbeeld.demo",
}


def browser_context(browser, live_server, client):
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
    return context


def fieldwork_pages(client, organisation, user) -> list[str]:
    return [
        url
        for url in pages_for(client, organisation, user)
        if "/veldwerk/" in url or "/afdeling/" in url
    ]


@pytest.mark.parametrize("role", sorted(ROLES))
def test_fieldwork_pages_are_accessible(role, browser, live_server, fresh_demo):
    voorbeeld = Organisation.objects.get(slug="voorbeeld")
    user = get_user_model().objects.get(email=ROLES[role])
    client = client_for_user(user)
    urls = fieldwork_pages(client, voorbeeld, user)
    assert urls, f"{role} gets no field work page"
    if role == "afdelingshoofd":
        assert all("/afdeling/" in u for u in urls), urls
    context = browser_context(browser, live_server, client)
    page, errors = new_checked_page(context)
    findings = Findings()
    for width in (375, 1280):
        for url in urls:
            check_page(page, f"{live_server.url}{url}", width, findings, errors)
            findings.pages += 1
    context.close()
    assert not findings.problems, "\n".join(findings.problems)


def test_department_head_fills_in_and_submits(browser, live_server, fresh_demo):
    from weerbaar.fieldwork.models import DepartmentIntake, IntakeStatus

    user = get_user_model().objects.get(email=ROLES["afdelingshoofd"])
    intake = DepartmentIntake.objects.get(department__memberships__user=user)
    context = browser_context(browser, live_server, client_for_user(user))
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    assert page.url.endswith("/o/voorbeeld/afdeling/")
    page.get_by_role("link", name=intake.scan.title).click()
    page.select_option("#id_process-library_process_id", "PR-evenementenvergunning")
    page.select_option("#id_process-control_four_eyes", "in_practice")
    page.get_by_role("button", name="Proces toevoegen").click()
    page.wait_for_load_state()
    assert "Het proces is toegevoegd." in page.content()
    page.fill("#id_function-name", "Evenementencoördinator")
    page.get_by_role("button", name="Functie toevoegen").click()
    page.wait_for_load_state()
    assert "Evenementencoördinator" in page.content()
    page.get_by_role("button", name="Intake indienen").click()
    page.wait_for_load_state()
    assert "De intake is ingediend." in page.content()
    context.close()
    intake.refresh_from_db()
    assert intake.status == IntakeStatus.SUBMITTED
    assert intake.processes.filter(library_process_id="PR-evenementenvergunning").exists()
