"""What a library holds before it is published: a tree, counts and the changes.

:func:`preview` describes a bundle for the draft page: its documents, how many items of each
kind it defines, a tree of dimensions/norms, pillars/items, frameworks/indicators and
mappings, and what changed against the latest version of the same library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from .loader import Bundle, defined_items
from .models import LibraryVersion

GROUP_LABELS = {
    "dimension": _("Dimensies en onderdelen"),
    "norm": _("Normen"),
    "pillar": _("RIEC-pijlers"),
    "pillar_item": _("Aandachtspunten van de pijlers"),
    "process_category": _("Groepen processen"),
    "process": _("Kwetsbare processen"),
    "criterion": _("Kwetsbaarheidscriteria"),
    "action_type": _("Actietypen"),
    "function_attribute": _("Functiekenmerken"),
    "screening_level": _("Screeningsniveaus"),
    "example_function": _("Voorbeeldfuncties"),
    "measure_category": _("Groepen maatregelen"),
    "measure": _("Maatregelen"),
    "vpt_step": _("Stappen Veilige Publieke Taak"),
    "gs_role": _("Rollen gemeentesecretaris"),
    "framework": _("Kaders"),
    "framework_pillar": _("Pijlers van een kader"),
    "indicator": _("Indicatoren"),
    "framework_mapping": _("Koppelingen tussen kaders"),
}
STRENGTH_LABELS = {
    "gelijk": _("gelijk"),
    "deels": _("deels"),
    "gerelateerd": _("gerelateerd"),
}
#: Ids listed per change; more are counted only.
MAX_LISTED = 20


@dataclass
class Node:
    id: str
    label: Any  # bilingual text ({nl, en}) or a plain string
    children: list[Node] = field(default_factory=list)
    strength: Any = ""


@dataclass
class Change:
    label: Any
    added: list[str]
    removed: list[str]
    changed: list[str]

    @property
    def listed_added(self) -> list[str]:
        return self.added[:MAX_LISTED]

    @property
    def listed_removed(self) -> list[str]:
        return self.removed[:MAX_LISTED]

    @property
    def listed_changed(self) -> list[str]:
        return self.changed[:MAX_LISTED]


@dataclass
class Preview:
    documents: list[tuple[str, str]]
    counts: list[tuple[Any, int]]
    tree: list[Node]
    previous: LibraryVersion | None
    changes: list[Change]


def _label(item: dict) -> Any:
    for key in ("name", "title", "text"):
        if isinstance(item.get(key), dict):
            return item[key]
    return ""


def _tree(kind: str, data: dict) -> list[Node]:
    if kind == "dimensions":
        return [
            Node(
                d["id"],
                _label(d),
                [Node(n["id"], _label(n)) for n in d.get("norms", [])]
                + [
                    Node(s["id"], _label(s), [Node(n["id"], _label(n)) for n in s.get("norms", [])])
                    for s in d.get("subelements", [])
                ],
            )
            for d in data.get("dimensions", [])
        ]
    if kind == "pillars":
        return [
            Node(p["id"], _label(p), [Node(i["id"], _label(i)) for i in p.get("items", [])])
            for p in data.get("pillars", [])
        ]
    if kind == "indicator_framework":
        framework = data["framework"]
        pillars = [
            Node(p["id"], _label(p), [Node(i["id"], _label(i)) for i in p.get("indicators", [])])
            for p in data.get("pillars", [])
        ]
        return [Node(framework["id"], _label(framework), pillars)]
    if kind == "framework_mapping":
        links = [
            Node(
                m["item"],
                "",
                [Node(n["norm"], "", strength=STRENGTH_LABELS[n["strength"]]) for n in m["norms"]],
            )
            for m in data.get("mappings", [])
        ]
        return [Node(data["id"], _label(data), links)]
    return []


def _changes(bundle_items: dict, previous: LibraryVersion) -> list[Change]:
    old = defined_items((d["kind"], d["data"]) for d in previous.documents.values())
    out = []
    order = {g: n for n, g in enumerate(GROUP_LABELS)}
    for group in sorted(set(old) | set(bundle_items), key=lambda g: (order.get(g, 99), g)):
        before, after = old.get(group, {}), bundle_items.get(group, {})
        change = Change(
            GROUP_LABELS.get(group, group),
            sorted(set(after) - set(before)),
            sorted(set(before) - set(after)),
            sorted(i for i in set(before) & set(after) if before[i] != after[i]),
        )
        if change.added or change.removed or change.changed:
            out.append(change)
    return out


def preview(bundle: Bundle, published: LibraryVersion | None = None) -> Preview:
    """``published``: the version the bundle became, compared with the one before it."""
    items = defined_items((d.kind, d.data) for d in bundle.documents.values())
    earlier = LibraryVersion.objects.filter(identifier=bundle.identifier)
    if published is not None:
        earlier = earlier.filter(pk__lt=published.pk)
    previous = earlier.order_by("-loaded_at", "-pk").first()
    tree: list[Node] = []
    for doc in bundle.documents.values():
        tree.extend(_tree(doc.kind, doc.data))
    return Preview(
        documents=[(name, doc.kind) for name, doc in bundle.documents.items()],
        counts=[(GROUP_LABELS.get(g, g), len(items[g])) for g in GROUP_LABELS if g in items]
        + [(g, len(ids)) for g, ids in items.items() if g not in GROUP_LABELS],
        tree=tree,
        previous=previous,
        changes=_changes(items, previous) if previous is not None else [],
    )
