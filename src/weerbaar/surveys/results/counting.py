"""Counting the stored answers of one questionnaire, question by question (pure).

Each question's type counts its own answers (:meth:`QuestionType.count`); here are the parts
shared by every type: who was shown the question (routing) and one pass over the answers.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, cast

from weerbaar.surveys.questiontypes import question_type
from weerbaar.surveys.questiontypes.counting import QuestionCounts
from weerbaar.surveys.types import Answers, Condition, ConditionGroup, ConditionItem, Question

from .visibility import compile_condition

Pairs = list[tuple[str, Any]]
"""(group key, stored answer) of the respondents who answered a question."""


def answer_pairs(
    questions: list[Question], row_groups: list[str], answers_list: list[Answers]
) -> dict[str, Pairs]:
    """One pass over the stored answers (only answers to shown questions are stored)."""
    pairs: dict[str, Pairs] = {q["id"]: [] for q in questions}
    for g, a in zip(row_groups, answers_list, strict=True):
        for qid, v in a.items():
            bucket = pairs.get(qid)
            if bucket is not None and (v or v == 0):  # not None, "", [] or {}
                bucket.append((g, v))
    return pairs


def count_question(
    question: Question,
    pairs: Pairs,
    answers_list: list[Answers],
    row_groups: list[str],
    earlier: dict[str, QuestionCounts],
) -> QuestionCounts:
    """Counts for one question: ``pairs`` are (group, stored answer) of its respondents."""
    qc = QuestionCounts()
    condition = question.get("show_if")
    if not condition:
        qc.shown = Counter(row_groups)
    else:
        shown = shown_from_counts(condition, earlier)
        if shown is None:
            predicate = compile_condition(condition)
            assert predicate is not None
            shown = Counter(
                g for g, a in zip(row_groups, answers_list, strict=True) if predicate(a)
            )
        qc.shown = shown
    question_type(question).count(question, pairs, qc)
    return qc


def single_leaf(condition: ConditionItem | None) -> Condition | None:
    """The one condition of a (nested) group of one condition; None for anything else."""
    item: Any = condition
    while item and ("all" in item or "any" in item):
        parts = item.get("all") or item.get("any")
        if len(parts) != 1:
            return None
        item = parts[0]
    return cast(Condition, item) if item else None


def shown_from_counts(
    condition: ConditionGroup, earlier: dict[str, QuestionCounts]
) -> Counter[str] | None:
    """Shown counts per group for a single condition on an earlier single-choice, multiple
    or matrix question, read from that question's counts (no pass over respondents)."""
    leaf = single_leaf(condition)
    if leaf is None:
        return None
    source = earlier.get(leaf["question"])
    if source is None or not source.by_value or "answered" in leaf:
        return None
    out: Counter[str] = Counter()
    if "contains" in leaf:
        cells = source.cells.get(f"{leaf['question']}.{leaf['contains']}", Counter())
        for (g, value), n in cells.items():
            if value == "chosen":
                out[g] += n
        return out
    values = [leaf["equals"]] if "equals" in leaf else list(leaf["one_of"])
    if not all(isinstance(v, str) for v in values):
        return None
    cell_key = leaf["question"] + (f".{leaf['row']}" if "row" in leaf else "")
    found = source.cells.get(cell_key)
    if found is None:
        return out
    wanted = set(values)
    for (g, value), n in found.items():
        if value in wanted:
            out[g] += n
    return out
