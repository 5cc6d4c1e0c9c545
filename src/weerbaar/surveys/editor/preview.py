"""Previewing a questionnaire as a respondent: the respondent's page rendering and routing,
with the answers carried in a signed form field, so nothing is stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core import signing

from weerbaar.core.text import translate

from .. import answering, pagecount, routing
from ..questiontypes.base import FormData
from ..types import Answers, QuestionnaireDefinition

SALT = "weerbaar.surveys.editor.preview"


def pack(answers: Answers, questionnaire_id: int) -> str:
    """The answers so far, signed for one questionnaire (the preview's hidden field)."""
    return signing.dumps(answers, salt=f"{SALT}.{questionnaire_id}")


def unpack(value: str, questionnaire_id: int) -> Answers:
    """The answers of a preview form; empty when missing or tampered with."""
    try:
        data = signing.loads(value, salt=f"{SALT}.{questionnaire_id}")
    except signing.BadSignature:
        return {}
    return data if isinstance(data, dict) else {}


@dataclass
class PreviewStep:
    """Where the preview goes after a page was submitted."""

    answers: Answers
    page: int | None  # the page to show; None: the end of the questionnaire
    errors: dict[str, list[str]] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)  # what to show again on errors


def submit(
    definition: QuestionnaireDefinition,
    answers: Answers,
    page: int,
    data: FormData,
    departments: list[Any],
    *,
    back: bool = False,
) -> PreviewStep:
    """Read one page as the respondent pages do and move forward (or back) by routing."""
    questions = routing.visible_on_page(definition, page, answers)
    page_input = answering.read_page(questions, data, departments, check_required=not back)
    if back:
        merged = routing.merge_page(definition, answers, page, page_input.answers)
        target = routing.previous_page(definition, merged, page)
        return PreviewStep(merged, target if target is not None else page)
    if not page_input.is_valid:
        return PreviewStep(answers, page, page_input.errors, {**answers, **page_input.raw})
    merged = routing.merge_page(definition, answers, page, page_input.answers)
    return PreviewStep(merged, routing.next_page(definition, merged, page))


def page_context(
    definition: QuestionnaireDefinition,
    answers: Answers,
    page: int,
    departments: list[Any],
    values: dict[str, Any] | None = None,
    errors: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """What the preview page shows (as the respondent's page shows it)."""
    questions = routing.visible_on_page(definition, page, answers)
    _position, percent = routing.progress(definition, answers, page)
    page_def = definition["pages"][page]
    return {
        "title": translate(definition.get("title")),
        "page_index": page,
        "page_title": translate(page_def.get("title")),
        "page_intro": translate(page_def.get("intro")) if page_def.get("intro") else "",
        "page_count": pagecount.page_count(definition, answers, page),
        "percent": percent,
        "is_first": routing.previous_page(definition, answers, page) is None,
        "is_last": routing.next_page(definition, answers, page) is None,
        "questions": answering.present_questions(
            questions, values if values is not None else answers, errors or {}, departments
        ),
        "has_errors": bool(errors),
    }


def first_page(definition: QuestionnaireDefinition, answers: Answers) -> int:
    sequence = routing.page_sequence(definition, answers)
    return sequence[0] if sequence else 0


def sequence(definition: QuestionnaireDefinition, answers: Answers) -> list[int]:
    """The pages shown for these answers."""
    return routing.page_sequence(definition, answers)
