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

from .groups import Group
from .suppression import COMPLEMENTARY, PRIMARY, Suppression, Table, suppress


@dataclass
class View:
    """The rows one insider does not know (all rows minus the paper questionnaires that
    insider imported): respondents overall and per department group."""

    n_all: int
    group_n: dict[str, int]


@dataclass
class Scope:
    """What every table of one survey shares."""

    n_all: int
    k: int
    groups: list[Group]
    include_texts: bool = False
    published: dict[str, Suppression] = field(default_factory=dict)  # unit key -> outcome
    views: list[View] = field(default_factory=list)
    routing_sets: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    """Unit key -> the answer sets (two or more values) a later question is shown on."""
    without_breakdown: set[str] = field(default_factory=set)
    """Units published without their department cells (while there are groups)."""

    def small(self, counts: list[int]) -> bool:
        """Whether a count (given in the table, then in every view) is in 1..k-1 anywhere."""
        return any(0 < n < self.k for n in counts)

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
    view_counts: list[QuestionCounts] = field(default_factory=list)  # per Scope.views

    @property
    def withheld(self) -> bool:
        """The whole question is withheld (too few respondents, or routed on a hidden
        number): decided from what is published, so withholding tells nothing more."""
        return self.routing.everything

    def breakdown_groups(self, scope: Scope) -> list[Group]:
        """The department groups of this question's breakdowns: none if the number shown
        the question in some group depends on a hidden number."""
        return [] if self.hidden_groups else scope.groups


def condition_leaves(condition: Any) -> list[dict[str, Any]]:
    """Every single condition of a (nested) all/any group."""
    if not condition:
        return []
    if "all" in condition or "any" in condition:
        return [
            leaf
            for part in condition.get("all") or condition.get("any")
            for leaf in condition_leaves(part)
        ]
    return [condition]


def _leaf_keys(leaf: dict[str, Any]) -> tuple[str, list[str]]:
    """(unit key, entry keys with a ``{g}`` slot for the department) the leaf counts."""
    unit = leaf["question"] + (f".{leaf['row']}" if "row" in leaf else "")
    if "answered" in leaf:
        return unit, ["answered|A:{g}"]
    if "contains" in leaf:
        return f"{leaf['question']}.{leaf['contains']}", ["T:chosen|C:{g}:chosen"]
    raw = [leaf["equals"]] if "equals" in leaf else list(leaf["one_of"])
    values = [v if isinstance(v, str) else str(v) for v in raw]
    return unit, [f"T:{v}|C:{{g}}:{v}" for v in values]


