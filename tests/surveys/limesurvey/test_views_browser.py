"""The LimeSurvey import page in headless Chromium: upload, report, confirm; axe at a
phone's and a desktop's width, no sideways scrolling."""

from __future__ import annotations

import pytest

from tests.accessibility import axe_violations
from tests.browser_login import log_in
from tests.test_accessibility_crawl import WIDEST_ELEMENT

from .conftest import FIXTURES

pytestmark = [pytest.mark.browser]


def check(page, width: int) -> list[str]:
    page.set_viewport_size({"width": width, "height": 900})
    problems = [
        f"{v['id']} ({v['impact']})"
        for v in axe_violations(page)
        if v["impact"] in ("serious", "critical") or v["id"] in ("heading-order", "region")
    ]
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow > 0:
        culprit = page.evaluate(WIDEST_ELEMENT)
        problems.append(f"scrolls sideways by {overflow}px at {width} ({culprit})")
    return problems


def test_upload_report_confirm_in_the_browser(browser, live_server, fresh_demo):
    login = next(x for x in fresh_demo.logins if x.role == "coordinator")
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    log_in(page, base, login.email, login.password)
    page.wait_for_url(f"{base}/o/voorbeeld/")

    page.goto(f"{base}/o/voorbeeld/vragenlijsten/limesurvey/")
    assert check(page, 375) + check(page, 1280) == []
    page.get_by_label("LimeSurvey-bestand (.lss)").set_input_files(
        str(FIXTURES / "all_types_6x.lss")
    )
    page.get_by_role("button", name="Bekijken wat wordt overgenomen").click()
    page.wait_for_load_state()
    assert page.locator("#lss-not-imported").is_visible()
    assert check(page, 375) + check(page, 1280) == []
    page.get_by_role("button", name="Vragenlijst maken").click()
    page.wait_for_load_state()
    assert "is uit LimeSurvey overgenomen" in page.content()
    assert errors == []
    context.close()
