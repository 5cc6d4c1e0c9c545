"""The background worker's pass over incidents and signals: the 48-hour clock and retention.

Called by ``weerbaar reminders worker`` (and ``run``) every pass. Like every reminder
(:mod:`weerbaar.core.reminders`), each message is *claimed* (a unique :class:`SentReminder`
row, committed) before it goes to the SMTP server, so no pass and no second worker sends it
twice; a failed send stays unconfirmed and a later pass retries it.

* 24 hours after registration without recorded contact: a reminder to the handler (or, with
  no handler appointed, to the VPT coordinators);
* 48 hours: an escalation to the gemeentesecretaris (members with that role) and the VPT
  coordinators, with the handler in copy.

Mails name the incident by number and category only, with a link: case content never goes
out by mail.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from weerbaar.core import reminders as delivery
from weerbaar.core.dates import add_months
from weerbaar.organisations.models import Organisation, Role

from . import services
from .access import settings_for
from .models import (
    REMINDER_HOURS,
    CaseEvent,
    Incident,
    IncidentStep,
    RetentionAction,
    SentReminder,
    Signal,
    SignalStatus,
)
from .selectors import quarter_of


@dataclass
class PassResult:
    sent: list[tuple[int, str, list[str]]] = field(default_factory=list)  # (incident, kind, to)
    failed: int = 0
    skipped: int = 0
    anonymised: int = 0
    deleted: int = 0
    signals_anonymised: int = 0


def _users(user_ids: list[int]) -> list:
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))


def _coordinators(incident: Incident) -> list:
    return _users(settings_for(incident.organisation).coordinators)


def _secretaries(organisation: Organisation) -> list:
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


def recipients(incident: Incident, kind: str) -> list[str]:
    handler = [incident.handler] if incident.handler and incident.handler.is_active else []
    if kind == SentReminder.Kind.REMINDER:
        people = handler or _coordinators(incident)
    elif incident.restricted:
        # A restricted incident is escalated only to those who may see it.
        people = handler + _users(settings_for(incident.organisation).restricted_viewers)
    else:
        people = handler + _secretaries(incident.organisation) + _coordinators(incident)
    return sorted({u.email for u in people if u.email})


def _message(incident: Incident, kind: str, to: list[str]) -> EmailMessage:
    link = settings.BASE_URL + reverse(
        "incidents:detail", kwargs={"org": incident.organisation.slug, "incident_id": incident.pk}
    )
    with translation.override("nl"):
        context = {
            "incident": incident,
            "category": incident.get_category_display(),
            "organisation": incident.organisation.name,
            "deadline": timezone.localtime(incident.deadline),
            "link": link,
        }
        body = render_to_string(f"incidents/mail/{kind}.txt", context)
        subject = render_to_string(f"incidents/mail/{kind}_subject.txt", context).strip()
    return EmailMessage(subject=subject, body=body.strip() + "\n", to=to)


def _due(incident: Incident, now: datetime.datetime) -> list[str]:
    elapsed = now - incident.registered_at
    kinds: list[str] = []
    if elapsed >= datetime.timedelta(hours=REMINDER_HOURS) and elapsed < datetime.timedelta(
        hours=48
    ):
        kinds.append(SentReminder.Kind.REMINDER)
    if elapsed >= datetime.timedelta(hours=48):
        kinds.append(SentReminder.Kind.ESCALATION)
    return kinds


def run_clock(
    now: datetime.datetime,
    organisations: list[Organisation] | None,
    result: PassResult,
    connection: BaseEmailBackend | None = None,
) -> None:
    pending = Incident.objects.filter(
        contact_at__isnull=True, closed_at__isnull=True, anonymised=False
    ).select_related("organisation", "handler")
    if organisations is not None:
        pending = pending.filter(organisation__in=organisations)
    for incident in pending:
        for kind in _due(incident, now):
            to = recipients(incident, kind)
            if not to:
                result.skipped += 1
                continue
            claim = delivery.claim(SentReminder, {"incident": incident, "kind": kind}, now)
            if claim is None:
                continue
            if not delivery.deliver(claim, _message(incident, kind, to), now, connection):
                result.failed += 1
                continue
            CaseEvent.objects.create(
                organisation=incident.organisation, incident=incident, kind=f"clock_{kind}", at=now
            )
            result.sent.append((incident.pk, str(kind), to))


# ----------------------------------------------------------------------------- retention


def _quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def anonymise_incident(incident: Incident) -> None:
    """Keep what the statistics need (category, quarter, form, time to contact, aangifte);
    drop every person, every text and every file."""
    start = _quarter_start(incident.occurred_on)
    assert quarter_of(start) == quarter_of(incident.occurred_on)
    registered = timezone.make_aware(datetime.datetime.combine(start, datetime.time(9, 0)))
    shift = registered - incident.registered_at
    services.delete_attachment_files(incident)
    IncidentStep.objects.filter(incident=incident).update(note="", follow_up_on=None)
    for step in incident.steps.exclude(done_on__isnull=True):
        step.done_on = start
        step.save(update_fields=["done_on"])
    incident.events.all().delete()
    incident.sent_reminders.all().delete()
    incident.occurred_on = start
    incident.registered_at = registered
    incident.contact_at = incident.contact_at + shift if incident.contact_at else None
    incident.closed_at = incident.closed_at + shift if incident.closed_at else None
    incident.place = incident.victim_name = incident.perpetrator = incident.contact_note = ""
    incident.target_function = ""
    incident.description = ""
    incident.victim = incident.reporter = incident.handler = None
    incident.anonymised = True
    incident.save()


def anonymise_signal(signal: Signal) -> None:
    signal.messages.all().delete()
    signal.events.all().delete()
    signal.received_on = _quarter_start(signal.received_on)
    signal.closed_on = _quarter_start(signal.closed_on) if signal.closed_on else None
    signal.description = signal.actions_taken = signal.feedback = signal.code_hash = ""
    signal.reporter = signal.handler = None
    signal.anonymised = True
    signal.save()


def run_retention(
    now: datetime.datetime, organisations: list[Organisation] | None, result: PassResult
) -> None:
    """Closed incidents past their category's period, and closed signals past theirs."""
    orgs = organisations if organisations is not None else list(Organisation.objects.all())
    for organisation in orgs:
        conf = settings_for(organisation)
        closed = Incident.objects.filter(
            organisation=organisation,
            closed_at__isnull=False,
            anonymised=False,
        )
        for incident in closed:
            closed_at = incident.closed_at
            if closed_at is None or add_months(closed_at, conf.months_for(incident.category)) > now:
                continue
            with transaction.atomic():
                if conf.retention_action == RetentionAction.DELETE:
                    services.delete_attachment_files(incident)
                    incident.delete()
                    result.deleted += 1
                else:
                    anonymise_incident(incident)
                    result.anonymised += 1
        limit = add_months(now, -conf.signal_retention_months).date()
        old = Signal.objects.filter(
            organisation=organisation,
            status=SignalStatus.CLOSED,
            anonymised=False,
            closed_on__lte=limit,
        )
        for signal in old:
            with transaction.atomic():
                anonymise_signal(signal)
            result.signals_anonymised += 1


def run_pass(
    now: datetime.datetime | None = None,
    organisations: list[Organisation] | None = None,
    connection: BaseEmailBackend | None = None,
) -> PassResult:
    """One pass: the clock's reminders and escalations due up to ``now``, then retention."""
    now = now or timezone.now()
    result = PassResult()
    run_clock(now, organisations, result, connection)
    run_retention(now, organisations, result)
    return result


def unconfirmed_claims(now: datetime.datetime | None = None) -> QuerySet[SentReminder]:
    """Claims still unconfirmed after the retry delay: failing, or no longer due."""
    return delivery.unconfirmed_claims(SentReminder, now)
