"""Reminders (herinneringen) over SMTP: owners before the due date and when overdue, and a
weekly digest for the coordinator.

One *pass* (:func:`run_pass`) looks at the state at ``now`` and sends everything that is due
up to ``now`` and was not sent before. That makes a pass idempotent, and a missed run is
caught up by the next pass.

De-duplication and retry go through :mod:`weerbaar.core.reminders`: each reminder has a
key — (action, kind, due date) for owner reminders, (organisation, recipient, ``digest``, ISO
week) for digests — protected by a unique constraint on
:class:`~weerbaar.actions.models.SentReminder`. The key is claimed and committed *before* the
message is handed to the SMTP server, so two passes, or two workers at the same time, never
both send it. A send that failed, or a claim a crash left unconfirmed, is retried by a later
pass while the reminder is still due; :func:`unconfirmed_claims` lists the claims that stay
unconfirmed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from weerbaar.core import reminders as delivery
from weerbaar.organisations.models import Membership, Organisation, Role

from .models import OPEN_STATUSES, Action, ReminderKind, SentReminder
from .services import followup_settings


@dataclass
class PassResult:
    sent: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (kind, bucket, to)
    skipped: int = 0
    failed: int = 0

    @property
    def count(self) -> int:
        return len(self.sent)


def iso_week(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def owner_recipients(action: Action) -> list:
    """The owner, or every member holding the owner role in the organisation."""
    if action.owner_user_id:
        user = action.owner_user
        if user is None:
            return []
        still_member = Membership.objects.filter(
            user=user, organisation_id=action.scan.organisation_id
        ).exists()
        return [user] if user.is_active and user.email and still_member else []
    User = get_user_model()
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=action.scan.organisation_id,
            memberships__role=action.owner_role,
        )
        .distinct()
        .order_by("pk")
    )


def digest_recipients(organisation: Organisation) -> list:
    User = get_user_model()
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation=organisation,
            memberships__role=Role.COORDINATOR,
        )
        .distinct()
        .order_by("pk")
    )


def due_owner_reminder(action: Action, today: datetime.date, days_before: int) -> str | None:
    """Which owner reminder is due for the action today, if any.

    ``overdue`` once the due date has passed; ``due_soon`` from ``days_before`` days before
    the due date up to the due date itself. A pass that only runs after the due date (missed
    runs) sends the overdue reminder, not a late "due soon".
    """
    if action.status not in OPEN_STATUSES or action.due_date is None:
        return None
    if today > action.due_date:
        return ReminderKind.OVERDUE
    if today >= action.due_date - datetime.timedelta(days=days_before):
        return ReminderKind.DUE_SOON
    return None


def _action_url(action: Action) -> str:
    path = reverse(
        "actions:detail", kwargs={"org": action.scan.organisation.slug, "action_id": action.pk}
    )
    return f"{settings.BASE_URL}{path}"


def _message(subject: str, body: str, to: list[str]) -> EmailMessage:
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to)


def run_pass(
    now: datetime.datetime | None = None,
    connection: BaseEmailBackend | None = None,
    organisations=None,
) -> PassResult:
    """Send every reminder that is due at ``now`` and not sent before. Idempotent.

    ``organisations`` limits the pass (default: every organisation with actions).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = PassResult()
    if organisations is None:
        organisations = Organisation.objects.filter(scans__actions__isnull=False).distinct()
    for organisation in organisations:
        options = followup_settings(organisation)
        if not options.reminders_enabled:
            continue
        actions = list(
            Action.objects.filter(scan__organisation=organisation, status__in=OPEN_STATUSES)
            .exclude(due_date=None)
            .select_related("scan__organisation", "owner_user")
            .order_by("due_date", "pk")
        )
        for action in actions:
            kind = due_owner_reminder(action, today, options.days_before_due)
            if kind is None or action.due_date is None:  # no due date: never a reminder
                continue
            recipients = owner_recipients(action)
            if not recipients:
                result.skipped += 1
                continue
            bucket = action.due_date.isoformat()
            to = [u.email for u in recipients]
            claim = delivery.claim(
                SentReminder,
                {"action": action, "kind": kind, "bucket": bucket},
                now,
                organisation=organisation,
                recipients="\n".join(to),
            )
            if claim is None:
                continue
            with translation.override(delivery.language_of(recipients)):
                subject, body = _owner_message(action, kind, today)
            if delivery.deliver(claim, _message(subject, body, to), now, connection):
                result.sent.append((kind, bucket, to))
            else:
                result.failed += 1
        if today.weekday() >= options.digest_weekday:
            _send_digests(organisation, today, now, connection, result)
    return result


def _owner_message(action: Action, kind: str, today: datetime.date) -> tuple[str, str]:
    due = action.due_date
    if due is None:
        raise ValueError(f"action {action.pk} has no due date, so no owner reminder")
    context = {
        "action": action,
        "organisation": action.scan.organisation,
        "kind": kind,
        "days_left": (due - today).days,
        "days_late": (today - due).days,
        "url": _action_url(action),
    }
    subject = render_to_string("actions/email/owner_subject.txt", context).strip()
    body = render_to_string("actions/email/owner_body.txt", context)
    return subject, body


def digest_content(organisation: Organisation, today: datetime.date) -> dict:
    """What the coordinator's weekly digest lists: overdue and due within 30 days, counts."""
    actions = list(
        Action.objects.filter(scan__organisation=organisation).select_related("owner_user")
    )
    open_actions = [a for a in actions if a.status in OPEN_STATUSES]
    overdue = [a for a in open_actions if a.due_date and a.due_date < today]
    soon = [
        a
        for a in open_actions
        if a.due_date and today <= a.due_date <= today + datetime.timedelta(days=30)
    ]
    return {
        "organisation": organisation,
        "today": today,
        "open": len(open_actions),
        "done": sum(1 for a in actions if a.status == "gereed"),
        "overdue": sorted(overdue, key=lambda a: a.due_date),
        "soon": sorted(soon, key=lambda a: a.due_date),
        "url": f"{settings.BASE_URL}"
        + reverse("actions:overview", kwargs={"org": organisation.slug}),
    }


def _send_digests(organisation, today, now, connection, result: PassResult) -> None:
    bucket = iso_week(today)
    content = None
    for user in digest_recipients(organisation):
        if not user.email:
            continue
        key = {
            "organisation": organisation,
            "action": None,
            "recipient": user,
            "kind": ReminderKind.DIGEST,
            "bucket": bucket,
        }
        claim = delivery.claim(SentReminder, key, now, recipients=user.email)
        if claim is None:
            continue
        content = content or digest_content(organisation, today)
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject = render_to_string("actions/email/digest_subject.txt", content).strip()
            body = render_to_string("actions/email/digest_body.txt", content)
        if delivery.deliver(claim, _message(subject, body, [user.email]), now, connection):
            result.sent.append((ReminderKind.DIGEST, bucket, [user.email]))
        else:
            result.failed += 1


def unconfirmed_claims(now: datetime.datetime | None = None) -> QuerySet[SentReminder]:
    """Claims still unconfirmed after the retry delay: failing, or no longer due."""
    return delivery.unconfirmed_claims(SentReminder, now)
