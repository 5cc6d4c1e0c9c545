"""One delivery mechanism for reminder e-mails: claim, deliver, retry.

Every app that sends reminders keeps its own claim model (a subclass of
:class:`ReminderClaim`) with a unique constraint on the reminder's *key* — for instance
(action, kind, due date) — and its own wording. Sending one reminder takes three steps:

1. :func:`claim` inserts the key's row and commits it *before* anything is sent. The unique
   constraint decides: of two passes, or two workers at the same moment, only one gets the
   row; the other gets ``None`` and sends nothing.
2. :func:`deliver` locks the claim's row, checks it is still this pass's claim, hands the
   message to the SMTP server over the connection passed in and, once the server accepted
   it, confirms the claim (``sent_at``) before the lock is released. When the server is
   refused or unreachable the claim stays *unconfirmed*.
3. Retry: an unconfirmed claim older than :data:`RETRY_AFTER` is taken over by the next
   :func:`claim` of the same key (a conditional update, so again only one worker wins) and
   sent again. A failed send, and a crash between claiming and confirming, are therefore
   retried by the next pass that still finds the reminder due. A claim that another worker
   is still sending is never taken over: the take-over waits for the row's lock and then
   finds it confirmed (even when a long pass stamped the claim with the moment it started,
   so that it looks lapsed); a claim taken over before its first worker sends it is sent by
   the worker that took it over only.

Only a crash after the SMTP server accepted a message and before ``sent_at`` was written can
send that reminder a second time; :func:`unconfirmed_claims` lists claims that stay
unconfirmed (still failing, or no longer due), so an administrator can look.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, models, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

#: How long an unconfirmed claim protects a send in progress before a pass retries it.
RETRY_AFTER = datetime.timedelta(minutes=10)


class ReminderClaim(models.Model):
    """The claim of one reminder: written before sending, ``sent_at`` once it went out."""

    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


def claim[ClaimT: ReminderClaim](
    model: type[ClaimT], key: Mapping[str, Any], now: datetime.datetime, **fields: Any
) -> ClaimT | None:
    """Claim the reminder ``key`` at ``now``; ``None`` when someone else holds it.

    ``key`` holds the fields of ``model``'s unique constraint, ``fields`` the other values to
    store (they are refreshed when an unconfirmed claim is retried). In autocommit mode (the
    worker) the row is committed when this returns, before anything is sent; inside an outer
    transaction (tests) it commits with that transaction.
    """
    manager = model._default_manager
    try:
        with transaction.atomic():
            return manager.create(**key, **fields, claimed_at=now)
    except IntegrityError:
        pass
    # The key exists: take it over only when it is unconfirmed and its claim has lapsed. The
    # condition is evaluated by the database on the row itself, so one worker wins.
    taken = manager.filter(**key, sent_at__isnull=True, claimed_at__lt=now - RETRY_AFTER).update(
        claimed_at=now, **fields
    )
    return manager.get(**key) if taken else None


def deliver(
    claimed: ReminderClaim,
    message: EmailMessage,
    now: datetime.datetime,
    connection: BaseEmailBackend | None = None,
) -> bool:
    """Send ``message`` for ``claimed`` and confirm the claim; False when sending failed
    (or another worker took the claim over: then that worker sends it).

    ``connection`` is an e-mail backend (default: Django's default mailer). On an SMTP or
    network error the claim stays unconfirmed, so a pass after :data:`RETRY_AFTER` retries
    it; the log names the claim, never a recipient or the message.
    """
    backend = connection if connection is not None else mailers.default
    model = type(claimed)
    with transaction.atomic():
        # Hold the claim's row while sending: a worker that finds the claim lapsed (a long
        # pass stamps its claims with the moment it started) waits here and then sees it
        # confirmed. A claim another worker took over in the meantime is not sent again.
        still_ours = list(
            model._default_manager.select_for_update()
            .filter(pk=claimed.pk, claimed_at=claimed.claimed_at, sent_at__isnull=True)
            .values_list("pk", flat=True)
        )
        if not still_ours:
            return False
        try:
            backend.send_messages([message])
        except (smtplib.SMTPException, OSError) as error:  # refused or unreachable: retry later
            logger.warning(
                "Reminder %s #%s could not be sent (%s); it is retried after %s",
                claimed._meta.label,
                claimed.pk,
                type(error).__name__,
                RETRY_AFTER,
            )
            return False
        model._default_manager.filter(pk=claimed.pk).update(sent_at=now)
    claimed.sent_at = now
    return True


def language_of(recipients: list[Any]) -> str:
    """The language to write one message to ``recipients`` in: theirs when they share one,
    else the platform's default."""
    languages = {u.language for u in recipients if u.language}
    return languages.pop() if len(languages) == 1 else settings.LANGUAGE_CODE


def unconfirmed_claims[ClaimT: ReminderClaim](
    model: type[ClaimT],
    now: datetime.datetime | None = None,
    older_than: datetime.timedelta = RETRY_AFTER,
) -> models.QuerySet[ClaimT]:
    """Claims of ``model`` without ``sent_at`` that are older than ``older_than``."""
    now = now or timezone.now()
    return model._default_manager.filter(sent_at__isnull=True, claimed_at__lt=now - older_than)
