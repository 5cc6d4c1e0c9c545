"""What the scan page shows: each capability registers a section.

register_section(ScanSection(
    key="surveys", order=20, title=_("Enquêtes"),
    template="surveys/scan_section.html",
    context=lambda request, scan: {...},
    permission="scan.view_work",
))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class ScanSection:
    key: str
    order: int
    title: Any
    template: str
    context: Callable[[Any, Any], dict] | None = None
    permission: str = "organisation.view"


_SECTIONS: dict[str, ScanSection] = {}


def register_section(section: ScanSection) -> None:
    _SECTIONS[section.key] = section


def sections() -> list[ScanSection]:
    autodiscover_modules("scan_sections")
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))
