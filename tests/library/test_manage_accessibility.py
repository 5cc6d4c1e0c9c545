"""The library management pages pass axe for the beheerder, at a phone's and a desktop's width.

The full crawl (tests/test_accessibility_crawl.py) walks them too; this test checks them
alone, with the draft of the demo and the error table of a bad upload.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.accessibility import axe_violations
from tests.factories import client_for_user
from tests.test_accessibility_crawl import (
    ALWAYS_REPORTED,
    SEVERE,
    WIDTHS,
    Findings,
    check_page,
    new_checked_page,
)
from weerbaar.library.loader import current_version
from weerbaar.library.models import LibraryDraft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", WIDTHS)
def test_library_management_pages_are_accessible(width, browser, live_server, fresh_demo):
    user = get_user_model().objects.get(email="beheerder@weerbaar.demo")
    client = client_for_user(user)
    draft = LibraryDraft.objects.get()
    version = current_version()
    assert version is not None
    urls = [
        reverse("library:index"),
        reverse("library:manage"),
        reverse("library:draft", kwargs={"draft_id": draft.pk}),
        reverse("library:section", kwargs={"version_id": version.pk, "section": "kaders"}),
    ]
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
    for url in urls:
        check_page(page, f"{live_server.url}{url}", width, findings, errors)
    # The error table of a bad upload, as the browser shows it.
    page.goto(f"{live_server.url}{reverse('library:manage')}")
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "kader.zip", "mimeType": "application/zip", "buffer": _bad_zip()}],
    )
    page.get_by_role("button", name="Controleren en opslaan als concept").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("Fouten in het bestand").count() == 1
    for violation in axe_violations(page):
        if violation["impact"] in SEVERE or violation["id"] in ALWAYS_REPORTED:
            findings.add("upload with errors", width, violation["id"])
    context.close()
    assert not findings.problems, "\n".join(findings.problems)


def _bad_zip() -> bytes:
    from tests.library.uploads import bundle_files, make_zip

    files = bundle_files()
    files["koppeling.yaml"] = files["koppeling.yaml"].replace("D1.N5", "D9.N9")
    return make_zip(files).getvalue()
