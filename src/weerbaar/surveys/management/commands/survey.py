"""``weerbaar survey results SCAN_ID --format json``: all survey results of a scan.

Per item: bases, n, counts, percentages, means and suppression flags, at the
organisation's minimum cell size k. Free text is never printed.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from weerbaar.surveys.limesurvey import commands as limesurvey

FORMATS = ("json",)


class Command(BaseCommand):
    help = (
        "Survey tasks. `survey results SCAN_ID --format json` prints all results of a scan; "
        "`survey import-lss` and `survey import-lss-responses` import from LimeSurvey."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", metavar="ACTION")
        results = sub.add_parser("results", help="Print all survey results of a scan.")
        results.add_argument("scan_id", help="Id of the scan")
        results.add_argument("--format", dest="fmt", default="json", help="Output format: json")
        limesurvey.add_parsers(sub)

    def handle(self, *args, action=None, **options):
        if action in limesurvey.ACTIONS:
            return limesurvey.handle(self, action, options)
        if action != "results":
            raise CommandError("Usage: weerbaar survey results SCAN_ID --format json", returncode=2)
        fmt = options["fmt"]
        if fmt not in FORMATS:
            raise CommandError(
                f"Unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}.", returncode=2
            )
        from weerbaar.scans.models import Scan
        from weerbaar.surveys.results.services import scan_results

        try:
            scan_id = int(options["scan_id"])
        except ValueError:
            raise CommandError(
                f"Scan id must be a number, not {options['scan_id']!r}.", returncode=2
            ) from None
        scan = Scan.objects.select_related("organisation").filter(pk=scan_id).first()
        if scan is None:
            raise CommandError(f"Scan {scan_id} does not exist.", returncode=2)
        surveys = scan_results(scan, include_texts=False)
        if not surveys:
            raise CommandError(f"Scan {scan_id} ({scan.title}) has no surveys.", returncode=2)
        payload = {
            "scan": {"id": scan.pk, "title": scan.title, "organisation": scan.organisation.name},
            "surveys": surveys,
        }
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
