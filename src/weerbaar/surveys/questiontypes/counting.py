"""What the results engine counts per question type: reported units and counts (pure data)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from weerbaar.surveys.types import Option, Question, Row

Category = Mapping[str, Any]
"""An answer category of a unit: ``value``, ``label`` and optionally ``substantive`` (an
option, a scale point, a grade, "chosen" / "not chosen", a department group)."""

Cell = tuple[str, Any]
"""(group key, answer value) of a cell count."""


@dataclass
class Unit:
    """One reported item: a question, a matrix row, or (multiple choice) one option."""

    question: Question
    key: str
    row: Row | None = None
    option: Option | None = None
    categories: list[Category] = field(default_factory=list)
    grades: bool = False


@dataclass
class QuestionCounts:
    """Counts of one question; filled by its question type's ``count``."""

    shown: Counter[str] = field(default_factory=Counter)  # group -> n shown
    # answered scope (question id or unit key) -> group -> n
    answered: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    # unit key -> (group, value) -> n
    cells: defaultdict[str, Counter[Cell]] = field(default_factory=lambda: defaultdict(Counter))
    texts: list[str] = field(default_factory=list)
    numbers: list[float] = field(default_factory=list)
    by_value: bool = True  # cells are keyed by answer value (not so for the department question)
