"""The scan's own sections on the scan page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .overlaps import section_context
from .sections import ScanSection, register_section

register_section(
    ScanSection(
        key="overlaps",
        order=45,
        title=_("Overlap met andere kaders"),
        template="scans/overlaps_section.html",
        context=section_context,
        permission="scan.view_work",
    )
)
