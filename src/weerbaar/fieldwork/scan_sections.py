"""The field work's card on the scan page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from weerbaar.scans.sections import ScanSection, register_section

from .models import DepartmentIntake, FieldDocument, InterviewSession

if TYPE_CHECKING:
    from weerbaar.scans.models import Scan


def section_context(request: Any, scan: Scan) -> dict[str, int]:
    return {
        "documents": FieldDocument.objects.filter(scan=scan).count(),
        "sessions": InterviewSession.objects.filter(scan=scan).count(),
        "intakes": DepartmentIntake.objects.filter(scan=scan).count(),
    }


register_section(
    ScanSection(
        key="fieldwork",
        order=25,
        title=_("Veldwerk"),
        template="fieldwork/scan_section.html",
        context=section_context,
        permission="scan.view_work",
    )
)
