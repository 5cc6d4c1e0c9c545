"""The background worker's schedule: jobs by key, each run when its interval has passed.

Each job is a :class:`ScheduledJob` in :data:`SCHEDULED_JOBS` (registered in this app's
``jobs.py``, which is discovered on first read). One worker pass (:func:`run_due`) runs every
job that is due at ``now``, in registration order, and records when it finished in
:class:`~weerbaar.maintenance.models.JobRun`, so a restarted worker keeps the schedule and a
job that failed is retried on the next pass. Jobs are idempotent: two workers that both run
one change nothing twice.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from weerbaar.audit.context import acting_as
from weerbaar.core.registry import Registry

from .models import JobRun

#: Run on every pass of the worker (the pass interval is the schedule).
EVERY_PASS = datetime.timedelta(0)


@dataclass(frozen=True)
class ScheduledJob:
    """One unit of background work; ``run(now)`` returns a one-line summary."""

    run: Callable[[datetime.datetime], str]
    every: datetime.timedelta = EVERY_PASS
    description: str = ""


@dataclass(frozen=True)
class JobOutcome:
    key: str
    summary: str


SCHEDULED_JOBS: Registry[ScheduledJob] = Registry("scheduled jobs", discover="jobs")


def register_job(key: str, job: ScheduledJob) -> ScheduledJob:
    return SCHEDULED_JOBS.register(key, job)


def is_due(key: str, job: ScheduledJob, now: datetime.datetime) -> bool:
    if job.every == EVERY_PASS:
        return True
    last = JobRun.objects.filter(key=key).values_list("last_finished_at", flat=True).first()
    return last is None or now >= last + job.every


def run_due(now: datetime.datetime | None = None) -> list[JobOutcome]:
    """Run every job that is due at ``now`` (default: the current time), in order.

    A job's exception propagates (the worker loop decides whether it is transient); the jobs
    before it have recorded their run, the failing one and those after it run next pass.
    """
    moment = now or timezone.now()
    outcomes = []
    for key, job in SCHEDULED_JOBS.items():
        if not is_due(key, job, moment):
            continue
        with acting_as(None, label=key):
            summary = job.run(moment)
        JobRun.objects.update_or_create(
            key=key, defaults={"last_finished_at": moment, "last_summary": summary}
        )
        outcomes.append(JobOutcome(key, summary))
    return outcomes


def last_runs() -> dict[str, JobRun]:
    """The recorded last run of every job that has run."""
    return {run.key: run for run in JobRun.objects.all()}


def last_pass_at() -> datetime.datetime | None:
    """When the worker last finished a job that runs on every pass (None: never)."""
    keys = [key for key, job in SCHEDULED_JOBS.items() if job.every == EVERY_PASS]
    runs = JobRun.objects.filter(key__in=keys).order_by("-last_finished_at")
    return runs.values_list("last_finished_at", flat=True).first()