def routing_sets(questions: list[Question]) -> dict[str, list[tuple[str, ...]]]:
    """Per unit, the sets of two or more answers on which a later question is shown (e.g.
    Q16 when Q15 is "ja, meerdere" or "ja, enkele").

    The number of respondents shown that later question in a department is the sum of
    those answers' cells there: a count of people (how many said "ja" in either form), so
    the routing unit's table must not give it away when it is small, even where each of
    its cells is withheld (the rest of the row gives their sum)."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for q in questions:
        for leaf in condition_leaves(q.get("show_if")):
            members = tuple(sorted({str(v) for v in leaf.get("one_of") or []}))
            if len(members) < 2:
                continue
            unit = leaf["question"] + (f".{leaf['row']}" if "row" in leaf else "")
            if members not in out.setdefault(unit, []):
                out[unit].append(members)
    return out


def routing_dependency(
    question: Question,
    published: dict[str, Suppression],
    group_keys: list[str],
    without_breakdown: set[str] | frozenset[str] = frozenset(),
) -> tuple[bool, set[str]]:
    """Whether the number of respondents shown ``question`` depends on a number hidden
    elsewhere. Returns (overall hidden, groups hidden).

    A question shown on one condition (e.g. Q9 when Q8 = ja) is shown to exactly as many
    respondents as the routing answers' cells of the earlier question, overall and per
    department; with several conditions its base bounds those cells from above or below.
    Either way: if any such cell is hidden there, this question's numbers would tell about
    it, so the caller withholds the question (overall) or its breakdown (groups). The
    decision depends only on what is already published (which cells are hidden). A unit
    published without breakdown (``without_breakdown``) has all its department cells hidden.
    """
    overall = False
    hidden_groups: set[str] = set()
    for leaf in condition_leaves(question.get("show_if")):
        unit, keys = _leaf_keys(leaf)
        sup = published.get(unit)
        if sup is None or sup.everything:
            return True, set(group_keys)
        if unit in without_breakdown:
            hidden_groups |= set(group_keys)
        for key in keys:
            total, cell = key.split("|")
            overall = overall or not sup.shown(total)
            hidden_groups |= {g for g in group_keys if not sup.shown(cell.format(g=g))}
    return overall, hidden_groups


def question_scope(
    question: Question,
    qc: QuestionCounts,
    scope: Scope,
    view_counts: list[QuestionCounts] | None = None,
) -> QuestionScope:
    """Decide the routing table of a question (shared by all its units)."""
    n_all, k = scope.n_all, scope.k
    view_counts = view_counts or []
    shown = sum(qc.shown.values())
    hidden_shown, hidden_groups = routing_dependency(
        question, scope.published, scope.group_keys, scope.without_breakdown
    )

    def routing_table(n: int, s: int) -> Table:
        t = Table()
        t.add("n_all", n, fixed=True)
        t.add("shown", s, upper=n)
        t.add("not_shown", n - s, is_count=False, upper=n)
        t.add_line([("n_all", -1), ("shown", 1), ("not_shown", 1)])
        return t

    routing = routing_table(n_all, shown)
    views = [
        routing_table(v.n_all, sum(vc.shown.values()))
        for v, vc in zip(scope.views, view_counts, strict=True)
    ]
    if n_all < k or hidden_shown:
        routing_sup = Suppression({}, everything=True)
    else:
        routing_sup = suppress(routing, k, views)
    return QuestionScope(qc, shown, routing_sup, hidden_groups, view_counts=view_counts)


def shared_answered(question: Question, qs: QuestionScope, scope: Scope) -> Suppression:
    """Multiple choice: the options share one "answered" count (overall and per
    department); decide once whether it is shown, so no option's table contradicts another."""
    k = scope.k
    status = qs.routing.reason("shown")
    t = _shared_table(question, qs.counts, qs, scope, scope.n_all)
    views = [
        _shared_table(question, vc, qs, scope, v.n_all)
        for v, vc in zip(scope.views, qs.view_counts, strict=True)
    ]
    answered = [
        sum(c.answered.get(question["id"], Counter()).values())
        for c in [qs.counts, *qs.view_counts]
    ]
    if scope.n_all < k or scope.small(answered) or status in (PRIMARY, "all"):
        return Suppression({}, everything=True)
    return suppress(t, k, views)


