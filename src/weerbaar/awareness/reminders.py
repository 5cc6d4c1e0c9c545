"""Reminders for awareness sessions over SMTP (Django's mail), run by the background worker.

A session not yet held gets one reminder :data:`DAYS_BEFORE` days before its planned date and
one when the date has passed. Each reminder is claimed in :class:`SentAwarenessReminder`
(unique per session, kind and planned date) *before* it is sent, through
:mod:`weerbaar.core.reminders`, so two passes never send it twice; a failed send stays
unconfirmed and a later pass retries it. Recipients are the
organisation's coordinators and gemeentesecretaris.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from weerbaar.core import reminders as delivery
from weerbaar.organisations.models import Membership, Role

from .models import AwarenessSession, ReminderKind, SentAwarenessReminder

DAYS_BEFORE = 14
RECIPIENT_ROLES = (Role.COORDINATOR, Role.SECRETARIS)


@dataclass
class PassResult:
    sent: int = 0
    failed: int = 0
    skipped: int = 0


def reminder_kind(session: AwarenessSession, today: datetime.date) -> str | None:
    if session.held_date is not None:
        return None
    if session.planned_date < today:
        return ReminderKind.OVERDUE
    if (session.planned_date - today).days <= DAYS_BEFORE:
        return ReminderKind.DUE
    return None


def recipients(session: AwarenessSession) -> list:
    memberships = Membership.objects.filter(
        organisation_id=session.organisation_id,
        role__in=RECIPIENT_ROLES,
        user__is_active=True,
    ).select_related("user")
    users = {m.user.pk: m.user for m in memberships if m.user.email}
    return sorted(users.values(), key=lambda u: u.email)


def _message(session: AwarenessSession, kind: str, today: datetime.date) -> tuple[str, str]:
    path = reverse(
        "awareness:held",
        kwargs={"org": session.organisation.slug, "awarenesssession_id": session.pk},
    )
    context = {
        "session": session,
        "organisation": session.organisation,
        "kind": kind,
        "days_left": (session.planned_date - today).days,
        "url": f"{settings.BASE_URL}{path}",
    }
    subject = render_to_string("awareness/email/reminder_subject.txt", context).strip()
    body = render_to_string("awareness/email/reminder_body.txt", context)
    return subject, body


def run_pass(
    now: datetime.datetime | None = None, connection: BaseEmailBackend | None = None
) -> PassResult:
    """Send every awareness reminder due at ``now`` that was not sent before. Idempotent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = PassResult()
    horizon = today + datetime.timedelta(days=DAYS_BEFORE)
    sessions = AwarenessSession.objects.filter(
        held_date__isnull=True, planned_date__lte=horizon
    ).select_related("organisation")
    for session in sessions.order_by("planned_date", "pk"):
        kind = reminder_kind(session, today)
        if kind is None:
            continue
        users = recipients(session)
        if not users:
            result.skipped += 1
            continue
        key = {"session": session, "kind": kind, "planned_date": session.planned_date}
        claim = delivery.claim(SentAwarenessReminder, key, now)
        if claim is None:
            continue
        with translation.override(delivery.language_of(users)):
            subject, body = _message(session, kind, today)
        message = EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[u.email for u in users],
        )
        if delivery.deliver(claim, message, now, connection):
            result.sent += 1
        else:
            result.failed += 1
    return result


def unconfirmed_claims(now: datetime.datetime | None = None) -> QuerySet[SentAwarenessReminder]:
    """Claims still unconfirmed after the retry delay: failing, or no longer due."""
    return delivery.unconfirmed_claims(SentAwarenessReminder, now)
