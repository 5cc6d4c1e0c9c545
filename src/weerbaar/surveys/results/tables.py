"""The tables of every number the results publish, with their suppression (pure).

For each question the routing table ("shown" out of all respondents) is decided once; each
reported unit then gets a table of its bases, answer totals, collapsed groups, the sum
behind a mean and the department cells, with the lines that hold between them
(:mod:`.suppression`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from weerbaar.surveys.questiontypes import question_type
from weerbaar.surveys.questiontypes.counting import QuestionCounts, Unit
from weerbaar.surveys.types import Question

from .counting import single_leaf
from .groups import Group
from .suppression import COMPLEMENTARY, PRIMARY, Suppression, Table, suppress


@dataclass
class Scope:
    """What every table of one survey shares."""

    n_all: int
    k: int
    groups: list[Group]
    include_texts: bool = False
    published: dict[str, Suppression] = field(default_factory=dict)  # unit key -> outcome

    @property
    def group_keys(self) -> list[str]:
        return [g.key for g in self.groups]


@dataclass
class QuestionScope:
    """What the tables of one question's units share: counts and the routing decision."""

    counts: QuestionCounts
    shown: int
    routing: Suppression
    hidden_groups: set[str]
    shared: Suppression | None = None  # multiple choice: the "answered" decided once


def routing_dependency(
    question: Question, published: dict[str, Suppression], group_keys: list[str]
) -> tuple[bool, set[str]]:
    """Whether the number of respondents shown ``question`` is a number hidden elsewhere.

    When a question is shown on a single condition (e.g. Q9 when Q8 = ja), "shown" equals
    cells of the earlier question's table (overall and per department); if those are
    suppressed there, they must not appear here as a base. Returns (overall hidden, hidden
    groups).
    """
    leaf = single_leaf(question.get("show_if"))
    if not leaf or "answered" in leaf:
        return False, set()
    values: list[Any]
    if "contains" in leaf:
        key, values = f"{leaf['question']}.{leaf['contains']}", ["chosen"]
    else:
        key = leaf["question"] + (f".{leaf['row']}" if "row" in leaf else "")
        raw = [leaf["equals"]] if "equals" in leaf else list(leaf["one_of"])
        values = [str(v) if not isinstance(v, int | float) else v for v in raw]
    sup = published.get(key)
    if sup is None:
        return False, set()
    if sup.everything:
        return True, set(group_keys)
    overall = any(not sup.shown(f"T:{v}") for v in values)
    hidden_groups = {g for g in group_keys if any(not sup.shown(f"C:{g}:{v}") for v in values)}
    return overall, hidden_groups


def question_scope(question: Question, qc: QuestionCounts, scope: Scope) -> QuestionScope:
    """Decide the routing table of a question (shared by all its units)."""
    n_all, k = scope.n_all, scope.k
    shown = sum(qc.shown.values())
    hidden_shown, hidden_groups = routing_dependency(question, scope.published, scope.group_keys)
    routing = Table()
    routing.add("n_all", n_all, fixed=True)
    routing.add("shown", shown, upper=n_all, hidden=hidden_shown)
    routing.add("not_shown", n_all - shown, is_count=False, upper=n_all)
    routing.add_line([("n_all", -1), ("shown", 1), ("not_shown", 1)])
    routing_sup = suppress(routing, k) if n_all >= k else Suppression({}, everything=True)
    return QuestionScope(qc, shown, routing_sup, hidden_groups)


def shared_answered(question: Question, qs: QuestionScope, scope: Scope) -> Suppression:
    """Multiple choice: the options share one "answered" count (overall and per
    department); decide once whether it is shown, so no option's table contradicts another."""
    n_all, k = scope.n_all, scope.k
    answered_by_group = qs.counts.answered.get(question["id"], Counter())
    answered = sum(answered_by_group.values())
    status = qs.routing.marker("shown")
    t = Table()
    t.add("n_all", n_all, fixed=True)
    t.add("shown", qs.shown, fixed=status is None, hidden=status is not None, upper=n_all)
    t.add("skipped", qs.shown - answered, is_count=False, fixed=True)
    t.add("answered", answered, upper=n_all)
    t.add_line([("shown", 1), ("skipped", -1), ("answered", -1)])
    for grp in scope.groups:
        a_g = answered_by_group.get(grp.key, 0)
        t.add(f"N:{grp.key}", grp.n, fixed=True)
        t.add(f"A:{grp.key}", a_g, upper=grp.n, hidden=grp.key in qs.hidden_groups)
        t.add(f"M:{grp.key}", grp.n - a_g, is_count=False, upper=grp.n)
        t.add_line([(f"N:{grp.key}", -1), (f"A:{grp.key}", 1), (f"M:{grp.key}", 1)])
    if scope.groups:
        t.add_line([("answered", -1)] + [(f"A:{grp.key}", 1) for grp in scope.groups])
    if n_all < k or 0 < answered < k or status == PRIMARY:
        return Suppression({}, everything=True)
    return suppress(t, k)


