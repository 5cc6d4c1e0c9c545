"""Demo step: the 0-meting of Gemeente Voorbeeld, against the current library version."""

from __future__ import annotations

import datetime

from weerbaar.core.demo import DemoContext, demo_step
from weerbaar.library.loader import load_shipped, require_current_version

from .models import ScanStatus
from .services import create_scan


@demo_step(order=20)
def build_scans(ctx: DemoContext) -> None:
    load_shipped()
    version = require_current_version()
    voorbeeld = ctx.objects["voorbeeld"]
    coordinator = ctx.objects["user_coordinator"]
    year = ctx.now.year
    scan = create_scan(
        organisation=voorbeeld,
        title=f"Weerbaarheidsscan {year - 1} (0-meting)",
        library_version=version,
        period_start=datetime.date(year - 1, 9, 1),
        period_end=datetime.date(year - 1, 12, 15),
        created_by=coordinator,
        description="Eerste scan van de ambtelijke organisatie en de raad.",
    )
    scan.status = ScanStatus.REPORTING
    scan.save(update_fields=["status"])
    ctx.objects["scan_baseline"] = scan
    ctx.objects["library_version"] = version
