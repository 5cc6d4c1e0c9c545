"""Routing conditions (``show_if``) in the editor: which earlier questions a condition may
use, building a condition from the form's choices, and adding or clearing conditions on a
question or on every question of a page.

A condition only uses questions of EARLIER pages (see :mod:`weerbaar.surveys.routing`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Literal, cast

from django.utils.translation import gettext as _

from weerbaar.core.text import translate

from ..questiontypes import question_type
from ..types import Condition, ConditionGroup, ConditionItem, Question, QuestionnaireDefinition
from .operations import find_page, find_question, question_label
from .validation import EditError, require_valid

Operator = Literal["is", "contains", "answered", "not_answered"]
Combine = Literal["all", "any"]
OPERATORS: tuple[Operator, ...] = ("is", "contains", "answered", "not_answered")


@dataclass(frozen=True)
class ConditionSource:
    """An earlier question (or one row of it) a condition may use, with its answer values."""

    key: str  # "<question>" or "<question>.<row>"
    question: str
    row: str | None
    label: str
    operators: tuple[Operator, ...]
    values: list[tuple[str, str]] = field(default_factory=list)  # (value, label)


def _leaves(group: ConditionGroup | ConditionItem | None) -> list[Condition]:
    if not group:
        return []
    if "all" in group or "any" in group:
        items = cast(ConditionGroup, group)
        return [leaf for item in items.get("all", items.get("any", [])) for leaf in _leaves(item)]
    return [cast(Condition, group)]


def referenced_questions(group: ConditionGroup | None) -> set[str]:
    """The questions a condition group uses."""
    return {leaf["question"] for leaf in _leaves(group)}


def used_option_values(definition: QuestionnaireDefinition, qid: str) -> set[str]:
    """The answer values of question ``qid`` that some routing condition names."""
    used: set[str] = set()
    for page in definition["pages"]:
        for question in page["questions"]:
            for leaf in _leaves(question.get("show_if")):
                if leaf["question"] != qid or "row" in leaf:
                    continue
                if "contains" in leaf:
                    used.add(str(leaf["contains"]))
                if "equals" in leaf:
                    used.add(str(leaf["equals"]))
                used.update(str(v) for v in leaf.get("one_of", []))
    return used


def forward_references(definition: QuestionnaireDefinition) -> list[tuple[Question, Question]]:
    """(question, target) for each condition that does not use a question of an earlier page."""
    page_of = {
        q["id"]: (p, q) for p, page in enumerate(definition["pages"]) for q in page["questions"]
    }
    out = []
    for p, page in enumerate(definition["pages"]):
        for question in page["questions"]:
            for ref in sorted(referenced_questions(question.get("show_if"))):
                target = page_of.get(ref)
                if target is None or target[0] >= p:
                    missing: Question = {"id": ref, "type": "text", "text": {"nl": ref, "en": ref}}
                    out.append((question, target[1] if target else missing))
    return out


def condition_sources(
    definition: QuestionnaireDefinition, page_index: int
) -> list[ConditionSource]:
    """What a condition on page ``page_index`` (or a question on it) may use: the questions
    of the earlier pages, a question with rows once per row."""
    out = []
    for page in definition["pages"][:page_index]:
        for question in page["questions"]:
            out.extend(_sources_of(question))
    return out


def _sources_of(question: Question) -> list[ConditionSource]:
    qtype = question_type(question)
    name = f"{question_label(question)}: {translate(question['text'])}"
    if qtype.has_rows(question):
        scale = [(o["value"], translate(o["label"])) for o in question.get("scale", [])]
        values_ops: tuple[Operator, ...] = ("is", "answered", "not_answered")
        return [
            ConditionSource(
                key=f"{question['id']}.{row['id']}",
                question=question["id"],
                row=row["id"],
                label=f"{name} — {translate(row['text'])}",
                operators=values_ops if scale else ("answered", "not_answered"),
                values=scale,
            )
            for row in question["rows"]
        ]
    values = [(o["value"], translate(o["label"])) for o in question.get("options", [])]
    operators: tuple[Operator, ...] = ("answered", "not_answered")
    if qtype.comparison == "contains" and values:
        operators = ("contains", "answered", "not_answered")
    elif qtype.comparison == "values" and values:
        operators = ("is", "answered", "not_answered")
    else:
        values = []
    return [
        ConditionSource(
            key=question["id"],
            question=question["id"],
            row=None,
            label=name,
            operators=operators,
            values=values,
        )
    ]


def build_condition(source: ConditionSource, operator: str, values: list[str]) -> Condition:
    """The condition the form describes; :class:`EditError` for a choice that does not fit."""
    if operator not in source.operators:
        raise EditError([_("Deze vergelijking past niet bij de gekozen vraag.")])
    condition: Condition = {"question": source.question}
    if source.row:
        condition["row"] = source.row
    if operator in ("answered", "not_answered"):
        condition["answered"] = operator == "answered"
        return condition
    known = [v for v, _label in source.values]
    chosen = [v for v in known if v in values]
    if not chosen:
        raise EditError([_("Kies minstens één antwoord voor de voorwaarde.")])
    if operator == "contains":
        if len(chosen) != 1:
            raise EditError([_("Kies bij ‘bevat’ precies één antwoord.")])
        condition["contains"] = chosen[0]
    elif len(chosen) == 1:
        condition["equals"] = chosen[0]
    else:
        condition["one_of"] = list(chosen)
    return condition


def combined(
    group: ConditionGroup | None, condition: Condition, combine: Combine
) -> ConditionGroup:
    """``group`` with ``condition`` added: AND (``all``) or OR (``any``) with what was there."""
    if not group:
        return {"all": [condition]}
    key = "all" if "all" in group else "any"
    items = list(group[key])  # type: ignore[literal-required]
    if key == combine or len(items) == 1:
        return cast(ConditionGroup, {combine: [*items, condition]})
    return cast(ConditionGroup, {combine: [copy.deepcopy(group), condition]})


def _check_source(definition: QuestionnaireDefinition, page_index: int, key: str) -> None:
    if key not in {s.key for s in condition_sources(definition, page_index)}:
        raise EditError([_("Een voorwaarde kan alleen vragen van eerdere pagina’s gebruiken.")])


def add_condition(
    definition: QuestionnaireDefinition,
    qid: str,
    condition: Condition,
    combine: Combine = "all",
) -> QuestionnaireDefinition:
    """Show question ``qid`` only when ``condition`` holds (with its existing conditions)."""
    new = copy.deepcopy(definition)
    p, q = find_question(new, qid)
    _check_source(new, p, _key(condition))
    question = new["pages"][p]["questions"][q]
    question["show_if"] = combined(question.get("show_if"), condition, combine)
    return require_valid(new)


def add_page_condition(
    definition: QuestionnaireDefinition,
    page_id: str,
    condition: Condition,
    combine: Combine = "all",
) -> QuestionnaireDefinition:
    """Show a page only when ``condition`` holds: the condition goes on each of its questions
    (a page is shown when one of its questions is)."""
    new = copy.deepcopy(definition)
    p = find_page(new, page_id)
    _check_source(new, p, _key(condition))
    for question in new["pages"][p]["questions"]:
        question["show_if"] = combined(question.get("show_if"), condition, combine)
    return require_valid(new)


def clear_condition(definition: QuestionnaireDefinition, qid: str) -> QuestionnaireDefinition:
    """Show question ``qid`` always (its routing removed)."""
    new = copy.deepcopy(definition)
    p, q = find_question(new, qid)
    new["pages"][p]["questions"][q].pop("show_if", None)
    return require_valid(new)


def clear_page_condition(
    definition: QuestionnaireDefinition, page_id: str
) -> QuestionnaireDefinition:
    """Remove the routing of every question on a page."""
    new = copy.deepcopy(definition)
    for question in new["pages"][find_page(new, page_id)]["questions"]:
        question.pop("show_if", None)
    return require_valid(new)


def _key(condition: Condition) -> str:
    return (
        f"{condition['question']}.{condition['row']}"
        if "row" in condition
        else condition["question"]
    )