@dataclass
class UnitCounts:
    """The counts behind one unit's table."""

    unit: Unit
    answered_by_group: Counter[str]
    cells: Counter[Any]
    values: list[Any]
    nonsubst: set[Any]

    @property
    def answered(self) -> int:
        return sum(self.answered_by_group.values())


def unit_table(
    uc: UnitCounts, qs: QuestionScope, scope: Scope, gkeys: list[str]
) -> tuple[Table, Suppression]:
    """The table of one unit (with the department cells of ``gkeys``) and its suppression."""
    unit, cells, values, nonsubst = uc.unit, uc.cells, uc.values, uc.nonsubst
    q = unit.question
    n_all, k, groups, shared = scope.n_all, scope.k, scope.groups, qs.shared
    answered_by_group, answered = uc.answered_by_group, uc.answered
    t = Table()
    t.add("n_all", n_all, fixed=True)
    routing_status = qs.routing.marker("shown")
    t.add(
        "shown",
        qs.shown,
        fixed=routing_status is None,
        hidden=routing_status is not None,
        lower=1 if routing_status == PRIMARY else 0,
        upper=k - 1 if routing_status == PRIMARY else n_all,
    )
    # Skipping is not sensitive, and for required questions known to be 0: always shown.
    t.add("skipped", qs.shown - answered, is_count=False, fixed=True)
    if shared is None:
        t.add("answered", answered, priority=3, upper=n_all)
    else:  # decided for all options of the question together
        t.add(
            "answered",
            answered,
            fixed=shared.shown("answered"),
            hidden=not shared.shown("answered"),
            upper=n_all,
        )
    t.add_line([("shown", 1), ("skipped", -1), ("answered", -1)])
    total = {v: sum(n for (g, vv), n in cells.items() if vv == v) for v in values}
    dept_sizes = {g.key: g.n for g in groups} if q.get("options_from") == "departments" else {}
    for v in values:
        # Department counts equal the group sizes shown everywhere: never hide them here.
        fixed = dept_sizes.get(v) == total[v] and total[v] >= k
        t.add(f"T:{v}", total[v], priority=1 if gkeys else 0, upper=n_all, fixed=fixed)
    if values:
        t.add_line([("answered", -1)] + [(f"T:{v}", 1) for v in values])
    if nonsubst and len(nonsubst) < len(values):
        t.add("substantive", answered - sum(total[v] for v in nonsubst), priority=3, upper=n_all)
        t.add_line([("substantive", -1)] + [(f"T:{v}", 1) for v in values if v not in nonsubst])
    for name, members in question_type(q).collapse(q, unit.categories):
        t.add(f"G:{name}", sum(total[v] for v in members), priority=2, upper=n_all)
        t.add_line([(f"G:{name}", -1)] + [(f"T:{v}", 1) for v in members])
    if unit.grades:
        t.add("sum", sum(v * total[v] for v in values), is_count=False, priority=4)
        t.add_line([("sum", -1)] + [(f"T:{v}", v) for v in values])
    for g in gkeys:
        grp = next(gr for gr in groups if gr.key == g)
        a_g = answered_by_group.get(g, 0)
        t.add(f"N:{g}", grp.n, fixed=True)
        if shared is None:
            t.add(f"A:{g}", a_g, priority=3, upper=grp.n, hidden=g in qs.hidden_groups)
        else:
            visible = shared.shown(f"A:{g}")
            t.add(f"A:{g}", a_g, fixed=visible, hidden=not visible, upper=grp.n)
        t.add(f"M:{g}", grp.n - a_g, is_count=False, priority=3, upper=grp.n)
        t.add_line([(f"N:{g}", -1), (f"A:{g}", 1), (f"M:{g}", 1)])
        if unit.grades:
            t.add(
                f"S:{g}",
                sum(v * cells.get((g, v), 0) for v in values),
                is_count=False,
                priority=4,
            )
        else:
            for v in values:
                t.add(f"C:{g}:{v}", cells.get((g, v), 0), upper=grp.n)
            t.add_line([(f"A:{g}", -1)] + [(f"C:{g}:{v}", 1) for v in values])
    if gkeys:
        t.add_line([("answered", -1)] + [(f"A:{g}", 1) for g in gkeys])
        if unit.grades:
            t.add_line([("sum", -1)] + [(f"S:{g}", 1) for g in gkeys])
        else:
            for v in values:
                t.add_line([(f"T:{v}", -1)] + [(f"C:{g}:{v}", 1) for g in gkeys])

    if n_all < k or 0 < answered < k or routing_status == PRIMARY:
        sup = Suppression({}, everything=True)  # too few answers: the item is withheld
    else:
        sup = suppress(t, k)
    return t, sup


def breakdown_costs_totals(t: Table, sup: Suppression, k: int) -> bool:
    """True if a total of at least k is suppressed only to protect the department cells."""
    if sup.everything:
        return False
    for key, i in t.index.items():
        entry = t.entries[i]
        is_total = key == "answered" or key.startswith("T:")
        if is_total and entry.value >= k and sup.marker(key) == COMPLEMENTARY:
            return True
    return False


def shown_totals(t: Table, sup: Suppression) -> int:
    return sum(
        1 for key in t.index if (key == "answered" or key.startswith("T:")) and sup.shown(key)
    )
