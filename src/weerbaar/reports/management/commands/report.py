"""``weerbaar report render SCAN --format pdf|docx|html --output FILE``.

Renders the report of a scan: the latest approved version, or the current draft with
``--draft`` (the draft is also used when nothing has been published yet). Bad input (an
unknown scan, a scan without data, an unknown format, an unwritable file) gets a clear
message and exit code 2, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from weerbaar.reports import render
from weerbaar.reports.approval import approved_only
from weerbaar.reports.collect import collect_report_data, has_data
from weerbaar.reports.files import version_facts
from weerbaar.reports.models import Report, ReportVersion, VersionKind
from weerbaar.reports.services import normalised_snapshot
from weerbaar.scans.models import Scan


def fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "Render the report of a scan as PDF, DOCX or HTML."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", help="render")
        parser.add_argument("scan", help="the id of the scan")
        parser.add_argument("--format", dest="fmt", default="pdf", help="pdf, docx or html")
        parser.add_argument("--output", "-o", required=True, help="the file to write")
        parser.add_argument("--language", default="nl", help="nl or en")
        parser.add_argument(
            "--draft", action="store_true", help="render the current draft, not the last version"
        )

    def handle(
        self,
        *args,
        action: str,
        scan: str,
        fmt: str,
        output: str,
        language: str,
        draft: bool,
        **options,
    ) -> None:
        if action != "render":
            raise fail(f"Unknown action {action!r}: use 'weerbaar report render SCAN ...'.")
        fmt = (fmt or "").lower()
        if fmt not in render.FORMATS:
            raise fail(f"Unknown format {fmt!r}: choose one of {', '.join(render.FORMATS)}.")
        if language not in ("nl", "en"):
            raise fail(f"Unknown language {language!r}: choose nl or en.")
        try:
            scan_id = int(scan)
        except ValueError:
            raise fail(f"{scan!r} is not a scan id (a whole number).") from None
        scan_obj = (
            Scan.objects.select_related("organisation", "library_version")
            .filter(pk=scan_id)
            .first()
        )
        if scan_obj is None:
            raise fail(f"There is no scan with id {scan_id}.")
        path = Path(output)
        if path.is_dir() or not path.parent.exists():
            raise fail(f"Cannot write to {output}: the folder does not exist or it is a folder.")

        versions = ReportVersion.objects.filter(scan=scan_obj, kind=VersionKind.REPORT)
        approved = approved_only(versions)
        version = None if draft else approved.order_by("-number").first()
        if version is not None:
            snapshot, extra = version.snapshot, version_facts(version)
        else:
            if not has_data(scan_obj):
                raise fail(
                    f"Scan {scan_id} ({scan_obj.title}) has no data yet: no survey responses, "
                    "register entries or self-assessment. There is nothing to report."
                )
            report = Report.objects.filter(scan=scan_obj).first()
            snapshot = normalised_snapshot(collect_report_data(scan_obj, report).to_json())
            extra = {"is_draft": True}
        data = render.render(snapshot, fmt, language, extra)
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise fail(f"Cannot write {output}: {exc.strerror or exc}.") from None
        what = f"version {version.number}" if version else "draft"
        self.stdout.write(f"Wrote {fmt.upper()} ({what}, {len(data):,} bytes) to {path}")
