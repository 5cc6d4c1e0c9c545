"""The jobs the background worker runs (``weerbaar reminders worker``), and how often.

Every pass: action reminders and digests, the surveys' field work (batches of final
responses, closing surveys whose closing time has passed, which deletes their e-mail
addresses), the incident clock and incident/signal retention. On their own schedule: expired
sessions and password-reset rate-limit records. See docs/operations.md.
"""

from __future__ import annotations

import datetime
from importlib import import_module

from django.conf import settings

from weerbaar.accounts.throttling import forget_old_reset_requests
from weerbaar.actions.reminders import run_pass, unconfirmed_claims
from weerbaar.awareness.reminders import run_pass as run_awareness_pass
from weerbaar.awareness.reminders import unconfirmed_claims as unconfirmed_awareness
from weerbaar.incidents.worker import run_pass as run_incident_pass
from weerbaar.incidents.worker import unconfirmed_claims as unconfirmed_incidents
from weerbaar.secretaris.reminders import run_reminders as run_agenda_reminders
from weerbaar.secretaris.reminders import unconfirmed_claims as unconfirmed_agenda
from weerbaar.surveys.fieldwork import run_batches

from .scheduler import EVERY_PASS, ScheduledJob, register_job


def _unconfirmed(stale: int) -> str:
    """The warning about claims a later pass has not (yet) managed to send."""
    if not stale:
        return ""
    return (
        f"\nWarning: {stale} reminder(s) were claimed but not confirmed as sent "
        "(sending failed, or a crash during sending); they are retried while still due."
    )


def reminders(now: datetime.datetime) -> str:
    result = run_pass(now=now)
    summary = (
        f"Reminders: {result.count} sent, {result.failed} failed (retried next pass), "
        f"{result.skipped} without recipient."
    )
    return summary + _unconfirmed(unconfirmed_claims(now=now).count())


def awareness(now: datetime.datetime) -> str:
    result = run_awareness_pass(now=now)
    summary = (
        f"Awareness sessions: {result.sent} reminders sent, {result.failed} failed "
        f"(retried next pass), {result.skipped} without recipient."
    )
    return summary + _unconfirmed(unconfirmed_awareness(now=now).count())


def survey_field_work(now: datetime.datetime) -> str:
    """Batches of final responses and states; closing deletes the survey's e-mail addresses."""
    batches = run_batches()
    return (
        f"Surveys: {batches.responses} responses and {batches.states} invitation states "
        f"written in batches, {batches.closed} closed."
    )


def incidents(now: datetime.datetime) -> str:
    result = run_incident_pass(now=now)
    summary = (
        f"Incidents: {len(result.sent)} reminders or escalations sent, "
        f"{result.failed} failed, {result.anonymised + result.deleted} past retention."
    )
    return summary + _unconfirmed(unconfirmed_incidents(now=now).count())


def agenda_reminders(now: datetime.datetime) -> str:
    result = run_agenda_reminders(now=now)
    summary = f"College agenda: {result.sent} reminders sent, {result.failed} failed."
    return summary + _unconfirmed(unconfirmed_agenda(now=now).count())


def expired_sessions(now: datetime.datetime) -> str:
    """Remove expired log-in sessions (what ``weerbaar clearsessions`` does)."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
    return "Sessions: expired sessions removed."


def reset_requests(now: datetime.datetime) -> str:
    count = forget_old_reset_requests(now)
    return f"Password reset requests: {count} past the rate-limit window removed."


register_job("reminders", ScheduledJob(reminders, EVERY_PASS, "action reminders and digests"))
register_job("awareness", ScheduledJob(awareness, EVERY_PASS, "reminders for awareness sessions"))
register_job(
    "survey-field-work",
    ScheduledJob(survey_field_work, EVERY_PASS, "response batches; closing deletes e-mail"),
)
register_job("incidents", ScheduledJob(incidents, EVERY_PASS, "48-hour clock and retention"))
register_job(
    "agenda-reminders",
    ScheduledJob(agenda_reminders, EVERY_PASS, "reminders for ondermijning on the college agenda"),
)
register_job(
    "expired-sessions",
    ScheduledJob(expired_sessions, datetime.timedelta(days=1), "expired log-in sessions"),
)
register_job(
    "reset-requests",
    ScheduledJob(reset_requests, datetime.timedelta(hours=1), "reset rate-limit records"),
)
