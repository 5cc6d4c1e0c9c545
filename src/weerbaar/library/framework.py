"""Read access to the content of one library version.

``framework_for(version)`` returns a cached :class:`Framework` with the documents of that
version and indexes by id, so that scans, surveys and reports refer to library items by
their stable ids (``D3a.N2``, ``P4.I3``, ``PR-horeca-vergunning``, ``M-vier-ogen``).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, cast

from .types import (
    DescribedItem,
    Dimension,
    ExampleFunction,
    IndexedSubelement,
    Indicator,
    LibraryItem,
    MaturityPhase,
    Measure,
    MeasureCategory,
    MeasureCategoryWithMeasures,
    Norm,
    Overlap,
    Pillar,
    PillarItem,
    Process,
    ProcessCategory,
    VptStep,
    VulnerabilityCriterion,
)

if TYPE_CHECKING:
    from .models import LibraryVersion

_CACHE: dict[tuple[int, str], Framework] = {}


class Framework:
    def __init__(self, version: LibraryVersion) -> None:
        self.version = version

    def doc(self, kind: str) -> dict[str, Any]:
        return self.version.document(kind)

    # Dimensions and norms -------------------------------------------------------------
    @cached_property
    def dimensions(self) -> list[Dimension]:
        return [d for d in self.doc("dimensions").get("dimensions", []) if d["type"] == "dimension"]

    @cached_property
    def themes(self) -> list[Dimension]:
        return [d for d in self.doc("dimensions").get("dimensions", []) if d["type"] == "theme"]

    @cached_property
    def dimensions_and_themes(self) -> list[Dimension]:
        return list(self.doc("dimensions").get("dimensions", []))

    @cached_property
    def norms(self) -> list[Norm]:
        """Every norm, flat, each with ``dimension`` (and ``subelement`` where it has one)."""
        out: list[Norm] = []
        for d in self.dimensions_and_themes:
            for n in d.get("norms", []):
                out.append({**n, "dimension": d["id"], "subelement": None})
            for s in d.get("subelements", []):
                for n in s.get("norms", []):
                    out.append({**n, "dimension": d["id"], "subelement": s["id"]})
        return out

    @cached_property
    def norm_index(self) -> dict[str, Norm]:
        return {n["id"]: n for n in self.norms}

    @cached_property
    def dimension_index(self) -> dict[str, Dimension | IndexedSubelement]:
        """Dimensions, themes and sub-elements by id."""
        out: dict[str, Dimension | IndexedSubelement] = {}
        for d in self.dimensions_and_themes:
            out[d["id"]] = d
            for s in d.get("subelements", []):
                out[s["id"]] = {**s, "parent": d["id"]}
        return out

    # Pillars --------------------------------------------------------------------------
    @cached_property
    def pillars(self) -> list[Pillar]:
        return list(self.doc("pillars").get("pillars", []))

    @cached_property
    def maturity_phases(self) -> list[MaturityPhase]:
        return sorted(self.doc("pillars").get("maturity_phases", []), key=lambda p: p["level"])

    @cached_property
    def pillar_items(self) -> list[PillarItem]:
        return [{**i, "pillar": p["id"]} for p in self.pillars for i in p.get("items", [])]

    @cached_property
    def pillar_item_index(self) -> dict[str, PillarItem]:
        return {i["id"]: i for i in self.pillar_items}

    # Processes ------------------------------------------------------------------------
    @cached_property
    def process_categories(self) -> list[ProcessCategory]:
        return list(self.doc("processes").get("categories", []))

    @cached_property
    def processes(self) -> list[Process]:
        return [
            {**p, "category": c["id"]}
            for c in self.process_categories
            for p in c.get("processes", [])
        ]

    @cached_property
    def process_index(self) -> dict[str, Process]:
        return {p["id"]: p for p in self.processes}

    # Criteria, functions, measures, VPT, GS roles --------------------------------------
    @cached_property
    def criteria(self) -> list[VulnerabilityCriterion]:
        return list(self.doc("vulnerability_criteria").get("criteria", []))

    @cached_property
    def action_types(self) -> list[DescribedItem]:
        return list(self.doc("vulnerability_criteria").get("action_types", []))

    @cached_property
    def function_attributes(self) -> list[DescribedItem]:
        return list(self.doc("function_attributes").get("attributes", []))

    @cached_property
    def screening_levels(self) -> list[DescribedItem]:
        return list(self.doc("function_attributes").get("screening_levels", []))

    @cached_property
    def function_attribute_index(self) -> dict[str, DescribedItem]:
        return {a["id"]: a for a in self.function_attributes}

    @cached_property
    def screening_level_index(self) -> dict[str, DescribedItem]:
        return {s["id"]: s for s in self.screening_levels}

    @cached_property
    def example_functions(self) -> list[ExampleFunction]:
        return list(self.doc("function_attributes").get("example_functions", []))

    @cached_property
    def measure_categories(self) -> list[MeasureCategory]:
        return list(self.doc("measures").get("categories", []))

    @cached_property
    def measures(self) -> list[Measure]:
        return list(self.doc("measures").get("measures", []))

    @cached_property
    def measure_index(self) -> dict[str, Measure]:
        return {m["id"]: m for m in self.measures}

    @cached_property
    def measures_by_category(self) -> list[MeasureCategoryWithMeasures]:
        """Categories, each with the measures that belong to it (``measures`` key)."""
        return [
            {**c, "measures": [m for m in self.measures if m["category"] == c["id"]]}
            for c in self.measure_categories
        ]

    @cached_property
    def vpt_steps(self) -> list[VptStep]:
        return sorted(self.doc("vpt_steps").get("steps", []), key=lambda s: s["number"])

    @cached_property
    def gs_roles(self) -> list[DescribedItem]:
        return list(self.doc("gs_roles").get("roles", []))

    # Other frameworks and where they meet the norms ------------------------------------
    @cached_property
    def indicators(self) -> list[Indicator]:
        """Every indicator of the version's indicator frameworks, flat."""
        out: list[Indicator] = []
        for doc in self.version.documents_of_kind("indicator_framework"):
            fw = doc["framework"]
            for p in doc["pillars"]:
                for i in p["indicators"]:
                    item = {
                        **i,
                        "framework": fw["id"],
                        "framework_name": fw["name"],
                        "pillar": p["id"],
                        "pillar_name": p["name"],
                    }
                    out.append(cast(Indicator, item))
        return out

    @cached_property
    def indicator_index(self) -> dict[str, Indicator]:
        return {i["id"]: i for i in self.indicators}

    @cached_property
    def overlaps_by_norm(self) -> dict[str, list[Overlap]]:
        """Norm id -> the mapped items of other frameworks (framework_mapping documents)."""
        pillar_names = {p["id"]: p["name"] for p in self.pillars}
        out: dict[str, list[Overlap]] = {}
        for doc in self.version.documents_of_kind("framework_mapping"):
            for m in doc["mappings"]:
                item_id = m["item"]
                if item_id in self.pillar_item_index:
                    item = self.pillar_item_index[item_id]
                    text, group = item["text"], pillar_names[item["pillar"]]
                elif item_id in self.indicator_index:
                    indicator = self.indicator_index[item_id]
                    text, group = indicator["text"], indicator["framework_name"]
                else:  # validated on load; only a mapping of another version's items
                    continue
                for link in m["norms"]:
                    out.setdefault(link["norm"], []).append(
                        {
                            "item": item_id,
                            "text": text,
                            "group": group,
                            "strength": link["strength"],
                            "mapping": doc["id"],
                        }
                    )
        return out

    @cached_property
    def norm_overlaps(self) -> list[tuple[Norm, list[Overlap]]]:
        """The norms that items of other frameworks map onto, in framework order."""
        return [
            (n, self.overlaps_by_norm[n["id"]])
            for n in self.norms
            if n["id"] in self.overlaps_by_norm
        ]

    @cached_property
    def indicator_frameworks(self) -> list[dict[str, Any]]:
        """The documents of kind ``indicator_framework`` (framework, pillars, indicators)."""
        return self.version.documents_of_kind("indicator_framework")

    def get(self, item_id: str) -> LibraryItem | None:
        """Any library item by id (norm, dimension, pillar item, process, measure, indicator)."""
        for index in (
            self.norm_index,
            self.dimension_index,
            self.pillar_item_index,
            self.process_index,
            self.measure_index,
            self.indicator_index,
        ):
            if item_id in index:
                return index[item_id]
        return None


def framework_for(version: LibraryVersion) -> Framework:
    key = (version.pk, version.checksum)
    fw = _CACHE.get(key)
    if fw is None:
        fw = _CACHE[key] = Framework(version)
    return fw
