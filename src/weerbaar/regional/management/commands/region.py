"""``weerbaar region dashboard REGION --format json``: the RIEC dashboard of a region as
its page shows it (the region's medians with withheld figures marked ``suppressed``)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from weerbaar.organisations.models import Region

from ...export import dashboard_json


class Command(BaseCommand):
    help = "The RIEC dashboard of a region ('dashboard REGION --format json')."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="mode", required=True)
        dashboard = sub.add_parser("dashboard", help="print the region's dashboard")
        dashboard.add_argument("region", help="the region's slug")
        dashboard.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, mode: str, **options):
        region = Region.objects.filter(slug=options["region"]).first()
        if region is None:
            raise CommandError(f"No region with slug {options['region']!r}.")
        data = dashboard_json(region)
        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str))
