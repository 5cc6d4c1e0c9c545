"""Every page, as every role, passes axe at a phone's and a desktop's width.

The crawl reuses the isolation test's URL walk: each named URL is filled with objects of
Gemeente Voorbeeld from the demo data and requested as each role; every page a role gets
(HTTP 200, HTML) is opened in headless Chromium. A page fails on an axe violation of impact
serious or critical, on any ``heading-order`` or ``region`` finding, on horizontal scrolling
at 375 px, or on an error in the browser console (such as a style or script our own
Content-Security-Policy blocks).

One test per role and width (so that parallel test processes share the work evenly). A page
whose HTML is identical to a page already checked at that width, by any role in any test
process of the run (apart from the CSRF token, the CSP nonce and the signed-in user's name),
is the same document and is not opened twice: the first test to meet it claims it in a
folder the processes share. Every page that differs by role, even by one button, is checked
for that role.

The browser gets each page exactly as the server rendered it for the role's test client
(status, headers including the Content-Security-Policy, body), so that a page is rendered
once per role; everything the page loads itself (styles, scripts, htmx requests) comes from
the live server.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.accessibility import AXE_INIT_SCRIPT, axe_violations
from tests.factories import client_for_user
from tests.test_isolation import GLOBAL, SCOPED, fill_kwargs
from weerbaar.organisations.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The roles that get the most pages first: the longest tests start first in a parallel run.
ROLES = {
    "coordinator": "coordinator@voorbeeld.demo",
    "riec": "riec@weerbaar.demo",
    "beheerder": "beheerder@weerbaar.demo",
    "secretaris": "secretaris@voorbeeld.demo",
    "actiehouder": "actiehouder@voorbeeld.demo",
    "lezer": "lezer@voorbeeld.demo",
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


@dataclass
class Rendered:
    """One page as the server sent it to the role's test client."""

    fingerprint: str
    status: int
    headers: dict[str, str]
    body: bytes


VARYING = re.compile(r'(name="csrfmiddlewaretoken" value=|nonce=)"[^"]*"')


def fingerprint(html: str, user) -> str:
    """The page's HTML without what differs between two requests for the same document."""
    text = VARYING.sub(r'\1""', html).replace(str(user), "").replace(user.email, "")
    return hashlib.sha256(text.encode()).hexdigest()


def pages_for(client, organisation: Organisation, user) -> dict[str, str]:
    """URL -> fingerprint of every HTML page the client's user gets, in URL order."""
    return {
        url: page.fingerprint for url, page in rendered_pages(client, organisation, user).items()
    }


def rendered_pages(client, organisation: Organisation, user) -> dict[str, Rendered]:
    """URL -> every HTML page the client's user gets, as rendered, in URL order."""
    pages: dict[str, Rendered] = {}
    for pattern, name, _callback in [*SCOPED, *GLOBAL]:
        url = reverse(name, kwargs=fill_kwargs(pattern, organisation))
        response = client.get(url)
        is_page = response.status_code == 200 and response["Content-Type"].startswith("text/html")
        if is_page and not response.get("Content-Disposition", "").startswith("attachment"):
            headers = {key: value for key, value in response.items() if key != "Set-Cookie"}
            pages[url] = Rendered(
                fingerprint(response.content.decode(), user),
                response.status_code,
                headers,
                response.content,
            )
    return dict(sorted(pages.items()))


def shared_folder(tmp_path_factory) -> Path:
    """A folder of this run that every test process of the run sees."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the workers' temporary folders share their parent
    folder = root / "accessibility-crawl"
    folder.mkdir(exist_ok=True)
    return folder


def claim(folder: Path, width: int, print_: str) -> bool:
    """Whether this test is the first of the run to check the document at ``width``."""
    try:
        os.close(os.open(folder / f"{width}-{print_}", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


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


def serve_rendered(context, base_url: str, pages: dict[str, Rendered]) -> None:
    """Let the browser get ``pages`` as rendered; the files they load come from the server
    (kept in memory after the first request, as the browser's cache would)."""
    documents = {f"{base_url}{url}": rendered for url, rendered in pages.items()}
    static = f"{base_url}{settings.STATIC_URL}"
    cached: dict[str, object] = {}

    def handle(route) -> None:
        url = route.request.url
        if route.request.method == "GET" and url in documents:
            rendered = documents[url]
            route.fulfill(status=rendered.status, headers=rendered.headers, body=rendered.body)
        elif route.request.method == "GET" and url.startswith(static):
            if url not in cached:
                cached[url] = route.fetch()
            route.fulfill(response=cached[url])
        else:
            route.continue_()

    context.route("**/*", handle)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_is_accessible(role, width, browser, live_server, fresh_demo, tmp_path_factory):
    from django.contrib.auth import get_user_model

    voorbeeld = Organisation.objects.get(slug="voorbeeld")
    folder = shared_folder(tmp_path_factory)
    findings = Findings()
    user = get_user_model().objects.get(email=ROLES[role])
    client = client_for_user(user)
    pages = rendered_pages(client, voorbeeld, user)
    assert pages, f"{role} gets no page at all"
    context = browser.new_context(locale="nl-NL")
    context.add_init_script(AXE_INIT_SCRIPT)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    serve_rendered(context, live_server.url, pages)
    page, errors = new_checked_page(context)
    for url, rendered in pages.items():
        if not claim(folder, width, rendered.fingerprint):
            continue
        check_page(page, f"{live_server.url}{url}", width, findings, errors)
        findings.pages += 1
    context.close()
    assert not findings.problems, (
        f"{len(findings.problems)} problems on {findings.pages} pages as {role} at {width}px:\n"
        + "\n".join(findings.problems)
    )
