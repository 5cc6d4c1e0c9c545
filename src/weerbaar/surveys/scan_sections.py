"""The surveys card on the scan page: the scan's surveys with status and response count."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from weerbaar.organisations.permissions import has_permission
from weerbaar.scans.sections import ScanSection, register_section

from .models import Survey
from .services import close_expired_surveys


def _context(request, scan) -> dict:
    close_expired_surveys(Survey.objects.filter(scan=scan))
    surveys = Survey.objects.filter(scan=scan).annotate(
        n_submitted=Count("responses", filter=Q(responses__submitted=True))
    )
    return {
        "organisation": scan.organisation,
        "scan": scan,
        "surveys": [{"survey": s, "submitted": s.n_submitted} for s in surveys],
        "can_manage": has_permission(request.user, scan.organisation, "scan.manage"),
    }


register_section(
    ScanSection(
        key="surveys",
        order=20,
        title=_("Enquêtes"),
        template="surveys/scan_section.html",
        context=_context,
        permission="scan.view_work",
    )
)
