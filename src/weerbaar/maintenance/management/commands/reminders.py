"""``weerbaar reminders run`` (one pass) and ``weerbaar reminders worker`` (a pass every interval).

A pass runs every scheduled job that is due (:mod:`weerbaar.maintenance.jobs`): action
reminders, the surveys' field work, the incident clock and the retention jobs. Both are safe
to run at any time and any number of times: what was sent is recorded in the database before
sending, so a pass never sends a reminder twice and a restarted worker simply catches up (see
docs/follow-up.md and docs/operations.md).
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import signal
import smtplib
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import Error as DatabaseError
from django.db import close_old_connections

from weerbaar.core.management.options import parse_now
from weerbaar.maintenance.scheduler import run_due

logger = logging.getLogger(__name__)

#: What a pass may meet that the next pass can overcome: the database or the mail server
#: being away for a while. Anything else is a bug and stops the worker loudly.
TRANSIENT_ERRORS = (DatabaseError, smtplib.SMTPException, OSError)


class Command(BaseCommand):
    help = (
        "Run the due background jobs (reminders, field work, retention): "
        "'run' once, or 'worker' in a loop."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="mode", required=True)
        run = sub.add_parser("run", help="one pass: send everything due up to now")
        run.add_argument("--now", help="pretend it is this moment (ISO), for catch-up or tests")
        worker = sub.add_parser("worker", help="run a pass every --interval seconds until stopped")
        worker.add_argument("--interval", type=int, default=900, help="seconds between passes")
        worker.add_argument(
            "--max-passes", type=int, default=0, help="stop after this many passes (0: never)"
        )

    def handle(self, *args, mode: str, **options):
        if mode == "run":
            self.one_pass(parse_now(options.get("now")))
            return
        interval = options["interval"]
        if interval < 1:
            raise CommandError("--interval must be at least 1 second.")
        stop = threading.Event()

        def request_stop(signum, frame):
            self.stdout.write("Stopping after the current pass.")
            stop.set()

        for sig in (signal.SIGTERM, signal.SIGINT):
            # Not possible outside the main thread (e.g. under a test runner): then no handler.
            with contextlib.suppress(ValueError):
                signal.signal(sig, request_stop)
        passes = 0
        while not stop.is_set():
            if passes:
                # A long-running process: drop connections that broke or aged while sleeping.
                close_old_connections()
            try:
                self.one_pass(None)
            except TRANSIENT_ERRORS as exc:  # keep the worker alive; the next pass retries
                logger.exception("Reminder pass failed; retrying after the interval")
                self.stderr.write(f"Reminder pass failed: {exc}")
            passes += 1
            if options["max_passes"] and passes >= options["max_passes"]:
                break
            stop.wait(interval)

    def one_pass(self, now: datetime.datetime | None) -> None:
        for outcome in run_due(now):
            self.stdout.write(outcome.summary)
