"""Where frameworks overlap, on the scan page: per norm the mapped items of other frameworks.

The scan's library version holds ``framework_mapping`` documents (e.g. the RIEC pillars'
points of attention, or a regional checklist's indicators, onto the norms); this section lists
them per norm, with the verdicts the scan gave where it assessed the norm or the item. The
verdicts come from the apps that assess, through :func:`register_verdict_source`, so that this
layer does not depend on them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from weerbaar.core.registry import Registry

if TYPE_CHECKING:
    from .models import Scan

#: key -> function(scan) giving {library item id: the verdict as a label} for assessed items;
#: registered in the apps' ``scan_sections`` modules.
VERDICT_SOURCES: Registry[Callable[[Any], dict[str, str]]] = Registry(
    "overlap verdicts", discover="scan_sections"
)

STRENGTH_LABELS = {
    "gelijk": _("gelijk"),
    "deels": _("deels"),
    "gerelateerd": _("gerelateerd"),
}


def register_verdict_source(key: str, source: Callable[[Any], dict[str, str]]) -> None:
    """Add a source of verdicts (item id -> label) for the overlap section."""
    VERDICT_SOURCES.register(key, source)


@dataclass
class OverlapItem:
    id: str
    text: dict
    group: dict
    strength: Any
    verdict: str


@dataclass
class NormOverlap:
    norm: dict
    verdict: str
    items: list[OverlapItem] = field(default_factory=list)


def verdicts(scan: Scan) -> dict[str, str]:
    out: dict[str, str] = {}
    for source in VERDICT_SOURCES.values():
        out.update(source(scan))
    return out


def overlaps(scan: Scan) -> list[NormOverlap]:
    """Per norm with overlap (in framework order) the mapped items and their verdicts."""
    known = verdicts(scan)
    return [
        NormOverlap(
            norm,
            known.get(norm["id"], ""),
            [
                OverlapItem(
                    o["item"],
                    dict(o["text"]),
                    dict(o["group"]),
                    STRENGTH_LABELS.get(o["strength"], o["strength"]),
                    known.get(o["item"], ""),
                )
                for o in items
            ],
        )
        for norm, items in scan.framework.norm_overlaps
    ]


def section_context(request, scan: Scan) -> dict:
    rows = overlaps(scan)
    return {"rows": rows, "items": sum(len(r.items) for r in rows)}
