"""What the scan page shows: each capability registers a section.

An app's ``scan_sections`` module registers its section::

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

from weerbaar.core.registry import Registry


@dataclass(frozen=True)
class ScanSection:
    key: str
    order: int
    title: Any
    template: str
    context: Callable[[Any, Any], dict] | None = None
    permission: str = "organisation.view"


SCAN_SECTIONS: Registry[ScanSection] = Registry("scan sections", discover="scan_sections")


def register_section(section: ScanSection) -> None:
    """Add ``section`` to the scan page; a second, different section under its key raises."""
    SCAN_SECTIONS.register(section.key, section)


def sections() -> list[ScanSection]:
    """Every registered section, in the order the scan page shows them."""
    return sorted(SCAN_SECTIONS.values(), key=lambda s: (s.order, s.key))
