"""The follow-up pages in a real browser, checked with axe-core (WCAG 2.1 A/AA)."""

from __future__ import annotations

import pytest

from tests.accessibility import axe_violations, describe
from tests.browser_login import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, fresh_demo):
    return live_server.url, fresh_demo


def login(page, base: str, email: str, password: str) -> None:
    log_in(page, base, email, password)
    page.wait_for_url(f"{base}/o/voorbeeld/")


def assert_accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{where}: {describe(violations)}"


def test_secretaris_follows_up_without_accessibility_violations(page, site):
    base, ctx = site
    login(page, base, "secretaris@voorbeeld.demo", "demo-secretaris")
    page.goto(f"{base}/o/voorbeeld/acties/overzicht/")
    assert page.get_by_role("heading", name="Overzicht opvolging").is_visible()
    assert_accessible(page, "overview")

    page.goto(f"{base}/o/voorbeeld/acties/")
    assert_accessible(page, "action plan")
    page.get_by_label("Status").select_option("bezig")
    page.get_by_role("button", name="Filter toepassen").click()
    assert "status=bezig" in page.url

    action = next(a for a in ctx.objects["actions"] if a.status == "open")
    page.goto(f"{base}/o/voorbeeld/acties/{action.pk}/")
    assert_accessible(page, "action detail")
    # Dropping without a reason: a clear message, the note kept.
    page.get_by_label("Nieuwe status").select_option("vervallen")
    page.locator("#id_status-note").fill("Mijn toelichting")
    page.get_by_role("button", name="Status opslaan").click()
    assert "Geef een reden" in page.get_by_role("alert").first.inner_text()
    assert page.locator("#id_status-note").input_value() == "Mijn toelichting"
    assert_accessible(page, "action detail with errors")

    # A new action due yesterday: a clear message, the title kept.
    baseline = ctx.objects["scan_baseline"]
    page.goto(f"{base}/o/voorbeeld/scans/{baseline.pk}/acties/nieuw/")
    assert_accessible(page, "new action form")
    page.get_by_label("Titel").fill("Training signalen herkennen")
    page.get_by_label("Streefdatum").fill("2001-01-01")
    page.get_by_role("button", name="Opslaan").click()
    assert "ligt in het verleden" in page.get_by_role("alert").first.inner_text()
    assert page.get_by_label("Titel").input_value() == "Training signalen herkennen"
    assert_accessible(page, "new action form with errors")

    repeat = ctx.objects["scan_repeat"]
    page.goto(f"{base}/o/voorbeeld/scans/{repeat.pk}/vergelijking/")
    assert page.get_by_role("heading", name="Vergelijking met de vorige scan").is_visible()
    assert_accessible(page, "comparison")

    page.goto(f"{base}/o/voorbeeld/voortgang/")
    assert_accessible(page, "progress reports")

    # A third scan: the comparison page then shows the trend charts.
    import datetime

    from weerbaar.actions.repeat import start_repeat_scan

    third = start_repeat_scan(
        repeat,
        title="Derde scan",
        period_start=repeat.period_start + datetime.timedelta(days=365),
        period_end=repeat.period_end + datetime.timedelta(days=365),
    ).scan
    page.goto(f"{base}/o/voorbeeld/scans/{third.pk}/vergelijking/")
    assert page.locator("svg[role=img]").count() == 2
    assert_accessible(page, "trend charts")


def test_actiehouder_sees_own_actions(page, site):
    base, _ctx = site
    login(page, base, "actiehouder@voorbeeld.demo", "demo-actiehouder")
    page.goto(f"{base}/o/voorbeeld/acties/mijn/")
    assert page.get_by_role("heading", name="Mijn acties").is_visible()
    own = "Integriteitsgesprek opnemen in het inwerkprogramma"
    not_own = "Ondermijning zeswekelijks op de collegeagenda"  # the gemeentesecretaris' action
    assert page.get_by_role("link", name=own).is_visible()
    assert page.get_by_role("link", name=not_own).count() == 0
    assert_accessible(page, "my actions")
