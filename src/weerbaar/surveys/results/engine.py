"""The results engine (resultaten): counts, percentages with an explicit base, means,
reverse-coded presentation and department breakdowns, all under minimum cell size k.

Pure: it takes a questionnaire definition and the submitted answers (or their stored
counts per department and knower, :mod:`.tallies`: the same results, see
:func:`compute_results_from_tallies`), and returns a JSON-serialisable dict
(:class:`~weerbaar.surveys.types.SurveyResults`). Nothing here
touches the database. Each question's type decides its units and counts
(:mod:`weerbaar.surveys.questiontypes`); the parts are in :mod:`.groups` (department groups),
:mod:`.counting`, :mod:`.tables` (what is published and suppressed) and :mod:`.items`.

Bases (noemers), always named in the output:

* ``all``          every respondent of the survey (``n_respondents``);
* ``shown``        respondents who were shown the item (routing);
* ``answered``     respondents who gave an answer to the item;
* ``substantive``  answered, excluding "weet niet / geen mening", "wil liever niet zeggen".

Every number that is shown (and every difference of shown numbers) is protected by
:mod:`.suppression`; departments with fewer than k respondents are merged into one group.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

from weerbaar.surveys.questiontypes import question_type
from weerbaar.surveys.questiontypes.counting import Category, QuestionCounts, Unit
from weerbaar.surveys.types import (
    Answers,
    Question,
    QuestionnaireDefinition,
    ResultItem,
    SurveyResults,
)

from . import options, tables
from .counting import answer_pairs, count_question
from .groups import POOLED_GROUP, UNKNOWN_GROUP, Group, plan_groups
from .items import base_item, categorical_item, open_item
from .tables import QuestionScope, Scope, UnitCounts, View
from .tallies import Tally, merged_counts

__all__ = [
    "POOLED_GROUP",
    "UNKNOWN_GROUP",
    "Group",
    "compute_results",
    "compute_results_from_tallies",
    "plan_groups",
]


def compute_results(
    definition: QuestionnaireDefinition,
    respondents: Iterable[tuple[Answers, Any]],
    *,
    k: int,
    department_labels: dict[str, str] | None = None,
    include_texts: bool = False,
    known: Sequence[Hashable | None] | None = None,
) -> SurveyResults:
    """All results of one questionnaire over the submitted answers (see :func:`_compute`).

    The cyclic garbage collector is paused meanwhile: counting creates many small tuples
    and no cycles, and collection passes would otherwise double the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _compute(
            definition,
            respondents,
            k=k,
            department_labels=department_labels,
            include_texts=include_texts,
            known=known,
        )
    finally:
        if enabled:
            gc.enable()


def _compute(
    definition: QuestionnaireDefinition,
    respondents: Iterable[tuple[Answers, Any]],
    *,
    k: int,
    department_labels: dict[str, str] | None = None,
    include_texts: bool = False,
    known: Sequence[Hashable | None] | None = None,
) -> SurveyResults:
    """All results of one questionnaire over the submitted answers.

    ``respondents``: ``(answers, department_key)`` pairs; ``department_key`` None when
    unknown. ``include_texts``: return free-text answers (coordinator only), and then only
    for items with at least ``k`` texts. ``known``: per respondent, who knows that row
    (the user who imported it from paper) or None; everything published is protected for
    the rows each of them does not know as well (one page for every viewer).
    """
    questions = [q for page in definition["pages"] for q in page["questions"]]
    answers_list: list[Answers] = []
    departments: list[str | None] = []
    for answers, department in respondents:
        answers_list.append(answers or {})
        departments.append(None if department is None else str(department))
    sizes: Counter[str | None] = Counter(departments)
    n_all = len(answers_list)
    known_list = list(known) if known is not None else [None] * n_all
    insiders = sorted({x for x in known_list if x is not None}, key=str)
    masks = [[x != who for x in known_list] for who in insiders]
    view_sizes: list[Counter[str | None]] = [
        Counter(d for d, keep in zip(departments, mask, strict=True) if keep) for mask in masks
    ]
    groups, group_of = plan_groups(sizes, k, department_labels, view_sizes)
    row_groups = [group_of[d] for d in departments] if groups else ["_all"] * n_all
    counts = _count(questions, row_groups, answers_list)
    views: list[View] = []
    view_counts: list[dict[str, QuestionCounts]] = []
    for mask in masks:
        v_groups = [g for g, keep in zip(row_groups, mask, strict=True) if keep]
        v_answers = [a for a, keep in zip(answers_list, mask, strict=True) if keep]
        views.append(View(len(v_answers), dict(Counter(v_groups))))
        view_counts.append(_count(questions, v_groups, v_answers))
    return _assemble(
        definition, questions, n_all, k, groups, counts, views, view_counts, include_texts
    )


