"""``weerbaar incidents stats ORG [--from DATE] [--to DATE] --format json``: the suppressed
statistics of incidents and signals (for scripts and BI tools); ``weerbaar incidents run``:
one pass of the clock and retention (the background worker runs it every pass).

Suppressed cells are printed as ``{"value": null, "suppressed": true}``: never the number.
"""

from __future__ import annotations

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from weerbaar.audit.context import acting_as
from weerbaar.core.management.options import parse_now
from weerbaar.organisations.models import Organisation

from ...selectors import statistics
from ...worker import run_pass


def parse_date(value: str | None, name: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{name} {value!r} is not an ISO date, e.g. 2026-01-31.") from exc


class Command(BaseCommand):
    help = "Incident and signal statistics ('stats') or one clock and retention pass ('run')."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="mode", required=True)
        stats = sub.add_parser("stats", help="print the suppressed statistics")
        stats.add_argument("organisation", help="the organisation's slug")
        stats.add_argument("--from", dest="start", help="first date (default: a year ago)")
        stats.add_argument("--to", dest="end", help="last date (default: today)")
        stats.add_argument("--format", choices=["json"], default="json")
        run = sub.add_parser("run", help="one pass: reminders, escalations, retention")
        run.add_argument("--now", help="pretend it is this moment (ISO)")

    def handle(self, *args, mode: str, **options):
        if mode == "run":
            now = parse_now(options.get("now"))
            with acting_as(None, label="incidents"):
                result = run_pass(now=now)
            self.stdout.write(
                f"Incidents: {len(result.sent)} sent, {result.failed} failed, "
                f"{result.anonymised} anonymised, {result.deleted} deleted, "
                f"{result.signals_anonymised} signals anonymised."
            )
            return
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with slug {options['organisation']!r}.")
        end = parse_date(options.get("end"), "--to") or timezone.localdate()
        start = parse_date(options.get("start"), "--from") or end - datetime.timedelta(days=365)
        if start > end:
            raise CommandError("--from is after --to.")
        figures = statistics(organisation, start, end)
        self.stdout.write(json.dumps(figures.as_json(), indent=2, ensure_ascii=False))
