"""E-mail reminders for the next ondermijning item on the college agenda.

One reminder per organisation and due date: when the next item is due (one cadence after the
last meeting, see :func:`agenda.next_due`) within the organisation's reminder window, the
gemeentesecretaris gets an e-mail. The reminder is claimed before it is sent, so a pass that
runs twice sends it once; a failed delivery releases the claim for the next pass.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from weerbaar.organisations.models import Organisation, Role

from .agenda import next_due
from .models import AgendaItem, SentAgendaReminder, WorkspaceSettings

logger = logging.getLogger(__name__)


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


def _claim(organisation: Organisation, due: datetime.date) -> SentAgendaReminder | None:
    try:
        with transaction.atomic():
            return SentAgendaReminder.objects.create(organisation=organisation, due_on=due)
    except IntegrityError:
        return None


def _message(organisation: Organisation, due: datetime.date, to: list[str]) -> EmailMessage:
    url = settings.BASE_URL + reverse("secretaris:agenda", kwargs={"org": organisation.slug})
    context = {"organisation": organisation, "due": date_format(due, "DATE_FORMAT"), "url": url}
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Ondermijning op de collegeagenda: volgend agendapunt op %(date)s") % {
            "date": context["due"]
        }
        body = render_to_string("secretaris/email/agenda_reminder.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to)


def run_reminders(now: datetime.datetime | None = None, organisations=None) -> ReminderResult:
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
        claim = _claim(organisation, due)
        if claim is None:
            continue
        try:
            _message(organisation, due, to).send()
        except (smtplib.SMTPException, OSError):
            logger.exception("Agenda reminder for %s could not be sent; will retry", organisation)
            SentAgendaReminder.objects.filter(pk=claim.pk).delete()
            result.failed += 1
            continue
        SentAgendaReminder.objects.filter(pk=claim.pk).update(sent_at=now)
        result.sent += 1
    return result