def compute_results_from_tallies(
    definition: QuestionnaireDefinition,
    tallies: Sequence[Tally],
    *,
    k: int,
    department_labels: dict[str, str] | None = None,
    include_texts: bool = False,
    texts: dict[str, list[str]] | None = None,
) -> SurveyResults:
    """What :func:`compute_results` returns for the rows the ``tallies`` count (see
    :mod:`.tallies`; ``known`` there is each tally's ``known``). ``texts``: the free texts
    per text question, needed only with ``include_texts`` (tallies hold no texts)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        questions = [q for page in definition["pages"] for q in page["questions"]]
        tallies = [t for t in tallies if t.n]
        sizes: Counter[str | None] = Counter()
        for t in tallies:
            sizes[t.department] += t.n
        n_all = sum(sizes.values())
        insiders = sorted({t.known for t in tallies if t.known is not None}, key=str)
        view_tallies = [[t for t in tallies if t.known != who] for who in insiders]
        view_sizes: list[Counter[str | None]] = []
        for vt in view_tallies:
            vs: Counter[str | None] = Counter()
            for t in vt:
                vs[t.department] += t.n
            view_sizes.append(vs)
        groups, group_of = plan_groups(sizes, k, department_labels, view_sizes)

        def group(department: str | None) -> str:
            return group_of[department] if groups else "_all"

        counts = merged_counts(questions, tallies, group)
        for q in questions:
            if texts is not None and question_type(q).key == "text":
                counts[q["id"]].texts = list(texts.get(q["id"], []))
        views: list[View] = []
        view_counts: list[dict[str, QuestionCounts]] = []
        for vt in view_tallies:
            group_n: Counter[str] = Counter()
            for t in vt:
                group_n[group(t.department)] += t.n
            views.append(View(sum(group_n.values()), dict(group_n)))
            view_counts.append(merged_counts(questions, vt, group))
        return _assemble(
            definition, questions, n_all, k, groups, counts, views, view_counts, include_texts
        )
    finally:
        if enabled:
            gc.enable()


def _assemble(
    definition: QuestionnaireDefinition,
    questions: list[Question],
    n_all: int,
    k: int,
    groups: list[Group],
    counts: dict[str, QuestionCounts],
    views: list[View],
    view_counts: list[dict[str, QuestionCounts]],
    include_texts: bool,
) -> SurveyResults:
    """The results from the counts (all rows, and each view's rows) and the groups."""
    group_options: list[Category] = [
        {"value": g.key, "label": g.label, "substantive": g.key not in (UNKNOWN_GROUP,)}
        for g in groups
    ]
    scope = Scope(
        n_all, k, groups, include_texts, views=views, routing_sets=tables.routing_sets(questions)
    )
    items: list[ResultItem] = []
    for q in questions:
        qid = q["id"]
        vcs = [vc[qid] for vc in view_counts]
        items.extend(_question_results(q, counts[qid], group_options, scope, vcs))
    return {
        "questionnaire": definition.get("id"),
        "version": definition.get("version"),
        "k": k,
        "n_respondents": n_all,
        "suppressed": 0 < n_all < k,
        "groups": [{"key": g.key, "label": g.label, "n": g.n, "merged": g.members} for g in groups],
        "items": items,
    }


def _count(
    questions: list[Question], row_groups: list[str], answers_list: list[Answers]
) -> dict[str, QuestionCounts]:
    pairs = answer_pairs(questions, row_groups, answers_list)
    counts: dict[str, QuestionCounts] = {}
    for q in questions:
        counts[q["id"]] = count_question(q, pairs[q["id"]], answers_list, row_groups, counts)
    return counts


def _question_results(
    q: Question,
    qc: QuestionCounts,
    group_options: list[Category],
    scope: Scope,
    view_counts: list[QuestionCounts],
) -> list[ResultItem]:
    qtype = question_type(q)
    units = qtype.units(q, group_options)
    qs = tables.question_scope(q, qc, scope, view_counts)
    if qtype.shared_answered and len(units) > 1:
        qs.shared = tables.shared_answered(q, qs, scope)
        return options.option_results(units, qs, scope, _unit_results)
    return [_unit_results(unit, qs, scope) for unit in units]


def _unit_results(
    unit: Unit, qs: QuestionScope, scope: Scope, extra_hidden: frozenset[str] = frozenset()
) -> ResultItem:
    q = unit.question
    qtype = question_type(q)
    item = base_item(unit, scope.n_all)
    values = [c["value"] for c in unit.categories]
    nonsubst = {c["value"] for c in unit.categories if c.get("substantive") is False}

    def unit_counts(counts: QuestionCounts) -> UnitCounts:
        answered_by_group = counts.answered.get(qtype.answered_scope(q, unit), Counter())
        if qtype.open_answer:
            return UnitCounts(unit, answered_by_group, Counter(), [], set())
        cells = counts.cells.get(unit.key, Counter())
        qtype.complete_cells(cells, answered_by_group)
        return UnitCounts(unit, answered_by_group, cells, values, nonsubst)

    uc = unit_counts(qs.counts)
    view_ucs = [unit_counts(vc) for vc in qs.view_counts]
    if qtype.open_answer:
        return open_item(item, uc, qs, scope, view_ucs)
    groups = qs.breakdown_groups(scope)
    use_groups = bool(groups) and q.get("options_from") != "departments"
    gkeys = [g.key for g in groups] if use_groups else []
    t, sup = tables.unit_table(uc, qs, scope, gkeys, extra_hidden, view_ucs)
    if gkeys and qs.shared is None and tables.breakdown_costs_totals(t, sup, scope.k):
        # Protecting the department cells would withhold figures of the whole organisation:
        # leave the breakdown out of this item instead, if that publishes more totals.
        t2, sup2 = tables.unit_table(uc, qs, scope, [], frozenset(), view_ucs)
        better = tables.shown_totals(t2, sup2) > tables.shown_totals(t, sup)
        if sup.everything:  # an item withheld as a whole: only for answer totals it shows
            better = better and tables.shown_totals(t2, sup2, answers_only=True) > 0
        if better:
            gkeys, t, sup = [], t2, sup2
    scope.published[unit.key] = sup
    if scope.groups and not gkeys:
        scope.without_breakdown.add(unit.key)
    return categorical_item(item, uc, t, sup, gkeys, scope.groups)
