"""The report's card on the scan page: approved versions for everyone, the draft for insiders."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from weerbaar.organisations.permissions import has_permission
from weerbaar.scans.sections import ScanSection, register_section

from .approval import visible_versions
from .models import Report, ReportVersion


def section_context(request, scan) -> dict:
    can_draft = has_permission(request.user, scan.organisation, "report.view_draft")
    return {
        "versions": list(
            visible_versions(
                ReportVersion.objects.filter(scan=scan).defer("snapshot"), sees_unapproved=False
            ).order_by("-number")[:3]
        ),
        "report": Report.objects.filter(scan=scan).first() if can_draft else None,
        "can_draft": can_draft,
    }


register_section(
    ScanSection(
        key="report",
        order=60,
        title=_("Rapport"),
        template="reports/scan_section.html",
        context=section_context,
        permission="organisation.view",
    )
)
