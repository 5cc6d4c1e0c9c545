"""The editor's outline of a questionnaire: per page its questions, kinds and routing in words."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from weerbaar.core.text import translate

from .. import questionnaire as qn
from ..overview import describe_group
from ..questiontypes import question_type
from ..types import ConditionGroup, Question, QuestionnaireDefinition
from .operations import question_label


def structure(definition: QuestionnaireDefinition) -> list[dict[str, Any]]:
    """Per page what the editor lists: its questions, kinds and routing in words."""
    index = qn.question_index(definition)
    out = []
    pages = definition.get("pages", [])
    for p, page in enumerate(pages):
        questions = []
        for i, question in enumerate(page["questions"]):
            questions.append(
                {
                    "id": question["id"],
                    "label": question_label(question),
                    "text": translate(question["text"]),
                    "kind": str(question_type(question).label),
                    "condition": describe_group(question.get("show_if"), index),
                    "first": p == 0 and i == 0,
                    "last": p == len(pages) - 1 and i == len(page["questions"]) - 1,
                }
            )
        out.append(
            {
                "id": page["id"],
                "number": p + 1,
                "title": translate(page["title"]),
                "questions": questions,
                "first": p == 0,
                "last": p == len(pages) - 1,
                "condition": page_condition(page["questions"], index),
            }
        )
    return out


def page_condition(questions: list[Question], index: dict[str, Question]) -> str:
    """The routing of a page in words: its questions' shared conditions."""
    groups: list[ConditionGroup | None] = [q.get("show_if") for q in questions]
    if groups and all(g == groups[0] for g in groups):
        return describe_group(groups[0], index)
    return _("verschilt per vraag")