def _shared_table(
    question: Question,
    counts: QuestionCounts,
    qs: QuestionScope,
    scope: Scope,
    n_all: int,
) -> Table:
    answered_by_group = counts.answered.get(question["id"], Counter())
    answered = sum(answered_by_group.values())
    shown = sum(counts.shown.values())
    status = qs.routing.reason("shown")
    t = Table()
    t.add("n_all", n_all, fixed=True)
    t.add("shown", shown, fixed=status is None, hidden=status is not None, upper=n_all)
    t.add("skipped", shown - answered, is_count=False, fixed=True)
    t.add("answered", answered, upper=n_all)
    t.add_line([("shown", 1), ("skipped", -1), ("answered", -1)])
    groups = qs.breakdown_groups(scope)
    for grp in groups:
        a_g = answered_by_group.get(grp.key, 0)
        shown_g = counts.shown.get(grp.key, 0)
        t.add(f"N:{grp.key}", shown_g, fixed=True, is_count=False)
        t.add(f"A:{grp.key}", a_g, upper=shown_g)
        t.add(f"M:{grp.key}", shown_g - a_g, is_count=False, upper=shown_g)
        t.add_line([(f"N:{grp.key}", -1), (f"A:{grp.key}", 1), (f"M:{grp.key}", 1)])
    if groups:
        t.add_line([("answered", -1)] + [(f"A:{grp.key}", 1) for grp in groups])
    return t


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
    uc: UnitCounts,
    qs: QuestionScope,
    scope: Scope,
    gkeys: list[str],
    extra_hidden: frozenset[str] = frozenset(),
    view_ucs: list[UnitCounts] | None = None,
) -> tuple[Table, Suppression]:
    """The table of one unit (with the department cells of ``gkeys``) and its suppression;
    ``extra_hidden``: entries hidden to protect a number of another table; ``view_ucs``:
    the unit's counts over the rows of each of ``scope.views``."""
    k = scope.k
    view_ucs = view_ucs or []
    group_n = {g.key: g.n for g in scope.groups}
    t = _unit_values(uc, qs, qs.counts, scope, gkeys, scope.n_all, group_n)
    views = [
        _unit_values(vuc, qs, vc, scope, gkeys, v.n_all, v.group_n)
        for vuc, vc, v in zip(view_ucs, qs.view_counts, scope.views, strict=True)
    ]
    for table in (t, *views):
        for key in extra_hidden:
            table.entries[table.index[key]].hidden = True
    for view in views:  # what is decided from the table holds for its views
        for e, ve in zip(t.entries, view.entries, strict=True):
            ve.fixed, ve.hidden, ve.unpublished, ve.priority = (
                e.fixed,
                e.hidden,
                e.unpublished,
                e.priority,
            )
    routing_status = qs.routing.reason("shown")
    answered = [uc.answered] + [v.answered for v in view_ucs]
    if scope.n_all < k or scope.small(answered) or routing_status in (PRIMARY, "all"):
        sup = Suppression({}, everything=True)  # too few answers: the item is withheld
    else:
        sup = suppress(t, k, views)
    return t, sup


