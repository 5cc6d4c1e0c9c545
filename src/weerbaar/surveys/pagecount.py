"""How many pages a respondent will see: "Pagina x van y" that never grows while answering.

The pages a respondent sees depend on routing (``show_if``), and a condition only looks at
questions of earlier pages. When page ``current`` is shown, the answers on the pages before
it are settled; the answers on ``current`` and later pages may still change. So a later page
is either certainly shown, certainly skipped, or still possible, and :func:`page_count`
counts the pages shown so far plus every later page that is not certainly skipped.

That total is an upper bound of the pages this respondent will see (three-valued logic: an
unknown answer makes a condition unknown, never true or false), and answering forward only
settles more answers, so the total never goes up; it is exact once no later page depends on
answers still to be given ("Pagina 3 van 8" rather than "Pagina 3 van ten hoogste 8").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from .routing import condition_holds
from .types import Answers, Condition, ConditionGroup, ConditionItem, QuestionnaireDefinition

UNKNOWN = None
type Truth = bool | None  # True, False or UNKNOWN


@dataclass(frozen=True)
class PageCount:
    """Page ``position`` of at most ``total`` pages; ``exact`` when the total is certain."""

    position: int
    total: int
    exact: bool


def _condition(cond: Condition, values: dict[str, object], settled: Answers) -> Truth:
    qid = cond["question"]
    if values.get(qid, UNKNOWN) is UNKNOWN:
        return UNKNOWN
    known = {qid: settled[qid]} if qid in settled else {}
    return condition_holds(cond, known)


def _group(group: ConditionGroup | None, values: dict[str, object], settled: Answers) -> Truth:
    if not group:
        return True
    if "all" in group:
        results = [_item(item, values, settled) for item in group["all"]]
        if False in results:
            return False
        return UNKNOWN if UNKNOWN in results else True
    if "any" in group:
        results = [_item(item, values, settled) for item in group["any"]]
        if True in results:
            return True
        return UNKNOWN if UNKNOWN in results else False
    return True


def _item(item: ConditionItem, values: dict[str, object], settled: Answers) -> Truth:
    if "all" in item or "any" in item:
        return _group(cast(ConditionGroup, item), values, settled)
    return _condition(cast(Condition, item), values, settled)


SETTLED = object()  # marks a question whose answer (or its absence) is known


def page_states(definition: QuestionnaireDefinition, answers: Answers, current: int) -> list[Truth]:
    """Per page: shown (True), skipped (False) or still possible (None), as seen on ``current``.

    Only the answers on pages before ``current`` count; later answers may still change.
    """
    values: dict[str, object] = {}  # question id -> SETTLED (answer known) or UNKNOWN
    settled: Answers = {}  # the settled answers of shown questions
    states: list[Truth] = []
    for index, page in enumerate(definition["pages"]):
        page_state: list[Truth] = []
        for question in page["questions"]:
            qid = question["id"]
            shown = _group(question.get("show_if"), values, settled)
            page_state.append(shown)
            if index < current and shown is not UNKNOWN:
                values[qid] = SETTLED
                if shown and qid in answers:
                    settled[qid] = answers[qid]
            else:
                values[qid] = UNKNOWN
        if True in page_state:
            states.append(True)
        elif UNKNOWN in page_state:
            states.append(UNKNOWN)
        else:
            states.append(False)
    return states


def page_count(definition: QuestionnaireDefinition, answers: Answers, current: int) -> PageCount:
    """Where page ``current`` stands and how many pages this respondent sees at most."""
    states = page_states(definition, answers, current)
    position = sum(1 for state in states[:current] if state is True) + 1
    later = states[current + 1 :]
    total = position + sum(1 for state in later if state is not False)
    return PageCount(position=position, total=total, exact=UNKNOWN not in later)
