"""Routing (routering) of a questionnaire: which questions and pages a respondent sees.

Pure functions on a questionnaire definition (see :mod:`weerbaar.surveys.questionnaire`) and
the answers given so far (``{question_id: answer}``). Conditions (``show_if``) are evaluated
on the server; a condition only looks at questions of earlier pages, and only at answers to
questions that are themselves shown, so an answer that was hidden never steers routing.
"""

from __future__ import annotations

from typing import Any, cast

from .types import (
    Answers,
    Condition,
    ConditionGroup,
    ConditionItem,
    Question,
    QuestionnaireDefinition,
)

__all__ = ["Answers"]


def _answer_for(cond: Condition, answers: Answers) -> Any:
    value = answers.get(cond["question"])
    if "row" in cond:
        return value.get(cond["row"]) if isinstance(value, dict) else None
    return value


def is_empty(value: Any) -> bool:
    """An answer that counts as not given (None, "", [], {})."""
    return value is None or value == "" or value == [] or value == {}


def condition_holds(cond: Condition, answers: Answers) -> bool:
    """One condition: ``equals``, ``one_of``, ``contains`` (multiple choice) or ``answered``."""
    value = _answer_for(cond, answers)
    if "answered" in cond:
        return (not is_empty(value)) == bool(cond["answered"])
    if is_empty(value):
        return False
    if "contains" in cond:
        return isinstance(value, list) and cond["contains"] in value
    if isinstance(value, list | dict):
        return False
    if "equals" in cond:
        return bool(value == cond["equals"])
    if "one_of" in cond:
        return bool(value in cond["one_of"])
    return False


def group_holds(group: ConditionGroup | None, answers: Answers) -> bool:
    """An ``all`` (AND) or ``any`` (OR) group of conditions and nested groups."""
    if not group:
        return True
    if "all" in group:
        return all(_item_holds(item, answers) for item in group["all"])
    if "any" in group:
        return any(_item_holds(item, answers) for item in group["any"])
    return True


def _item_holds(item: ConditionItem, answers: Answers) -> bool:
    if "all" in item or "any" in item:
        return group_holds(cast(ConditionGroup, item), answers)
    return condition_holds(cast(Condition, item), answers)


def visible_questions(definition: QuestionnaireDefinition, answers: Answers) -> list[str]:
    """Ids of the questions shown for these answers, in questionnaire order.

    Conditions are evaluated against the answers to questions already found visible, so a
    stale answer to a hidden question never makes a later question visible.
    """
    shown: list[str] = []
    kept: Answers = {}
    for page in definition["pages"]:
        for question in page["questions"]:
            condition = question.get("show_if")
            if condition and not group_holds(condition, kept):
                continue
            qid = question["id"]
            shown.append(qid)
            if qid in answers:
                kept[qid] = answers[qid]
    return shown


def clean_answers(definition: QuestionnaireDefinition, answers: Answers) -> Answers:
    """The answers without those to hidden (or unknown) questions, repeated until stable.

    The text of an "other" option (``<question>:other``) stays only while that option is
    the answer (or one of the answers) to its visible question.
    """
    return clean_answers_visible(definition, answers)[0]


def clean_answers_visible(
    definition: QuestionnaireDefinition, answers: Answers
) -> tuple[Answers, set[str]]:
    """:func:`clean_answers` and the ids of the questions shown for the cleaned answers."""
    current = dict(answers)
    while True:
        visible = visible_questions(definition, current)
        cleaned = {
            qid: current[qid] for qid in visible if qid in current and not is_empty(current[qid])
        }
        for key in current:
            if ":" in key and _other_text_applies(definition, key, cleaned):
                cleaned[key] = current[key]
        if cleaned == current:
            return cleaned, set(visible)
        current = cleaned


