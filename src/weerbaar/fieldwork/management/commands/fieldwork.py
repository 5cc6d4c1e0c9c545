"""``weerbaar fieldwork progress SCAN_ID [--format json|text]``: the intake per department;
``weerbaar fieldwork sources SCAN_ID [--norm ID]``: documents and conversation partners per
norm, as the report cites them (never interview notes).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from weerbaar.scans.models import Scan

from ... import selectors
from ...intake import progress
from ...norms import known_norm_ids


def _scan(scan_id: int) -> Scan:
    scan = Scan.objects.select_related("organisation", "library_version").filter(pk=scan_id).first()
    if scan is None:
        raise CommandError(f"No scan with id {scan_id}.")
    return scan


class Command(BaseCommand):
    help = "The field work of a scan: intake progress ('progress') or sources per norm ('sources')."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="mode", required=True)
        prog = sub.add_parser("progress", help="the intake per department")
        prog.add_argument("scan_id", type=int)
        prog.add_argument("--format", choices=["json", "text"], default="text")
        src = sub.add_parser("sources", help="documents and conversation partners per norm")
        src.add_argument("scan_id", type=int)
        src.add_argument("--norm", help="one norm id, e.g. D3c.N1 (default: every norm)")

    def handle(self, *args: Any, mode: str, **options: Any) -> None:
        scan = _scan(options["scan_id"])
        if mode == "progress":
            rows = [
                {
                    "department": row.department.name,
                    "status": row.intake.status if row.intake else None,
                    "processes": row.processes,
                    "functions": row.functions,
                }
                for row in progress(scan)
            ]
            if options["format"] == "json":
                self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
                return
            for r in rows:
                self.stdout.write(
                    f"{r['department']}: {r['status'] or '-'} "
                    f"({r['processes']} processes, {r['functions']} functions)"
                )
            return
        norms = [options["norm"]] if options.get("norm") else sorted(known_norm_ids(scan))
        if options.get("norm") and options["norm"] not in known_norm_ids(scan):
            raise CommandError(f"Unknown norm {options['norm']!r} in this scan's framework.")
        out = {}
        for norm in norms:
            docs = selectors.documents_for_norm(scan, norm)
            talks = selectors.interviews_for_norm(scan, norm)
            if docs or talks:
                out[norm] = {
                    "documents": [{**d, "received_on": str(d["received_on"] or "")} for d in docs],
                    "interviews": [{**t, "held_on": str(t["held_on"] or "")} for t in talks],
                }
        self.stdout.write(json.dumps(out, indent=2, ensure_ascii=False))
