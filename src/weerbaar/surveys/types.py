"""Typed contracts of the surveys app: questionnaire definitions and the results structure.

The questionnaire TypedDicts mirror ``schemas/questionnaire.yaml`` (a definition is stored as
JSON on the questionnaire and the survey); the results TypedDicts describe what
:func:`weerbaar.surveys.results.compute_results` returns (and what reports freeze in a
snapshot). All are plain JSON-serialisable dicts.
"""

from __future__ import annotations

from typing import Any, Required, TypedDict

Text = dict[str, str]
"""Bilingual content text: ``{"nl": ..., "en": ...}``."""

Answers = dict[str, Any]
"""Stored answers of one respondent: question id -> answer (see the question types)."""

Scalar = str | int | float

# ----------------------------------------------------------------------------- questionnaire


class Option(TypedDict, total=False):
    """An answer option (``options``) or scale point (``scale``)."""

    value: Required[str]
    label: Required[Text]
    substantive: bool
    exclusive: bool
    other: bool  # "Andere, namelijk ...": takes a text


class Row(TypedDict, total=False):
    """A row (statement or item) of a matrix or grade matrix."""

    id: Required[str]
    text: Required[Text]
    reverse: bool
    presentation_label: Text
    maps_to: list[str]


class Condition(TypedDict, total=False):
    """One routing condition on an earlier question (exactly one of the comparisons)."""

    question: Required[str]
    row: str
    equals: Scalar
    one_of: list[Scalar]
    contains: str
    answered: bool


class ConditionGroup(TypedDict, total=False):
    """``all`` (AND) or ``any`` (OR) of conditions and nested groups (exactly one key)."""

    all: list[Condition | ConditionGroup]
    any: list[Condition | ConditionGroup]


ConditionItem = Condition | ConditionGroup


class Question(TypedDict, total=False):
    """One question; ``type`` names its question type (:mod:`weerbaar.surveys.questiontypes`)."""

    id: Required[str]
    type: Required[str]
    text: Required[Text]
    number: str
    help: Text
    required: bool
    options: list[Option]
    options_from: str
    rows: list[Row]
    scale: list[Option]
    min: float
    max: float
    max_length: int
    maps_to: list[str]
    show_if: ConditionGroup
    note: str


class Page(TypedDict, total=False):
    id: Required[str]
    title: Required[Text]
    intro: Text
    questions: Required[list[Question]]


class QuestionnaireDefinition(TypedDict, total=False):
    kind: Required[str]
    id: Required[str]
    version: Required[str]
    audience: Required[str]
    title: Required[Text]
    intro: Required[Text]
    closing: Required[Text]
    source: str
    note: str
    pages: Required[list[Page]]


# ----------------------------------------------------------------------------- results


class Percentages(TypedDict, total=False):
    """Percentages (0-100, one decimal) of one count over each named base."""

    all: float | None
    shown: float | None
    answered: float | None
    substantive: float | None


class Bases(TypedDict, total=False):
    """The bases (noemers) of an item; None where suppressed."""

    all: Required[int]
    shown: int | None
    answered: int | None
    substantive: int | None


class BasesStatus(TypedDict):
    shown: str | None
    answered: str | None
    substantive: str | None


class Missing(TypedDict):
    skipped: int | None
    not_shown: int | None


class CategoryResult(TypedDict, total=False):
    """One answer category of an item: count (None when suppressed) and percentages."""

    value: Required[Scalar]
    label: Required[Text]
    substantive: Required[bool]
    count: Required[int | None]
    suppressed: Required[str | None]
    pct: Required[Percentages]
    reversed_from: Scalar


class CollapsedResult(TypedDict):
    """A group of categories reported together, e.g. "(zeer) mee eens"."""

    group: str
    values: list[Scalar]
    label: Text
    count: int | None
    suppressed: str | None
    pct: Percentages


class ReverseResult(TypedDict):
    label: Text
    categories: list[CategoryResult]


class BreakdownEntry(TypedDict, total=False):
    """One department group of an item's breakdown."""

    group: Required[str]
    label: Required[Text]
    n: Required[int]
    answered: Required[int | None]
    mean: float | None  # two decimals
    mean_unrounded: float | None  # to be rounded where it is shown
    suppressed: str | None
    counts: dict[Scalar, int | None]
    status: dict[Scalar, str | None]
    pct: dict[Scalar, float | None]


class ResultItem(TypedDict, total=False):
    """One reported item: a question, a matrix row or a multiple-choice option."""

    id: Required[str]
    question: Required[str]
    number: Required[str]
    type: Required[str]
    text: Required[Text]
    maps_to: Required[list[str]]
    bases: Required[Bases]
    row: str
    row_text: Text
    option: str
    option_label: Text
    n: int | None
    suppressed: bool
    bases_status: BasesStatus
    missing: Missing
    categories: list[CategoryResult]
    collapsed: list[CollapsedResult]
    mean: float | None  # two decimals
    mean_unrounded: float | None  # to be rounded where it is shown
    median: float | None
    distribution: dict[str, int | None]
    reverse: ReverseResult
    presentation_label: Text
    breakdown: list[BreakdownEntry]
    texts: list[str] | None


class GroupResult(TypedDict):
    """A department group of the breakdowns (departments under k merged)."""

    key: str
    label: Text
    n: int
    merged: list[str]


class SurveyInfo(TypedDict):
    id: int
    title: str
    audience: str


class SurveyResults(TypedDict, total=False):
    """All results of one questionnaire (the engine's output)."""

    questionnaire: Required[str | None]
    version: Required[str | None]
    k: Required[int]
    n_respondents: Required[int]
    suppressed: Required[bool]
    groups: Required[list[GroupResult]]
    items: Required[list[ResultItem]]
    survey: SurveyInfo
    released: bool  # False during the field period: computed from no answers at all
