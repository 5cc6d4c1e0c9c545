"""Question types (vraagsoorten): one class per ``type`` of the questionnaire YAML.

Each type lives in its own module and registers itself with :func:`register_type`; the
imports below are the registration of the shipped types. Everything that depends on the
type of a question (the questionnaire schema, answering, routing checks, results, exports,
imports, descriptions) asks :func:`question_type` instead of switching on the type name.
See ``CONTRIBUTING.md`` ("Adding a question type").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import grade_matrix, likert, matrix, multiple, number, single, text  # noqa: F401
from .base import QuestionType, ReportKind, Variable, question_types, register_type


def question_type(question: Mapping[str, Any] | str) -> QuestionType:
    """The type of a question (or the type registered under a key); KeyError if unknown."""
    key = question if isinstance(question, str) else question["type"]
    return question_types[key]


__all__ = [
    "QuestionType",
    "ReportKind",
    "Variable",
    "question_type",
    "question_types",
    "register_type",
]
