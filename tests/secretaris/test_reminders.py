"""Agenda reminders over real SMTP (a local aiosmtpd server) with a frozen clock: one
e-mail to the gemeentesecretaris per due date, from the reminder window on, never twice."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import make_organisation, make_user
from tests.smtp import free_port, local_smtp
from weerbaar.maintenance.scheduler import SCHEDULED_JOBS
from weerbaar.organisations.models import Role
from weerbaar.secretaris.models import AgendaItem, Cadence, SentAgendaReminder, WorkspaceSettings
from weerbaar.secretaris.reminders import run_reminders

pytestmark = pytest.mark.django_db

MEETING = datetime.date(2027, 1, 11)
DUE = MEETING + datetime.timedelta(weeks=13)  # 2027-04-12


def aware(y: int, m: int, d: int, hour: int = 7) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(y, m, d, hour))


@pytest.fixture
def smtp(settings):
    with local_smtp(settings) as handler:
        yield handler


@pytest.fixture
def org(db):
    org = make_organisation()
    make_user("gs@testdorp.test", role=Role.SECRETARIS, organisation=org)
    make_user("coord@testdorp.test", role=Role.COORDINATOR, organisation=org)
    WorkspaceSettings.objects.create(
        organisation=org, cadence_weeks=Cadence.QUARTERLY, remind_days_before=14
    )
    AgendaItem.objects.create(organisation=org, title="Ondermijning", meeting_date=MEETING)
    return org


def test_one_reminder_from_the_window_on(smtp, org):
    assert run_reminders(now=aware(2027, 3, 28), organisations=[org]).sent == 0
    assert smtp.messages == []

    result = run_reminders(now=aware(2027, 3, 29), organisations=[org])  # 14 days before
    assert result.sent == 1
    assert len(smtp.messages) == 1
    to, message = smtp.messages[0]
    assert to == ["gs@testdorp.test"]
    assert "12 april 2027" in message["Subject"]
    assert f"/o/{org.slug}/secretaris/agenda/" in message.get_content()

    # Later passes (also after the due date) do not send it again.
    for day in (30, 31):
        assert run_reminders(now=aware(2027, 3, day), organisations=[org]).sent == 0
    assert run_reminders(now=aware(2027, 4, 20), organisations=[org]).sent == 0
    assert len(smtp.messages) == 1


def test_the_next_item_moves_the_due_date(smtp, org):
    run_reminders(now=aware(2027, 3, 29), organisations=[org])
    AgendaItem.objects.create(organisation=org, title="Ondermijning Q2", meeting_date=DUE)
    assert run_reminders(now=aware(2027, 4, 20), organisations=[org]).sent == 0
    next_due = DUE + datetime.timedelta(weeks=13)
    result = run_reminders(now=aware(2027, 6, 28), organisations=[org])
    assert next_due - datetime.timedelta(days=14) <= datetime.date(2027, 6, 28)
    assert result.sent == 1
    assert len(smtp.messages) == 2


def test_a_failed_delivery_is_retried(settings, org):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens here
    result = run_reminders(now=aware(2027, 3, 30), organisations=[org])
    assert result.failed == 1
    assert SentAgendaReminder.objects.get(organisation=org).sent_at is None  # retried later
    with local_smtp(settings) as handler:
        assert run_reminders(now=aware(2027, 3, 31), organisations=[org]).sent == 1
        assert len(handler.messages) == 1


def test_registered_as_a_worker_job_and_a_command(smtp, org):
    assert "agenda-reminders" in SCHEDULED_JOBS
    out = StringIO()
    call_command("gs", "remind", "--now", "2027-03-30T08:00:00", stdout=out)
    assert "Agenda reminders:" in out.getvalue()
    assert SentAgendaReminder.objects.filter(organisation=org, due_on=DUE).exists()