def _other_text_applies(definition: QuestionnaireDefinition, key: str, answers: Answers) -> bool:
    qid, _sep, kind = key.partition(":")
    if kind != "other" or qid not in answers:
        return False
    question = next(
        (q for page in definition["pages"] for q in page["questions"] if q["id"] == qid), None
    )
    if question is None:
        return False
    chosen = answers[qid] if isinstance(answers[qid], list) else [answers[qid]]
    others = {o["value"] for o in question.get("options", []) if o.get("other")}
    return bool(others & set(chosen))


def visible_on_page(
    definition: QuestionnaireDefinition, page_index: int, answers: Answers
) -> list[Question]:
    """The questions of one page shown for these answers."""
    return questions_on_page(definition, page_index, set(visible_questions(definition, answers)))


def questions_on_page(
    definition: QuestionnaireDefinition, page_index: int, visible: set[str]
) -> list[Question]:
    """The questions of one page among ``visible`` (ids from :func:`visible_questions`)."""
    return [q for q in definition["pages"][page_index]["questions"] if q["id"] in visible]


def page_sequence(definition: QuestionnaireDefinition, answers: Answers) -> list[int]:
    """Indices of the pages with at least one visible question, in order."""
    return pages_with(definition, set(visible_questions(definition, answers)))


def pages_with(definition: QuestionnaireDefinition, visible: set[str]) -> list[int]:
    """Indices of the pages with at least one question among ``visible``, in order."""
    return [
        i
        for i, page in enumerate(definition["pages"])
        if any(q["id"] in visible for q in page["questions"])
    ]


def next_page(definition: QuestionnaireDefinition, answers: Answers, current: int) -> int | None:
    """The first page after ``current`` that has a visible question; None at the end."""
    return next((i for i in page_sequence(definition, answers) if i > current), None)


def page_after(sequence: list[int], current: int) -> int | None:
    """The first page of ``sequence`` (from :func:`pages_with`) after ``current``."""
    return next((i for i in sequence if i > current), None)


def previous_page(
    definition: QuestionnaireDefinition, answers: Answers, current: int
) -> int | None:
    """The last page before ``current`` that has a visible question; None at the start."""
    earlier = [i for i in page_sequence(definition, answers) if i < current]
    return earlier[-1] if earlier else None


def page_position(
    definition: QuestionnaireDefinition, answers: Answers, current: int
) -> tuple[int, int]:
    """(x, y) for "pagina x van y": the place of ``current`` among the pages shown."""
    sequence = page_sequence(definition, answers)
    if current not in sequence:
        sequence = sorted({*sequence, current})
    return sequence.index(current) + 1, len(sequence)


def progress(
    definition: QuestionnaireDefinition, answers: Answers, current: int
) -> tuple[int, int]:
    """(x, percent) for "Pagina x" and the progress bar of page ``current``.

    ``x`` is the place of ``current`` among the pages shown so far; it depends only on the
    answers to earlier pages. The percentage is the share of the questionnaire's pages up to
    and including ``current`` (100 on the last page of this route): answering a page can add
    pages further on but never lowers it, so moving forward never moves the bar back.
    """
    x, _total = page_position(definition, answers, current)
    if next_page(definition, answers, current) is None:
        return x, 100
    n_pages = len(definition["pages"])
    return x, min(99, (100 * (current + 1)) // n_pages)


def merge_page(
    definition: QuestionnaireDefinition, stored: Answers, page_index: int, page_answers: Answers
) -> Answers:
    """Stored answers after submitting one page: the page's answers replace the old ones
    (an absent key means "not answered"), then answers to hidden questions are dropped."""
    return merge_page_visible(definition, stored, page_index, page_answers)[0]


def merge_page_visible(
    definition: QuestionnaireDefinition, stored: Answers, page_index: int, page_answers: Answers
) -> tuple[Answers, set[str]]:
    """:func:`merge_page` and the ids of the questions shown for the merged answers (so a
    caller routes on from them without evaluating the conditions again)."""
    page_ids = {q["id"] for q in definition["pages"][page_index]["questions"]}
    merged = {k: v for k, v in stored.items() if k.partition(":")[0] not in page_ids}
    merged.update(page_answers)
    return clean_answers_visible(definition, merged)
