"""Retention runs from the background worker on a schedule, without anyone opening a page."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from weerbaar.accounts.models import PasswordResetRequest
from weerbaar.maintenance import scheduler
from weerbaar.maintenance.models import JobRun
from weerbaar.surveys import services
from weerbaar.surveys.models import SurveyStatus

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2027, 5, 3, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def frozen(monkeypatch):
    """A clock that stands still at the moment the test sets (``frozen.at(...)``)."""

    class Clock:
        now = T0

        def at(self, moment: datetime.datetime) -> None:
            self.now = moment

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


@pytest.fixture
def closing_survey(baseline_scan, frozen):
    questionnaire = services.install_shipped_questionnaires()[0]
    survey = services.create_survey(
        scan=baseline_scan, questionnaire=questionnaire, title="Sluit vanzelf"
    )
    survey = services.open_survey(survey)
    survey.closes_at = T0 + datetime.timedelta(days=14)
    survey.save()
    for name in ("anna", "bram"):
        services.new_invitation(survey, email=f"{name}@voorbeeld.nl")
    return survey


def test_a_worker_pass_deletes_the_addresses_of_a_survey_past_its_closing_time(
    closing_survey, frozen
):
    call_command("reminders", "run", stdout=StringIO())
    assert closing_survey.invitations.exclude(email=None).count() == 2  # not yet due

    frozen.at(T0 + datetime.timedelta(days=14, minutes=1))
    out = StringIO()
    call_command("reminders", "run", stdout=out)  # no page visit: only the worker's pass

    closing_survey.refresh_from_db()
    assert closing_survey.status == SurveyStatus.CLOSED
    assert closing_survey.invitations.exclude(email=None).count() == 0
    assert closing_survey.invitations.count() == 2
    assert "1 closed" in out.getvalue()


def test_a_job_runs_when_its_interval_has_passed_and_not_before(db):
    runs: list[datetime.datetime] = []

    def job(now: datetime.datetime) -> str:
        runs.append(now)
        return "ran"

    scheduler.register_job("test-daily", scheduler.ScheduledJob(job, datetime.timedelta(days=1)))
    try:
        keys = [o.key for o in scheduler.run_due(T0)]
        assert "test-daily" in keys and runs == [T0]
        scheduler.run_due(T0 + datetime.timedelta(hours=23))
        assert runs == [T0]
        scheduler.run_due(T0 + datetime.timedelta(days=1))
        assert runs == [T0, T0 + datetime.timedelta(days=1)]
        assert JobRun.objects.get(key="test-daily").last_summary == "ran"
    finally:
        scheduler.SCHEDULED_JOBS.unregister("test-daily")


def test_a_failed_job_is_retried_on_the_next_pass(db):
    calls = []

    def flaky(now: datetime.datetime) -> str:
        calls.append(now)
        if len(calls) == 1:
            raise OSError("mail server away")
        return "ok"

    scheduler.register_job("test-flaky", scheduler.ScheduledJob(flaky, datetime.timedelta(days=1)))
    try:
        with pytest.raises(OSError):
            scheduler.run_due(T0)
        assert not JobRun.objects.filter(key="test-flaky").exists()
        scheduler.run_due(T0 + datetime.timedelta(minutes=15))
        assert len(calls) == 2
    finally:
        scheduler.SCHEDULED_JOBS.unregister("test-flaky")


def test_the_worker_removes_expired_sessions_and_old_reset_requests_on_schedule(frozen):
    store = SessionStore()
    store.set_expiry(60)
    store.create()
    old = PasswordResetRequest.objects.create(address_digest="a" * 64, account_digest="b" * 64)
    PasswordResetRequest.objects.filter(pk=old.pk).update(created_at=T0)

    frozen.at(T0 + datetime.timedelta(days=2))
    call_command("reminders", "worker", "--interval", "1", "--max-passes", "1", stdout=StringIO())

    assert not Session.objects.filter(session_key=store.session_key).exists()
    assert not PasswordResetRequest.objects.filter(pk=old.pk).exists()
    assert JobRun.objects.get(key="expired-sessions").last_finished_at == frozen.now


def test_every_job_the_worker_runs_is_documented():
    from pathlib import Path

    operations = (Path(__file__).parents[2] / "docs" / "operations.md").read_text()
    for key in scheduler.SCHEDULED_JOBS:
        assert f"`{key}`" in operations, key


def test_jobs_lists_the_schedule_and_checks_that_the_worker_runs(frozen):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="has not finished a pass"):
        call_command("jobs", "--check", "1800")
    call_command("reminders", "run", stdout=StringIO())
    out = StringIO()
    call_command("jobs", "--check", "1800", stdout=out)
    assert "worker pass finished" in out.getvalue()
    frozen.at(T0 + datetime.timedelta(hours=1))
    with pytest.raises(CommandError, match="has not finished a pass"):
        call_command("jobs", "--check", "1800")
    listing = StringIO()
    call_command("jobs", stdout=listing)
    assert "survey-field-work" in listing.getvalue() and "every 1 day" in listing.getvalue()
