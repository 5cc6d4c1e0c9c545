"""E-mail reminders for the next ondermijning item on the college agenda.

One reminder per organisation and due date: when the next item is due (one cadence after the
last meeting, see :func:`agenda.next_due`) within the organisation's reminder window, the
gemeentesecretaris gets an e-mail. The reminder is claimed before it is sent
(:mod:`weerbaar.core.reminders`), so a pass that runs twice sends it once; a failed delivery
stays unconfirmed and a later pass retries it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from weerbaar.core import reminders as delivery
from weerbaar.organisations.models import Organisation, Role

from .agenda import next_due
from .models import AgendaItem, SentAgendaReminder, WorkspaceSettings


@dataclass
class ReminderResult:
    sent: int = 0
    failed: int = 0
    skipped: int = 0


def secretaries(organisation: Organisation) -> list:
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__organisation=organisation,
            memberships__role=Role.SECRETARIS,
        )
        .distinct()
        .order_by("pk")
    )


def _organisations() -> list[Organisation]:
    with_items = AgendaItem.objects.values_list("organisation_id", flat=True)
    with_settings = WorkspaceSettings.objects.values_list("organisation_id", flat=True)
    ids = set(with_items) | set(with_settings)
    return list(Organisation.objects.filter(pk__in=ids).order_by("pk"))


def _message(organisation: Organisation, due: datetime.date, to: list[str]) -> EmailMessage:
    url = settings.BASE_URL + reverse("secretaris:agenda", kwargs={"org": organisation.slug})
    context = {"organisation": organisation, "due": date_format(due, "DATE_FORMAT"), "url": url}
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Ondermijning op de collegeagenda: volgend agendapunt op %(date)s") % {
            "date": context["due"]
        }
        body = render_to_string("secretaris/email/agenda_reminder.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to)


def run_reminders(
    now: datetime.datetime | None = None,
    organisations=None,
    connection: BaseEmailBackend | None = None,
) -> ReminderResult:
    """Send every agenda reminder that is due at ``now`` and not sent before. Idempotent.

    ``organisations`` limits the pass (default: every organisation that uses the agenda).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = ReminderResult()
    for organisation in organisations if organisations is not None else _organisations():
        workspace = WorkspaceSettings.objects.filter(organisation=organisation).first()
        window = workspace.remind_days_before if workspace else 14
        if not AgendaItem.objects.filter(organisation=organisation).exists():
            continue  # the first item is the secretaris' own start, not a reminder's
        due = next_due(organisation, today)
        if today < due - datetime.timedelta(days=window):
            continue
        to = [u.email for u in secretaries(organisation) if u.email]
        if not to:
            result.skipped += 1
            continue
        key = {"organisation": organisation, "due_on": due}
        claim = delivery.claim(SentAgendaReminder, key, now)
        if claim is None:
            continue
        if delivery.deliver(claim, _message(organisation, due, to), now, connection):
            result.sent += 1
        else:
            result.failed += 1
    return result


def unconfirmed_claims(now: datetime.datetime | None = None) -> QuerySet[SentAgendaReminder]:
    """Claims still unconfirmed after the retry delay: failing, or no longer due."""
    return delivery.unconfirmed_claims(SentAgendaReminder, now)
