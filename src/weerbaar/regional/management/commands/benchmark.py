"""``weerbaar benchmark ORG --format json``: the municipality's benchmark as its page shows
it; a withheld figure is printed as ``"suppressed": true`` with its numbers ``null``."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from weerbaar.organisations.models import Organisation

from ...export import benchmark_json


class Command(BaseCommand):
    help = "The anonymous benchmark of a municipality (ORG --format json)."

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="the organisation's slug")
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with slug {options['organisation']!r}.")
        data = benchmark_json(organisation)
        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str))
