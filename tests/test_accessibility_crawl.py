"""Every page, as every role, passes axe at a phone's and a desktop's width.

The crawl reuses the isolation test's URL walk: each named URL is filled with objects of
Gemeente Voorbeeld from the demo data and requested as each role; every page a role gets
(HTTP 200, HTML) is opened in headless Chromium. A page fails on an axe violation of impact
serious or critical, on any ``heading-order`` or ``region`` finding, on horizontal scrolling
at 375 px, or on an error in the browser console (such as a style or script our own
Content-Security-Policy blocks).

One test per width walks all roles in turn. A page whose HTML is identical to a page already
checked at that width (apart from the CSRF token, the CSP nonce and the signed-in user's
name) is the same document and is not opened twice; every page that differs by role, even
by one button, is checked for that role.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.urls import reverse

from tests.accessibility import axe_violations
from tests.factories import client_for_user
from tests.test_isolation import GLOBAL, SCOPED, fill_kwargs
from weerbaar.organisations.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = {
    "coordinator": "coordinator@voorbeeld.demo",
    "secretaris": "secretaris@voorbeeld.demo",
    "actiehouder": "actiehouder@voorbeeld.demo",
    "lezer": "lezer@voorbeeld.demo",
    "riec": "riec@weerbaar.demo",
    "beheerder": "beheerder@weerbaar.demo",
    "onderzoeker": "onderzoeker@voorbeeld.demo",
    "afdelingshoofd": "afdelingshoofd@voorbeeld.demo",
}
WIDTHS = (375, 1280)
ALWAYS_REPORTED = {"heading-order", "region"}
SEVERE = {"serious", "critical"}
# The deepest element that sticks out to the right of the viewport, as tag.class.
WIDEST_ELEMENT = """() => {
  const width = document.documentElement.clientWidth;
  let found = null;
  for (const el of document.body.querySelectorAll("*")) {
    if (el.getBoundingClientRect().right > width + 1) found = el;
  }
  return found ? found.tagName.toLowerCase() + "." + [...found.classList].join(".") + " "
    + (found.id || found.getAttribute("name") || "") : "";
}"""


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    pages: int = 0

    def add(self, url: str, width: int, text: str) -> None:
        self.problems.append(f"{url} @ {width}px: {text}")


VARYING = re.compile(r'(name="csrfmiddlewaretoken" value=|nonce=)"[^"]*"')


def fingerprint(html: str, user) -> str:
    """The page's HTML without what differs between two requests for the same document."""
    text = VARYING.sub(r'\1""', html).replace(str(user), "").replace(user.email, "")
    return hashlib.sha256(text.encode()).hexdigest()


def pages_for(client, organisation: Organisation, user) -> dict[str, str]:
    """URL -> fingerprint of every HTML page the client's user gets, in URL order."""
    pages: dict[str, str] = {}
    for pattern, name, _callback in [*SCOPED, *GLOBAL]:
        url = reverse(name, kwargs=fill_kwargs(pattern, organisation))
        response = client.get(url)
        is_page = response.status_code == 200 and response["Content-Type"].startswith("text/html")
        if is_page and not response.get("Content-Disposition", "").startswith("attachment"):
            pages[url] = fingerprint(response.content.decode(), user)
    return dict(sorted(pages.items()))


def new_checked_page(context) -> tuple[object, list[str]]:
    """A page of ``context`` and the list its console errors are collected in."""
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return page, errors


def check_page(page, url: str, width: int, findings: Findings, errors: list[str]) -> None:
    """Open ``url`` at ``width`` and record what fails (``errors``: of ``new_checked_page``)."""
    errors.clear()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)
    page.wait_for_load_state("load")
    for violation in axe_violations(page):
        if violation["impact"] in SEVERE or violation["id"] in ALWAYS_REPORTED:
            targets = ", ".join(n["target"][0] for n in violation["nodes"][:3])
            findings.add(url, width, f"{violation['id']} ({violation['impact']}): {targets}")
    if width < 400:
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            culprit = page.evaluate(WIDEST_ELEMENT)
            findings.add(url, width, f"scrolls sideways by {overflow}px ({culprit})")
    for error in errors:
        findings.add(url, width, f"console error: {error[:160]}")


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_is_accessible(width, browser, live_server, fresh_demo):
    from django.contrib.auth import get_user_model

    voorbeeld = Organisation.objects.get(slug="voorbeeld")
    checked: set[str] = set()
    findings = Findings()
    for role, email in ROLES.items():
        user = get_user_model().objects.get(email=email)
        client = client_for_user(user)
        pages = pages_for(client, voorbeeld, user)
        assert pages, f"{role} gets no page at all"
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
        for url, print_ in pages.items():
            if print_ in checked:
                continue
            checked.add(print_)
            check_page(page, f"{live_server.url}{url}", width, findings, errors)
            findings.pages += 1
        context.close()
    assert not findings.problems, (
        f"{len(findings.problems)} problems on {findings.pages} pages at {width}px:\n"
        + "\n".join(findings.problems)
    )
