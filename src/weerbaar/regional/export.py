"""What the region's and the benchmark's pages show, as JSON (for the commands)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import override

from weerbaar.core.text import translate
from weerbaar.organisations.models import Organisation, Region

from .benchmark import compare
from .dashboard import region_dashboard
from .present import figure_display, item_label, row_display


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def dashboard_json(region: Region, only: Organisation | None = None) -> dict[str, Any]:
    with override("nl"):
        dashboard = region_dashboard(region, only=only)
        pillars = [p for p, _name in dashboard.pillars]
        return {
            "region": dashboard.region,
            "slug": dashboard.region_slug,
            "pillars": {p: translate(name) for p, name in dashboard.pillars},
            "rows": [
                {
                    "municipality": row.name,
                    "slug": row.slug,
                    "size_class": row.size_class,
                    "last_scan": {
                        "kind": row.scan_kind,
                        "phase": row.scan_status,
                        "period_end": _date(row.scan_period_end),
                        "scans": row.scans,
                    }
                    if row.scan_kind
                    else None,
                    "reports_published": row.reports,
                    "report_published_at": _date(row.report_published_at),
                    "progress": {
                        "date": _date(row.progress_date),
                        "done": row.done,
                        "open": row.open,
                        "overdue": row.overdue,
                        "overdue_share_pct": row.overdue_share,
                    }
                    if row.progress_date
                    else None,
                    "pillar_phases": {
                        p: {"phase": cell.level, "previous": cell.previous, "trend": cell.trend}
                        for p, cell in zip(pillars, row.pillars, strict=True)
                    },
                }
                for row in dashboard.rows
            ],
            "medians": [
                {"item": m.item, "label": item_label(m.item, m.label)}
                | figure_display(m.unit, m.figure)
                for m in dashboard.medians
            ],
        }


def benchmark_json(organisation: Organisation) -> dict[str, Any]:
    with override("nl"):
        comparison = compare(organisation)
        return {
            "organisation": comparison["organisation"],
            "participating": comparison["participating"],
            "size_class": comparison["size_class"],
            "min_municipalities": comparison["min_municipalities"],
            "rows": [row_display(row) for row in comparison["rows"]],
        }
