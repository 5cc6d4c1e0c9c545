"""The RIEC dashboard: per municipality of a region the state of its scan cycle.

Only what the municipality's published reports and progress reports show: the phase and
kind of its latest scan, when a report was published, the action plan's counts and overdue
share from its latest progress report, and the phase per RIEC pillar (with the phase of the
report before). No case data, incidents, free text or survey microdata: scan titles and
descriptions are free text and are left out too.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from weerbaar.organisations.models import Organisation, Region
from weerbaar.scans.models import Scan, ScanKind, ScanStatus

from .benchmark import ScopeFigure, scope_figure
from .figures import (
    DONE,
    OVERDUE,
    ensure_current,
    figures_of,
    latest_progress,
    progress_values,
    scope_of_riec,
)
from .models import ReportSummary
from .stats import size_class


@dataclass
class PillarCell:
    id: str
    level: int | None
    previous: int | None

    @property
    def trend(self) -> str:
        """up | down | same | "" (no earlier report)."""
        if self.level is None or self.previous is None:
            return ""
        if self.level == self.previous:
            return "same"
        return "up" if self.level > self.previous else "down"


@dataclass
class MunicipalityRow:
    name: str
    slug: str
    size_class: str | None
    scan_kind: str | None = None  # ScanKind value of the latest scan
    scan_status: str | None = None  # ScanStatus value
    scan_period_end: datetime.date | None = None
    scans: int = 0
    reports: int = 0
    report_published_at: datetime.datetime | None = None
    progress_date: datetime.datetime | None = None
    done: int | None = None
    open: int | None = None
    overdue: int | None = None
    overdue_share: int | None = None
    pillars: list[PillarCell] = field(default_factory=list)

    @property
    def scan_kind_label(self) -> str:
        return str(ScanKind(self.scan_kind).label) if self.scan_kind else ""

    @property
    def scan_status_label(self) -> str:
        return str(ScanStatus(self.scan_status).label) if self.scan_status else ""


@dataclass
class Median:
    item: str
    label: Any
    unit: str
    figure: ScopeFigure


@dataclass
class RegionDashboard:
    region: str
    region_slug: str
    pillars: list[tuple[str, Any]]  # (pillar id, bilingual name) columns
    rows: list[MunicipalityRow]
    medians: list[Median]


def region_dashboard(region: Region, only: Organisation | None = None) -> RegionDashboard:
    """The region's dashboard; with ``only`` just that municipality's row (and the medians)."""
    ensure_current()
    orgs = list(Organisation.objects.filter(region=region).order_by("name"))
    ids = [o.pk for o in orgs]
    summaries: dict[int, list[ReportSummary]] = {}
    for summary in ReportSummary.objects.filter(organisation_id__in=ids).defer("norms", "items"):
        summaries.setdefault(summary.organisation_id, []).append(summary)
    pillar_names: dict[str, Any] = {}
    for own_summaries in summaries.values():
        for key, label in own_summaries[0].labels.items():
            if key.startswith("pillar:"):
                pillar_names.setdefault(key.removeprefix("pillar:"), label)
    pillar_ids = sorted(pillar_names)
    scans: dict[int, list[tuple[str, str, datetime.date]]] = {}
    for org_id, kind, status, end in (
        Scan.objects.filter(organisation_id__in=ids)
        .values_list("organisation_id", "kind", "status", "period_end")
        .order_by("organisation_id", "-period_start", "-pk")
    ):
        scans.setdefault(org_id, []).append((kind, status, end))
    progress = latest_progress(ids)
    rows: list[MunicipalityRow] = []
    for org in orgs:
        if only is not None and org.pk != only.pk:
            continue
        row = MunicipalityRow(org.name, org.slug, size_class(org.inhabitants))
        own_scans = scans.get(org.pk, [])
        if own_scans:
            row.scans = len(own_scans)
            row.scan_kind, row.scan_status, row.scan_period_end = own_scans[0]
        own = summaries.get(org.pk, [])
        row.reports = len(own)
        latest = own[0].pillars if own else {}
        previous = own[1].pillars if len(own) > 1 else {}
        if own:
            row.report_published_at = own[0].published_at
        row.pillars = [PillarCell(p, latest.get(p), previous.get(p)) for p in pillar_ids]
        totals = progress.get(org.pk)
        if totals:
            row.progress_date = totals["date"]
            row.done, row.open, row.overdue = totals["done"], totals["open"], totals["overdue"]
            row.overdue_share = progress_values(totals).get(OVERDUE)
        rows.append(row)
    return RegionDashboard(
        region=region.name,
        region_slug=region.slug,
        pillars=[(p, pillar_names[p]) for p in pillar_ids],
        rows=rows,
        medians=region_medians(region),
    )


def region_medians(region: Region) -> list[Median]:
    """The region's medians over its municipalities (k over municipalities)."""
    scope = scope_of_riec(region.pk)
    figures = figures_of([scope]).get(scope, {}).values()
    order = {OVERDUE: "1", DONE: "2"}
    out = [
        Median(f.item, f.label, f.unit, scope_figure(f))
        for f in sorted(figures, key=lambda f: order.get(f.item, "0") + f.item)
    ]
    return out


def riec_regions(user: Any) -> list[Region]:
    """The regions whose dashboard ``user`` may open (RIEC adviser; beheerder: all)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return list(Region.objects.all())
    return list(Region.objects.filter(memberships__user=user).distinct())
