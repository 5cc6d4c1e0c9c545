"""The awareness planner: counts only, the cadence, the action overview, reminders."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from weerbaar.awareness import reminders, services
from weerbaar.awareness.forms import HeldForm
from weerbaar.awareness.models import AwarenessSession, SentAwarenessReminder
from weerbaar.awareness.services import SessionPlan

pytestmark = pytest.mark.django_db


def aware(y: int, m: int, d: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(y, m, d, 8, 0))


@pytest.fixture
def session(voorbeeld, user_for):
    return services.plan_session(
        voorbeeld,
        SessionPlan("raad", "Ondermijning voor de nieuwe raad", 12, datetime.date(2027, 3, 1)),
        user=user_for("coordinator"),
    )


def test_attendance_is_kept_as_counts_never_names():
    text_fields = {
        f.name
        for f in AwarenessSession._meta.get_fields()
        if isinstance(f, (models.CharField, models.TextField))
    }
    assert text_fields == {"title", "target_group"}
    assert not any(
        f.related_model and f.related_model._meta.model_name == "user"
        for f in AwarenessSession._meta.get_fields()
        if f.name != "created_by" and f.is_relation
    )
    assert set(HeldForm.base_fields) == {"held_date", "invited_count", "attendance_count"}


def test_recording_a_session_plans_the_next_one_from_the_cadence(session, user_for):
    following = services.record_held(
        session,
        held_date=datetime.date(2027, 3, 3),
        attendance_count=21,
        invited_count=33,
        user=user_for("coordinator"),
        now=aware(2027, 3, 4),
    )
    session.refresh_from_db()
    assert (session.attendance_count, session.invited_count) == (21, 33)
    assert following is not None
    assert following.planned_date == datetime.date(2028, 3, 3)
    assert following.follows == session and not following.is_held


def test_impossible_counts_and_future_dates_are_refused(session, user_for):
    with pytest.raises(ValidationError) as exc:
        services.record_held(
            session,
            held_date=datetime.date(2027, 3, 3),
            attendance_count=40,
            invited_count=33,
            user=user_for("coordinator"),
            now=aware(2027, 3, 4),
        )
    assert "attendance_count" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.record_held(
            session,
            held_date=datetime.date(2027, 4, 1),
            attendance_count=3,
            user=user_for("coordinator"),
            now=aware(2027, 3, 4),
        )
    assert "held_date" in exc.value.message_dict
    session.refresh_from_db()
    assert not session.is_held


def test_the_held_page_shows_errors_and_keeps_what_was_typed(session, client_for):
    url = reverse("awareness:held", kwargs={"org": "voorbeeld", "awarenesssession_id": session.pk})
    response = client_for("coordinator").post(
        url, {"held_date": "2026-01-05", "invited_count": "10", "attendance_count": "12"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "niet meer mensen aanwezig" in body
    assert 'value="12"' in body


def test_due_and_overdue_sessions_appear_in_the_action_overview(client_for, voorbeeld):
    body = (
        client_for("secretaris")
        .get(reverse("actions:overview", kwargs={"org": "voorbeeld"}))
        .content.decode()
    )
    # From the demo: one session due within two weeks, one overdue.
    assert "Signalen herkennen bij vergunningen en inkoop" in body
    assert "Leidinggeven aan een weerbare organisatie" in body
    assert "Bewustwordingssessie" in body
    # A session far in the future is not (yet) on the overview.
    assert "Bestuurlijke weerbaarheid van het college" not in body


def test_readers_see_the_planner_but_do_not_plan(client_for):
    lezer = client_for("lezer")
    assert lezer.get(reverse("awareness:planner", kwargs={"org": "voorbeeld"})).status_code == 200
    assert lezer.get(reverse("awareness:create", kwargs={"org": "voorbeeld"})).status_code == 403


def test_another_municipality_gets_nothing(session, client_for):
    other = client_for("oosterveld")
    for name in ("awareness:edit", "awareness:held"):
        url = reverse(name, kwargs={"org": "oosterveld", "awarenesssession_id": session.pk})
        assert other.get(url).status_code == 404
        assert (
            other.post(url, {"held_date": "2026-01-01", "attendance_count": "1"}).status_code == 404
        )
    session.refresh_from_db()
    assert not session.is_held


def test_planning_over_the_page_with_material_from_the_library(client_for, voorbeeld):
    from weerbaar.practices.models import Practice

    material = Practice.objects.get(title__startswith="Bewustwordingssessie voor nieuwe")
    response = client_for("coordinator").post(
        reverse("awareness:create", kwargs={"org": "voorbeeld"}),
        {
            "target_group": "college",
            "title": "Sessie met het college",
            "cadence_months": "6",
            "planned_date": "2027-05-01",
            "materials": [str(material.pk)],
        },
    )
    assert response.status_code == 302
    created = AwarenessSession.objects.get(title="Sessie met het college")
    assert list(created.materials.all()) == [material]


def test_a_draft_of_another_municipality_is_no_material(voorbeeld, user_for, oosterveld):
    from weerbaar.practices.services import PracticeData, create_practice

    hidden = create_practice(
        oosterveld,
        PracticeData(kind="bewustwording", title="Intern", summary="Nog niet gedeeld."),
        user=user_for("oosterveld"),
    )
    with pytest.raises(ValidationError):
        services.plan_session(
            voorbeeld,
            SessionPlan("raad", "Raad", 12, datetime.date(2027, 1, 1), [hidden]),
            user=user_for("coordinator"),
        )


# ----------------------------------------------------------------------------- reminders


def test_reminders_with_a_frozen_clock(voorbeeld, user_for):
    AwarenessSession.objects.all().delete()
    coordinator = user_for("coordinator")
    soon = services.plan_session(
        voorbeeld,
        SessionPlan("leidinggevenden", "Sessie leidinggevenden", 12, datetime.date(2027, 6, 20)),
        user=coordinator,
    )
    mail.outbox.clear()
    # Too early: nothing.
    assert reminders.run_pass(now=aware(2027, 6, 1)).sent == 0
    # Two weeks before: one reminder to the coordinator and the secretaris, once.
    result = reminders.run_pass(now=aware(2027, 6, 6))
    assert result.sent == 1
    assert "binnenkort" in mail.outbox[0].subject
    assert set(mail.outbox[0].to) == {"coordinator@voorbeeld.demo", "secretaris@voorbeeld.demo"}
    assert reminders.run_pass(now=aware(2027, 6, 7)).sent == 0
    # After the date, not recorded as held: one overdue reminder.
    result = reminders.run_pass(now=aware(2027, 6, 21))
    assert result.sent == 1 and "niet vastgelegd" in mail.outbox[1].subject
    assert reminders.run_pass(now=aware(2027, 6, 28)).sent == 0
    # Held: no more reminders for it.
    services.record_held(
        soon,
        held_date=datetime.date(2027, 6, 20),
        attendance_count=8,
        user=coordinator,
        now=aware(2027, 6, 28),
    )
    assert reminders.run_pass(now=aware(2027, 7, 1)).sent == 0
    assert SentAwarenessReminder.objects.filter(session=soon).count() == 2


def test_a_failed_send_is_retried(voorbeeld, user_for, monkeypatch):
    AwarenessSession.objects.all().delete()
    services.plan_session(
        voorbeeld,
        SessionPlan("raad", "Raad", 12, datetime.date(2027, 6, 20)),
        user=user_for("coordinator"),
    )

    def refuse(self, *args, **kwargs):
        raise OSError("unreachable")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    result = reminders.run_pass(now=aware(2027, 6, 10))
    assert (result.sent, result.failed) == (0, 1)
    # The claim stays, unconfirmed: a later pass retries it.
    assert SentAwarenessReminder.objects.get().sent_at is None
    monkeypatch.undo()
    assert reminders.run_pass(now=aware(2027, 6, 10) + datetime.timedelta(hours=1)).sent == 1
    assert reminders.run_pass(now=aware(2027, 6, 11)).sent == 0
    assert SentAwarenessReminder.objects.get().sent_at is not None


def test_the_worker_runs_the_awareness_job():
    from weerbaar.maintenance.scheduler import SCHEDULED_JOBS

    assert "awareness" in SCHEDULED_JOBS