def _unit_values(
    uc: UnitCounts,
    qs: QuestionScope,
    counts: QuestionCounts,
    scope: Scope,
    gkeys: list[str],
    n_all: int,
    group_n: dict[str, int],
) -> Table:
    """The entries and lines of one unit's table over some rows (all, or one view's)."""
    unit, cells, values, nonsubst = uc.unit, uc.cells, uc.values, uc.nonsubst
    q = unit.question
    k, shared = scope.k, qs.shared
    answered_by_group, answered = uc.answered_by_group, uc.answered
    shown = sum(counts.shown.values())
    t = Table()
    t.add("n_all", n_all, fixed=True)
    routing_status = qs.routing.reason("shown")
    t.add(
        "shown",
        shown,
        fixed=routing_status is None,
        hidden=routing_status is not None,
        lower=1 if routing_status == PRIMARY and shown else 0,
        upper=k - 1 if routing_status == PRIMARY and shown < k else n_all,
    )
    # Skipping is not sensitive, and for required questions known to be 0: always shown.
    t.add("skipped", shown - answered, is_count=False, fixed=True)
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
    dept_sizes = group_n if q.get("options_from") == "departments" else {}
    for v in values:
        # Department counts equal the group sizes shown everywhere: never hide them here.
        fixed = dept_sizes.get(v) == total[v] and total[v] >= k
        t.add(f"T:{v}", total[v], priority=1 if gkeys else 0, upper=n_all, fixed=fixed)
    if values:
        t.add_line([("answered", -1)] + [(f"T:{v}", 1) for v in values])
    if nonsubst and len(nonsubst) < len(values):
        t.add("substantive", answered - sum(total[v] for v in nonsubst), priority=2, upper=n_all)
        t.add_line([("substantive", -1)] + [(f"T:{v}", 1) for v in values if v not in nonsubst])
    for name, members in question_type(q).collapse(q, unit.categories):
        t.add(f"G:{name}", sum(total[v] for v in members), priority=2, upper=n_all)
        t.add_line([(f"G:{name}", -1)] + [(f"T:{v}", 1) for v in members])
    if unit.grades:
        t.add("sum", sum(v * total[v] for v in values), is_count=False, priority=4)
        t.add_line([("sum", -1)] + [(f"T:{v}", v) for v in values])
    for g in gkeys:
        a_g = answered_by_group.get(g, 0)
        # Who was shown the question in this group: the group size, or (routed) the
        # routing answers' cells, which are published when there is a breakdown.
        shown_g = counts.shown.get(g, 0) if q.get("show_if") else group_n.get(g, 0)
        t.add(f"N:{g}", shown_g, fixed=True, is_count=False)
        if shared is None:
            t.add(f"A:{g}", a_g, priority=3, upper=shown_g)
        else:
            visible = shared.shown(f"A:{g}")
            t.add(f"A:{g}", a_g, fixed=visible, hidden=not visible, upper=shown_g)
        t.add(f"M:{g}", shown_g - a_g, is_count=False, priority=3, upper=shown_g)
        t.add_line([(f"N:{g}", -1), (f"A:{g}", 1), (f"M:{g}", 1)])
        if unit.grades:
            t.add(
                f"S:{g}",
                sum(v * cells.get((g, v), 0) for v in values),
                is_count=False,
                priority=4,
            )
            # The grade cells of a department are never shown, but its mean and n bound
            # them: they must not be provably small.
            for v in values:
                t.add(f"C:{g}:{v}", cells.get((g, v), 0), upper=shown_g, unpublished=True)
            t.add_line([(f"A:{g}", -1)] + [(f"C:{g}:{v}", 1) for v in values])
            t.add_line([(f"S:{g}", -1)] + [(f"C:{g}:{v}", v) for v in values])
        else:
            for v in values:
                t.add(f"C:{g}:{v}", cells.get((g, v), 0), upper=shown_g)
            t.add_line([(f"A:{g}", -1)] + [(f"C:{g}:{v}", 1) for v in values])
    _routing_sums(t, uc, scope.routing_sets.get(unit.key, []), gkeys)
    if gkeys:
        t.add_line([("answered", -1)] + [(f"A:{g}", 1) for g in gkeys])
        if unit.grades:
            t.add_line([("sum", -1)] + [(f"S:{g}", 1) for g in gkeys])
        for v in values:
            t.add_line([(f"T:{v}", -1)] + [(f"C:{g}:{v}", 1) for g in gkeys])
    return t


def _routing_sums(t: Table, uc: UnitCounts, sets: list[tuple[str, ...]], gkeys: list[str]) -> None:
    """Unpublished entries for the routing sums of :func:`routing_sets` (overall and per
    department): never shown, but when small they must not be recoverable either."""
    total: Counter[Any] = Counter()
    for (_g, v), n in uc.cells.items():
        total[v] += n
    for r, members in enumerate(sets):
        values = [v for v in uc.values if str(v) in members]
        if len(values) < 2:
            continue
        sums = {f"R{r}": {f"T:{v}": total[v] for v in values}}
        for g in gkeys:
            sums[f"R{r}:{g}"] = {f"C:{g}:{v}": uc.cells.get((g, v), 0) for v in values}
        for key, cells in sums.items():
            t.add(key, sum(cells.values()), unpublished=True)
            t.add_line([(key, -1)] + [(cell, 1) for cell in cells])


def breakdown_costs_totals(t: Table, sup: Suppression, k: int) -> bool:
    """True if a total of at least k is suppressed, maybe only to protect the department
    cells: hidden as a partner, or withheld with the whole item (protecting the breakdown
    can end there too; the caller compares with the item without breakdown)."""
    for key, i in t.index.items():
        entry = t.entries[i]
        is_total = key == "answered" or key.startswith("T:")
        if is_total and entry.value >= k and sup.reason(key) in (COMPLEMENTARY, "all"):
            return True
    return False


def shown_totals(t: Table, sup: Suppression, answers_only: bool = False) -> int:
    """How many totals (answer totals, and unless ``answers_only`` the answered base) show."""
    return sum(
        1
        for key in t.index
        if (key.startswith("T:") or (key == "answered" and not answers_only)) and sup.shown(key)
    )
