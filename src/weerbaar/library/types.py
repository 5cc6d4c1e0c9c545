"""The typed contract of library items, as :mod:`weerbaar.library.framework` returns them.

Library documents are validated against the JSON schemas in ``library/schemas`` when a
version is loaded; these TypedDicts describe the same items for the code that reads them
(scans, surveys, registers, assessment, reports, actions). Items are plain dicts: templates
and snapshots use them as they are.
"""

from typing import Literal, NotRequired, TypedDict


class Text(TypedDict):
    """Bilingual content text, Dutch first (pick one with ``weerbaar.core.text.translate``)."""

    nl: str
    en: str


class NormCriterion(TypedDict):
    id: str
    text: Text
    note: NotRequired[str]


class NormEntry(TypedDict):
    """A norm as written in the dimensions document."""

    id: str
    code: str
    title: Text
    description: Text
    source: NotRequired[str]
    note: NotRequired[str]
    figures: NotRequired[list[str]]  # "incidents" | "signals": register figures shown beside it
    criteria: NotRequired[list[NormCriterion]]


class Norm(NormEntry):
    """A norm with where it belongs: ``Framework.norms`` and ``Framework.norm_index``."""

    dimension: str
    subelement: str | None


class Subelement(TypedDict):
    id: str
    code: str
    name: Text
    norm: Text
    source: NotRequired[str]
    note: NotRequired[str]
    norms: list[NormEntry]


class IndexedSubelement(Subelement):
    """A sub-element in ``Framework.dimension_index``, with its dimension's id."""

    parent: str


class Dimension(TypedDict):
    """A dimension of resilience (``type`` "dimension") or an extra theme ("theme")."""

    id: str
    number: str
    type: Literal["dimension", "theme"]
    name: Text
    definition: Text
    norm: Text
    source: NotRequired[str]
    note: NotRequired[str]
    norms: list[NormEntry]
    subelements: NotRequired[list[Subelement]]
    report_register: NotRequired[bool]  # the report shows the registers in this chapter


class MaturityPhase(TypedDict):
    level: int
    id: str
    name: Text
    description: Text
    note: NotRequired[str]


class PillarItemEntry(TypedDict):
    id: str
    text: Text
    source: NotRequired[str]
    note: NotRequired[str]


class PillarItem(PillarItemEntry):
    """A pillar item with its pillar's id: ``Framework.pillar_items``."""

    pillar: str


class Pillar(TypedDict):
    id: str
    name: Text
    description: Text
    dimensions: list[str]
    source: NotRequired[str]
    note: NotRequired[str]
    items: list[PillarItemEntry]


class ProcessEntry(TypedDict):
    id: str
    name: Text
    description: NotRequired[Text]
    seed_vulnerable: NotRequired[bool]
    risk_label: NotRequired[Text]
    source: NotRequired[str]
    note: NotRequired[str]


class Process(ProcessEntry):
    """A vulnerable process with its category's id: ``Framework.processes``."""

    category: str


class ProcessCategory(TypedDict):
    id: str
    name: Text
    description: NotRequired[Text]
    note: NotRequired[str]
    processes: list[ProcessEntry]


class DescribedItem(TypedDict):
    """The common shape of action types, function attributes, screening levels, GS roles."""

    id: str
    name: Text
    description: Text
    source: NotRequired[str]
    note: NotRequired[str]


class VulnerabilityCriterion(TypedDict):
    id: str
    name: Text
    why: Text
    examples: NotRequired[Text]
    source: NotRequired[str]
    note: NotRequired[str]


class ExampleFunction(TypedDict):
    id: str
    name: Text
    description: NotRequired[Text]
    typical_attributes: NotRequired[list[str]]
    recommended_screening: NotRequired[str]
    processes: NotRequired[list[str]]
    source: NotRequired[str]
    note: NotRequired[str]


class MeasureCategory(TypedDict):
    id: str
    name: Text
    description: NotRequired[Text]
    note: NotRequired[str]


class Measure(TypedDict):
    id: str
    name: Text
    description: Text
    category: str
    control_type: NotRequired[str]
    dimensions: NotRequired[list[str]]
    pillars: NotRequired[list[str]]
    compensates_for: NotRequired[list[str]]
    small_organisation: NotRequired[bool]
    source: NotRequired[str]
    note: NotRequired[str]


class MeasureCategoryWithMeasures(MeasureCategory):
    measures: list[Measure]


class VptStep(TypedDict):
    id: str
    number: int
    name: Text
    description: Text
    source: NotRequired[str]
    note: NotRequired[str]


class Indicator(TypedDict):
    """An indicator of an indicator framework, with the framework and pillar it belongs to."""

    id: str
    text: Text
    guidance: NotRequired[Text]
    source: NotRequired[str]
    note: NotRequired[str]
    framework: str
    framework_name: Text
    pillar: str
    pillar_name: Text


type Strength = Literal["gelijk", "deels", "gerelateerd"]


class Overlap(TypedDict):
    """An item of another framework mapped onto a norm (``Framework.overlaps_by_norm``)."""

    item: str
    text: Text
    group: Text  # the pillar or framework the item belongs to
    strength: Strength
    mapping: str


type LibraryItem = Norm | Dimension | IndexedSubelement | PillarItem | Process | Measure | Indicator
"""What ``Framework.get(item_id)`` may return."""
