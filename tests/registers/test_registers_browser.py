"""The registers in a real browser: accessible pages and the live score preview (htmx)."""

from __future__ import annotations

import pytest

from tests.accessibility import axe_violations, describe
from tests.browser_login import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(live_server, fresh_demo):
    return live_server.url, fresh_demo


def login(page, base: str, email: str, password: str) -> None:
    log_in(page, base, email, password)
    page.wait_for_url(f"{base}/o/voorbeeld/")


def test_register_pages_are_accessible_and_the_score_updates_live(page, demo_site):
    base, ctx = demo_site
    scan = ctx.objects["scan_baseline"]
    login(page, base, "coordinator@voorbeeld.demo", "demo-coordinator")
    root = f"{base}/o/voorbeeld/scans/{scan.pk}"

    for path in (
        "processen/",
        "functies/",
        "kwetsbaarheidsprofiel/",
        "functies/nieuw/",
        "processen/matrix/",
    ):
        page.goto(f"{root}/{path}")
        violations = axe_violations(page)
        assert not violations, f"{path}: {describe(violations)}"

    page.goto(f"{root}/processen/")
    page.get_by_role("link", name="Betaling facturen zorgaanbieders").click()
    violations = axe_violations(page)
    assert not violations, describe(violations)
    preview = page.locator("#score-preview")
    before = preview.inner_text()
    page.get_by_label("Vier-ogenprincipe", exact=True).select_option("effective")
    page.wait_for_function(
        "before => document.querySelector('#score-preview').innerText !== before", arg=before
    )
    assert "Aantoonbaar effectief" in preview.inner_text()
    page.get_by_role("button", name="Opslaan", exact=True).click()
    assert page.get_by_text("is opgeslagen").is_visible()


def test_criteria_grid_saves_a_cell_without_reloading(page, demo_site):
    base, ctx = demo_site
    scan = ctx.objects["scan_baseline"]
    login(page, base, "coordinator@voorbeeld.demo", "demo-coordinator")
    page.goto(f"{base}/o/voorbeeld/scans/{scan.pk}/processen/matrix/")
    entry = scan.process_entries.get(library_process_id="PR-financiele-transacties")
    cell = page.locator(f"#matrix-score-{entry.pk}")
    before = cell.inner_text()
    page.select_option(f"#id_c-{entry.pk}-VC8", "3")
    page.wait_for_function(
        "([sel, before]) => document.querySelector(sel).innerText !== before",
        arg=[f"#matrix-score-{entry.pk}", before],
    )
    assert entry.criterion_scores.get(criterion_id="VC8").score == 3
