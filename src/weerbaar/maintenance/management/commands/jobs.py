"""``weerbaar jobs``: the worker's scheduled jobs and when each last ran.

``weerbaar jobs --check SECONDS`` exits 1 when the worker has not finished a pass in that
time (a health check for the worker's container or a monitoring system).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from weerbaar.maintenance.scheduler import EVERY_PASS, SCHEDULED_JOBS, last_pass_at, last_runs


class Command(BaseCommand):
    help = "List the background worker's scheduled jobs; --check SECONDS for a health check."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            type=int,
            metavar="SECONDS",
            help="exit 1 unless the worker finished a pass within SECONDS",
        )

    def handle(self, *args: Any, check: int | None, **options: Any) -> None:
        if check is not None:
            last = last_pass_at()
            if last is None or timezone.now() - last > datetime.timedelta(seconds=check):
                raise CommandError(f"the worker has not finished a pass since {last or 'ever'}")
            self.stdout.write(f"worker pass finished at {last.isoformat()}")
            return
        runs = last_runs()
        for key, job in SCHEDULED_JOBS.items():
            every = "every pass" if job.every == EVERY_PASS else f"every {job.every}"
            run = runs.get(key)
            when = run.last_finished_at.isoformat() if run else "never"
            self.stdout.write(f"{key:<20} {every:<20} last run {when}  {job.description}")
