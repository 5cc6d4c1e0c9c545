"""The registers' card on the scan page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from weerbaar.scans.sections import ScanSection, register_section

from .selectors import vulnerability_profile

if TYPE_CHECKING:
    from weerbaar.scans.models import Scan


def section_context(request, scan: Scan) -> dict:
    profile = vulnerability_profile(scan)
    ranked = sorted(
        profile.processes + profile.functions, key=lambda r: (-r.score, r.kind, r.entry.pk)
    )
    return {
        "process_count": len(profile.processes),
        "function_count": len(profile.functions),
        "top": ranked[:3],
    }


register_section(
    ScanSection(
        key="registers",
        order=30,
        title=_("Kwetsbare processen en functies"),
        template="registers/scan_section.html",
        context=section_context,
        permission="scan.view_work",
    )
)
