"""``weerbaar screening overdue ORG --format json``: the organisation's screening counts
(functions and required screenings by state; never persons), for scripts and BI tools."""

from __future__ import annotations

import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from weerbaar.organisations.models import Organisation

from ...selectors import overdue_summary


class Command(BaseCommand):
    help = "Screening compliance of the register's functions, as counts ('overdue')."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="mode", required=True)
        overdue = sub.add_parser("overdue", help="print the counts of overdue screenings")
        overdue.add_argument("organisation", help="the organisation's slug")
        overdue.add_argument("--date", help="count as on this day (ISO; default: today)")
        overdue.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, mode: str, **options):
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with slug {options['organisation']!r}.")
        today = None
        if options.get("date"):
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"--date {options['date']!r} is not an ISO date.") from exc
        summary = overdue_summary(organisation, today)
        self.stdout.write(json.dumps(summary, indent=2, sort_keys=True))
