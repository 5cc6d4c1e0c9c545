"""The self-assessment's card on the scan page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from weerbaar.scans.overlaps import register_verdict_source
from weerbaar.scans.sections import ScanSection, register_section

from .maturity import pillar_maturity
from .models import AssessmentStatus, RecommendationStatus
from .services import statuses

if TYPE_CHECKING:
    from weerbaar.scans.models import Scan


def section_context(request, scan: Scan) -> dict:
    current = statuses(scan)
    return {
        "assessed": sum(1 for s in current.values() if s != AssessmentStatus.UNKNOWN),
        "total": len(current),
        "maturity": pillar_maturity(scan),
        "open": scan.recommendations.filter(status=RecommendationStatus.PROPOSED).count(),
        "accepted": scan.recommendations.filter(status=RecommendationStatus.ACCEPTED).count(),
    }


register_section(
    ScanSection(
        key="assessment",
        order=40,
        title=_("Zelfevaluatie"),
        template="assessment/scan_section.html",
        context=section_context,
        permission="scan.view_work",
    )
)


def overlap_verdicts(scan: Scan) -> dict[str, str]:
    """The assessed norms and pillar items, for the scan's overlap section."""
    return {
        item: str(AssessmentStatus(status).label)
        for item, status in statuses(scan).items()
        if status != AssessmentStatus.UNKNOWN
    }


register_verdict_source("assessment", overlap_verdicts)
