"""The report's single data structure (rapportgegevens): a dataclass tree.

:mod:`.collect` fills a :class:`ReportData` from the surveys, registers and self-assessment
of a scan; publishing freezes ``ReportData.to_json()`` as the snapshot of a
:class:`~weerbaar.reports.models.ReportVersion`. All three formats (HTML, PDF, DOCX) render
from that JSON form, so a published report renders the same way for ever.

Texts from the library are bilingual ``{"nl": ..., "en": ...}``; texts written by the
coordinator are plain strings. Survey figures are taken from the survey results engine
*after* suppression: a suppressed count is ``None`` here and is never recomputed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from weerbaar.surveys.describe import QuestionDescription

SCHEMA_VERSION = 1

# The graded verdict scale of seed 004 §7.4 (oordeel), best first; labels in .labels.
VERDICT_LEVELS = ["voldoende", "op_onderdelen", "beperkt", "onvoldoende", "geen_oordeel"]


@dataclass
class SurveyCategory:
    """One answer category of a chart bar (eens / oneens / weet niet, or a grade)."""

    value: str
    label: Any
    count: int | None  # None: suppressed (< k or complementary)
    pct: float | None  # share of the item's base, None when suppressed
    substantive: bool = True
    group: str = "other"  # agree | disagree | unknown | other (colour and order)


@dataclass
class SurveyItem:
    """One reported survey statement or question (enquête-item), after suppression."""

    id: str
    survey: str  # staff | council
    number: str
    text: Any
    kind: str  # categorical | grade | multiple | open
    n: int | None  # respondents who answered (None when suppressed)
    base: str  # which denominator the percentages use ("answered", "shown", ...)
    base_n: int | None
    suppressed: bool
    categories: list[SurveyCategory] = field(default_factory=list)
    mean: float | None = None
    previous: dict | None = None  # {"n":, "pct": {value: pct}, "mean":} of the previous scan
    maps_to: list[str] = field(default_factory=list)
    routing: Any = ""  # bilingual "only shown if ..." (the item's base), "" without routing


@dataclass
class NormResult:
    """A norm of the reference framework with the self-assessment on it (zelfevaluatie)."""

    id: str
    code: str
    title: Any
    description: Any
    status: str  # voldoet | voldoet_deels | voldoet_niet | onbekend
    status_label: Any
    finding: str = ""
    evidence_text: str = ""
    evidence: list[dict] = field(default_factory=list)  # [{"kind": "link"|"document", "title":}]
    # The kinds of source that support the verdict (assessment SourceKind values), and per kind
    # what the source says: [{"kind", "label", "notes", "lines": [{"text", "detail"}]}]
    supported_by: list[str] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)


@dataclass
class SubElement:
    id: str
    code: str
    name: Any
    norm: Any
    norms: list[NormResult] = field(default_factory=list)


@dataclass
class ProcessRow:
    """A vulnerable process of the register with its score and heat-map cells."""

    name: str
    department: str
    score: int
    band: Any
    band_id: str
    cells: list[dict] = field(default_factory=list)  # [{"criterion": id, "score": 0-3|None}]
    controls: list[dict] = field(default_factory=list)  # [{"name":, "state": bilingual}]
    previous_score: int | None = None  # score of the same process in the previous scan


@dataclass
class FunctionRow:
    name: str
    department: str
    score: int
    band: Any
    band_id: str
    flags: list[Any] = field(default_factory=list)
    screening: str = ""


@dataclass
class RegisterData:
    """The register of vulnerable processes and functions (kwetsbaarheidsprofiel)."""

    available: bool
    criteria: list[dict] = field(default_factory=list)  # [{"id":, "name":, "short":}]
    processes: list[ProcessRow] = field(default_factory=list)
    functions: list[FunctionRow] = field(default_factory=list)
    note: Any = None


@dataclass
class Chapter:
    """One dimension or theme: norm (theorie), findings (praktijk), verdict (oordeel)."""

    id: str
    number: str
    type: str  # dimension | theme
    name: Any
    definition: Any
    norm: Any
    norms: list[NormResult] = field(default_factory=list)
    subelements: list[SubElement] = field(default_factory=list)
    survey_items: list[SurveyItem] = field(default_factory=list)
    show_register: bool = False
    assessment_counts: dict[str, int] = field(default_factory=dict)
    findings_text: str = ""
    verdict_level: str = "geen_oordeel"
    verdict_label: Any = None
    verdict: str = ""


@dataclass
class PillarMaturity:
    id: str
    name: Any
    level: int | None
    max_level: int
    phase_name: Any
    score: float | None
    counts: dict[str, int] = field(default_factory=dict)
    previous_level: int | None = None  # phase in the previous scan (comparison)


@dataclass
class SurveyMethod:
    key: str
    audience: str
    title: str
    invited: int | None
    responses: int
    response_rate: float | None
    period: str
    suppressed: bool
    departments: list[dict] = field(default_factory=list)  # label, invited, submitted, rate


@dataclass
class Method:
    k: int
    period_start: str
    period_end: str
    sources: list[Any] = field(default_factory=list)
    surveys: list[SurveyMethod] = field(default_factory=list)
    processes: int = 0
    functions: int = 0
    norms_assessed: int = 0
    norms_total: int = 0
    notes: list[Any] = field(default_factory=list)


@dataclass
class RecommendationItem:
    number: int
    text: str
    reason: str = ""
    source: str = "rule"  # rule | own
    measure: str = ""
    triggers: list[str] = field(default_factory=list)
    key: str = ""  # "rule:<id>" or "own:<n>": where the draft stores its theme
    theme: str = ""  # beleid | uitvoering | toekomstbestendigheid (library report_structure)


@dataclass
class QuestionnaireAppendix:
    key: str
    title: Any
    audience: str
    questions: list[QuestionDescription] = field(default_factory=list)


@dataclass
class Comparison:
    available: bool
    previous_title: str = ""
    previous_period: str = ""


@dataclass
class IncidentData:
    """Figures of the incident register and the signals over the scan's period.

    Every number is already suppressed below k: ``None`` means withheld.
    """

    available: bool = False
    k: int = 0
    quarters: list[str] = field(default_factory=list)
    # {"label": {"nl", "en"}, "cells": [count per quarter]}
    categories: list[dict] = field(default_factory=list)
    incidents_total: int | None = 0
    contact_within_48h: float | None = None  # share 0..1
    median_hours_to_contact: float | None = None
    aangifte_rate: float | None = None  # share 0..1
    signals: list[dict] = field(default_factory=list)  # {"label": {"nl", "en"}, "count"}
    signals_total: int | None = 0


@dataclass
class ReportData:
    """Everything one report shows; the JSON form is the frozen snapshot of a version."""

    schema: int
    language: str
    organisation: str
    organisation_slug: str
    scan_id: int
    scan_title: str
    scan_kind: str
    title: str
    subtitle: str
    place_date: str
    library_version: str
    data_version: str
    generated_at: str
    summary: str
    method: Method
    chapters: list[Chapter]
    pillars: list[PillarMaturity]
    register: RegisterData
    conclusions: str
    recommendations: list[RecommendationItem]
    questionnaires: list[QuestionnaireAppendix]
    result_tables: list[SurveyItem]
    comparison: Comparison
    notices: list[Any] = field(default_factory=list)  # "no data yet" explanations
    # Free texts after closing, redacted by the coordinator (weerbaar.disclosure): per
    # question {"survey", "number", "question", "texts"}; items with fewer than k texts absent.
    free_texts: list[dict] = field(default_factory=list)
    inhabitants: int | None = None  # of the organisation, on the title page
    incidents: IncidentData = field(default_factory=IncidentData)
    # Seed 004 ch. 11 and Bijlage 2: the research questions answered, the documents studied
    # and the conversation partners by function (absent from older snapshots).
    research: dict = field(default_factory=dict)
    documents: list[dict] = field(default_factory=list)
    partners: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


def canonical_json(data: dict) -> str:
    """The canonical JSON text of a snapshot: sorted keys, no whitespace, UTF-8."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def content_hash(data: dict) -> str:
    """sha256 of the canonical JSON snapshot (inhoudshash)."""
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()
