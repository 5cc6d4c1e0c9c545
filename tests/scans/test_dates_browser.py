"""Every form with a date, opened and saved in a real browser without touching it, keeps its
dates: a date input shows only ISO values, so a locale-formatted value would be lost."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.browser_login import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, fresh_demo):
    return live_server.url, fresh_demo


def login(page, base: str) -> None:
    log_in(page, base, "coordinator@voorbeeld.demo", "demo-coordinator")
    page.wait_for_url(f"{base}/o/voorbeeld/")


def save_untouched(page, url: str, button: str) -> None:
    page.goto(url)
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()
    assert not page.locator(".field-error, .errorlist").count(), page.content()[:2000]


def test_saving_every_date_form_untouched_keeps_the_dates(page, site):
    from weerbaar.actions.models import Action
    from weerbaar.scans.models import Scan
    from weerbaar.surveys import services as survey_services
    from weerbaar.surveys.models import Survey, SurveyStatus

    base, ctx = site
    login(page, base)
    org = f"{base}/o/voorbeeld"

    # An action with a due date.
    action = Action.objects.exclude(due_date=None).order_by("pk").first()
    due = action.due_date
    save_untouched(page, f"{org}/acties/{action.pk}/bewerken/", "Opslaan")
    action.refresh_from_db()
    assert action.due_date == due

    # The scan itself.
    scan = ctx.objects["scan_baseline"]
    start, end = scan.period_start, scan.period_end
    save_untouched(page, f"{org}/scans/{scan.pk}/bewerken/", "Opslaan")
    scan.refresh_from_db()
    assert (scan.period_start, scan.period_end) == (start, end)

    # The repeat-scan form: its pre-filled dates reach the new scan.
    before = set(Scan.objects.values_list("pk", flat=True))
    page.goto(f"{org}/scans/{scan.pk}/herhaalmeting/")
    shown = page.get_by_label("Begin periode").input_value()
    assert shown, "the pre-filled start date is shown"
    with page.expect_navigation():
        page.get_by_role("button", name="Herhaalmeting starten").click()
    new = Scan.objects.exclude(pk__in=before).get()
    assert new.period_start == datetime.date.fromisoformat(shown)
    assert new.period_end > new.period_start

    # The field period of a survey (date and time).
    survey = Survey.objects.filter(status=SurveyStatus.DRAFT).order_by("pk").first()
    opens = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=3)
    survey_services.change_period(survey, opens, opens + datetime.timedelta(days=14))
    survey.refresh_from_db()
    period = (survey.opens_at, survey.closes_at)
    save_untouched(page, f"{org}/enquetes/{survey.pk}/periode/", "Opslaan")
    survey.refresh_from_db()
    assert (survey.opens_at, survey.closes_at) == period
