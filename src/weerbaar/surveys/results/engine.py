"""The results engine (resultaten): counts, percentages with an explicit base, means,
reverse-coded presentation and department breakdowns, all under minimum cell size k.

Pure: it takes a questionnaire definition and the submitted answers, and returns a
JSON-serialisable dict. Nothing here touches the database.

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
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .suppression import COMPLEMENTARY, PRIMARY, Suppression, Table, suppress
from .visibility import compile_condition

UNKNOWN_GROUP = "_unknown"
POOLED_GROUP = "_other"

CATEGORY_TYPES = {"single", "likert"}


# ----------------------------------------------------------------------------- groups


@dataclass
class Group:
    key: str
    label: dict
    n: int
    members: list[str] = field(default_factory=list)


def plan_groups(
    sizes: dict[str | None, int], k: int, labels: dict[str, str] | None = None
) -> tuple[list[Group], dict[str | None, str]]:
    """Breakdown groups: departments with at least k respondents; the rest merged.

    Departments under k, respondents without a department and, when the merged group
    would itself be under k, the smallest departments, form one group "overige afdelingen".
    Returns the groups (empty when a breakdown would reveal something) and a map
    department key -> group key.
    """
    labels = labels or {}
    shown = sorted(
        ((d, n) for d, n in sizes.items() if d is not None and n >= k),
        key=lambda dn: (-dn[1], str(dn[0])),
    )
    pooled = [d for d, n in sizes.items() if d is None or n < k]
    pooled_n = sum(sizes[d] for d in pooled)
    while shown and 0 < pooled_n < k:
        d, n = shown.pop()
        pooled.append(d)
        pooled_n += n
    groups = [
        Group(str(d), {"nl": labels.get(str(d), str(d)), "en": labels.get(str(d), str(d))}, n)
        for d, n in shown
    ]
    if pooled_n:
        only_unknown = all(d is None for d in pooled if sizes[d])
        label = (
            {"nl": "Afdeling onbekend", "en": "Department unknown"}
            if only_unknown
            else {"nl": "Overige afdelingen (samengevoegd)", "en": "Other departments (merged)"}
        )
        key = UNKNOWN_GROUP if only_unknown else POOLED_GROUP
        groups.append(Group(key, label, pooled_n, sorted(str(d) for d in pooled if d is not None)))
    if len(groups) < 2:
        groups = []
    mapping: dict[str | None, str] = {d: str(d) for d, _n in shown}
    for d in pooled:
        mapping[d] = groups[-1].key if groups else POOLED_GROUP
    return groups, mapping


# ----------------------------------------------------------------------------- units


@dataclass
class Unit:
    """One reported item: a question, a matrix row, or (multiple choice) one option."""

    question: dict
    key: str
    row: dict | None = None
    option: dict | None = None
    categories: list[dict] = field(default_factory=list)
    grades: bool = False


def _units(question: dict, group_options: list[dict]) -> list[Unit]:
    qtype = question["type"]
    qid = question["id"]
    if question.get("options_from") == "departments":
        return [Unit(question, qid, categories=group_options)]
    if qtype in CATEGORY_TYPES:
        return [Unit(question, qid, categories=list(question.get("options", [])))]
    if qtype == "multiple":
        return [
            Unit(
                question,
                f"{qid}.{o['value']}",
                option=o,
                categories=[
                    {"value": "chosen", "label": o["label"], "substantive": True},
                    {
                        "value": "not_chosen",
                        "label": {"nl": "niet gekozen", "en": "not chosen"},
                        "substantive": True,
                    },
                ],
            )
            for o in question.get("options", [])
        ]
    if qtype == "matrix":
        return [
            Unit(question, f"{qid}.{r['id']}", row=r, categories=list(question["scale"]))
            for r in question["rows"]
        ]
    if qtype == "grade_matrix":
        lo, hi = int(question.get("min", 1)), int(question.get("max", 10))
        scale = [{"value": v, "label": {"nl": str(v), "en": str(v)}} for v in range(lo, hi + 1)]
        return [
            Unit(question, f"{qid}.{r['id']}", row=r, categories=scale, grades=True)
            for r in question["rows"]
        ]
    return [Unit(question, qid)]  # text, number


# ----------------------------------------------------------------------------- counting


@dataclass
class QuestionCounts:
    shown: Counter = field(default_factory=Counter)  # group -> n shown
    answered: dict = field(default_factory=lambda: defaultdict(Counter))  # scope -> group -> n
    cells: dict = field(default_factory=lambda: defaultdict(Counter))  # unit -> (g, v) -> n
    texts: list = field(default_factory=list)
    numbers: list = field(default_factory=list)
    by_value: bool = True  # cells are keyed by answer value (not so for the department question)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _count_question(
    question: dict,
    pairs: list[tuple[str, Any]],
    answers_list: list[dict],
    row_groups: list[str],
    earlier: dict[str, QuestionCounts],
) -> QuestionCounts:
    """Counts for one question: ``pairs`` are (group, stored answer) of its respondents."""
    qc = QuestionCounts()
    qtype = question["type"]
    qid = question["id"]
    condition = question.get("show_if")
    if not condition:
        qc.shown = Counter(row_groups)
    else:
        shown = _shown_from_counts(condition, earlier)
        if shown is None:
            predicate = compile_condition(condition)
            shown = Counter(
                g for g, a in zip(row_groups, answers_list, strict=True) if predicate(a)
            )
        qc.shown = shown
    if qtype in CATEGORY_TYPES:
        qc.answered[qid] = Counter(g for g, _v in pairs)
        if question.get("options_from") == "departments":
            qc.by_value = False
            qc.cells[qid] = Counter((g, g) for g, _v in pairs)
        else:
            qc.cells[qid] = (
                Counter(pairs if isinstance(pairs[0][1], str) else ((g, str(v)) for g, v in pairs))
                if pairs
                else Counter()
            )
    elif qtype == "multiple":
        pairs = [(g, v) for g, v in pairs if isinstance(v, list)]
        qc.answered[qid] = Counter(g for g, _v in pairs)
        chosen = Counter((g, value) for g, v in pairs for value in set(v))
        for (g, value), n in chosen.items():
            qc.cells[f"{qid}.{value}"][(g, "chosen")] = n
    elif qtype in ("matrix", "grade_matrix"):
        grades = qtype == "grade_matrix"
        # Count whole answer patterns first (one step per respondent), then expand per row.
        patterns = Counter((g, tuple(v.items())) for g, v in pairs if isinstance(v, dict))
        per_row: Counter = Counter()
        for (g, items), n in patterns.items():
            for row_id, value in items:
                if value is not None and value != "":
                    per_row[(row_id, g, value)] += n
        if not grades:
            per_row = _as_text_values(per_row)
        for (row_id, g, value), n in per_row.items():
            key = f"{qid}.{row_id}"
            qc.answered[key][g] += n
            qc.cells[key][(g, value)] = n
    elif qtype == "text":
        qc.answered[qid] = Counter(g for g, _v in pairs)
        qc.texts = [str(v) for _g, v in pairs]
    elif qtype == "number":
        qc.answered[qid] = Counter(g for g, _v in pairs)
        qc.numbers = [v for _g, v in pairs]
    return qc


def _as_text_values(counter: Counter) -> Counter:
    if all(isinstance(key[2], str) for key in counter):
        return counter
    out: Counter = Counter()
    for (row_id, g, value), n in counter.items():
        out[(row_id, g, str(value))] += n
    return out


def _shown_from_counts(condition: dict, earlier: dict[str, QuestionCounts]) -> Counter | None:
    """Shown counts per group for a single condition on an earlier single-choice, multiple
    or matrix question, read from that question's counts (no pass over respondents)."""
    for key in ("all", "any"):
        if key in condition:
            if len(condition[key]) != 1:
                return None
            return _shown_from_counts(condition[key][0], earlier)
    source = earlier.get(condition["question"])
    if source is None or not source.by_value or "answered" in condition:
        return None
    out: Counter = Counter()
    if "contains" in condition:
        cells = source.cells.get(f"{condition['question']}.{condition['contains']}", Counter())
        for (g, value), n in cells.items():
            if value == "chosen":
                out[g] += n
        return out
    values = [condition["equals"]] if "equals" in condition else list(condition["one_of"])
    if not all(isinstance(v, str) for v in values):
        return None
    cell_key = condition["question"] + (f".{condition['row']}" if "row" in condition else "")
    cells = source.cells.get(cell_key)
    if cells is None:
        return out
    wanted = set(values)
    for (g, value), n in cells.items():
        if value in wanted:
            out[g] += n
    return out


# ----------------------------------------------------------------------------- engine


def compute_results(
    definition: dict,
    respondents: Iterable[tuple[dict, Any]],
    *,
    k: int,
    department_labels: dict[str, str] | None = None,
    include_texts: bool = False,
) -> dict:
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
        )
    finally:
        if enabled:
            gc.enable()


def _compute(
    definition: dict,
    respondents: Iterable[tuple[dict, Any]],
    *,
    k: int,
    department_labels: dict[str, str] | None = None,
    include_texts: bool = False,
) -> dict:
    """All results of one questionnaire over the submitted answers.

    ``respondents``: ``(answers, department_key)`` pairs; ``department_key`` None when
    unknown. ``include_texts``: return free-text answers (coordinator only), and then only
    for items with at least ``k`` texts.
    """
    questions = [q for page in definition["pages"] for q in page["questions"]]
    answers_list: list[dict] = []
    departments: list[str | None] = []
    for answers, department in respondents:
        answers_list.append(answers or {})
        departments.append(None if department is None else str(department))
    sizes: Counter = Counter(departments)
    n_all = len(answers_list)
    groups, group_of = plan_groups(sizes, k, department_labels)
    group_keys = [g.key for g in groups]
    row_groups = [group_of[d] for d in departments] if groups else ["_all"] * n_all
    # One pass over the stored answers (only answers to shown questions are stored).
    pairs: dict[str, list] = {q["id"]: [] for q in questions}
    for g, a in zip(row_groups, answers_list, strict=True):
        for qid, v in a.items():
            bucket = pairs.get(qid)
            if bucket is not None and (v or v == 0):  # not None, "", [] or {}
                bucket.append((g, v))
    counts: dict[str, QuestionCounts] = {}
    for q in questions:
        counts[q["id"]] = _count_question(q, pairs[q["id"]], answers_list, row_groups, counts)
    group_options = [
        {"value": g.key, "label": g.label, "substantive": g.key not in (UNKNOWN_GROUP,)}
        for g in groups
    ]
    items = []
    published: dict[str, Suppression] = {}
    for q in questions:
        items.extend(
            _question_results(
                q,
                counts[q["id"]],
                n_all,
                groups,
                group_keys,
                group_options,
                k,
                include_texts,
                published,
            )
        )
    return {
        "questionnaire": definition.get("id"),
        "version": definition.get("version"),
        "k": k,
        "n_respondents": n_all,
        "suppressed": 0 < n_all < k,
        "groups": [{"key": g.key, "label": g.label, "n": g.n, "merged": g.members} for g in groups],
        "items": items,
    }


def _routing_dependency(q: dict, published: dict, group_keys: list[str]) -> tuple[bool, set]:
    """Whether the number of respondents shown ``q`` is a number hidden elsewhere.

    When ``q`` is shown on a single condition (e.g. Q9 when Q8 = ja), "shown" equals cells
    of the earlier question's table (overall and per department); if those are suppressed
    there, they must not appear here as a base. Returns (overall hidden, hidden groups).
    """
    leaf = q.get("show_if")
    while leaf and ("all" in leaf or "any" in leaf):
        parts = leaf.get("all") or leaf.get("any")
        if len(parts) != 1:
            return False, set()
        leaf = parts[0]
    if not leaf or "answered" in leaf:
        return False, set()
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


def _question_results(q, qc, n_all, groups, group_keys, group_options, k, include_texts, published):
    units = _units(q, group_options)
    shown = sum(qc.shown.values())
    hidden_shown, hidden_groups = _routing_dependency(q, published, group_keys)
    # The routing part is shared by all units of the question: decide it once.
    routing = Table()
    routing.add("n_all", n_all, fixed=True)
    routing.add("shown", shown, upper=n_all, hidden=hidden_shown)
    routing.add("not_shown", n_all - shown, is_count=False, upper=n_all)
    routing.add_line([("n_all", -1), ("shown", 1), ("not_shown", 1)])
    routing_sup = suppress(routing, k) if n_all >= k else Suppression({}, everything=True)
    shared = None
    if q["type"] == "multiple" and len(units) > 1:
        shared = _shared_answered(q, qc, n_all, shown, routing_sup, groups, hidden_groups, k)
    out = []
    for unit in units:
        out.append(
            _unit_results(
                unit,
                qc,
                n_all,
                shown,
                routing_sup,
                groups,
                group_keys,
                k,
                include_texts,
                published,
                hidden_groups,
                shared,
            )
        )
    return out


def _shared_answered(q, qc, n_all, shown, routing_sup, groups, hidden_groups, k) -> Suppression:
    """Multiple choice: the options share one "answered" count (overall and per
    department); decide once whether it is shown, so no option's table contradicts another."""
    answered_by_group = qc.answered.get(q["id"], Counter())
    answered = sum(answered_by_group.values())
    status = routing_sup.marker("shown")
    t = Table()
    t.add("n_all", n_all, fixed=True)
    t.add("shown", shown, fixed=status is None, hidden=status is not None, upper=n_all)
    t.add("skipped", shown - answered, is_count=False, fixed=True)
    t.add("answered", answered, upper=n_all)
    t.add_line([("shown", 1), ("skipped", -1), ("answered", -1)])
    for grp in groups:
        a_g = answered_by_group.get(grp.key, 0)
        t.add(f"N:{grp.key}", grp.n, fixed=True)
        t.add(f"A:{grp.key}", a_g, upper=grp.n, hidden=grp.key in hidden_groups)
        t.add(f"M:{grp.key}", grp.n - a_g, is_count=False, upper=grp.n)
        t.add_line([(f"N:{grp.key}", -1), (f"A:{grp.key}", 1), (f"M:{grp.key}", 1)])
    if groups:
        t.add_line([("answered", -1)] + [(f"A:{grp.key}", 1) for grp in groups])
    if n_all < k or 0 < answered < k or status == PRIMARY:
        return Suppression({}, everything=True)
    return suppress(t, k)


def _base_item(unit: Unit, n_all: int) -> dict:
    q = unit.question
    item: dict[str, Any] = {
        "id": unit.key,
        "question": q["id"],
        "number": q.get("number", ""),
        "type": q["type"],
        "text": q["text"],
        "maps_to": list(q.get("maps_to", [])),
        "bases": {"all": n_all},
    }
    if unit.row is not None:
        item["row"] = unit.row["id"]
        item["row_text"] = unit.row["text"]
        item["maps_to"] = list(unit.row.get("maps_to", item["maps_to"]))
    if unit.option is not None:
        item["option"] = unit.option["value"]
        item["option_label"] = unit.option["label"]
    return item


def _breakdown_costs_totals(t: Table, sup: Suppression, k: int) -> bool:
    """True if a total of at least k is suppressed only to protect the department cells."""
    if sup.everything:
        return False
    for key, i in t.index.items():
        entry = t.entries[i]
        is_total = key == "answered" or key.startswith("T:")
        if is_total and entry.value >= k and sup.marker(key) == COMPLEMENTARY:
            return True
    return False


def _shown_totals(t: Table, sup: Suppression) -> int:
    return sum(
        1 for key in t.index if (key == "answered" or key.startswith("T:")) and sup.shown(key)
    )


def _unit_results(
    unit,
    qc,
    n_all,
    shown,
    routing_sup,
    groups,
    group_keys,
    k,
    include_texts,
    published,
    hidden_groups,
    shared=None,
):
    q = unit.question
    qtype = q["type"]
    item = _base_item(unit, n_all)
    scope = q["id"] if qtype in CATEGORY_TYPES | {"multiple", "text", "number"} else unit.key
    answered_by_group = qc.answered.get(scope, Counter())
    answered = sum(answered_by_group.values())
    shown_visible = routing_sup.shown("shown")
    if qtype in ("text", "number"):
        return _open_results(item, q, qc, shown, answered, shown_visible, k, include_texts)

    cells = qc.cells.get(unit.key, Counter())
    if qtype == "multiple":
        for g in set(answered_by_group) | {"_all"}:
            chosen = cells.get((g, "chosen"), 0)
            cells[(g, "not_chosen")] = answered_by_group.get(g, 0) - chosen
    values = [c["value"] for c in unit.categories]
    nonsubst = {c["value"] for c in unit.categories if c.get("substantive") is False}
    use_groups = bool(groups) and q.get("options_from") != "departments"
    gkeys = group_keys if use_groups else []

    def build(gkeys: list) -> tuple[Table, Suppression]:
        t = Table()
        t.add("n_all", n_all, fixed=True)
        routing_status = routing_sup.marker("shown")
        t.add(
            "shown",
            shown,
            fixed=routing_status is None,
            hidden=routing_status is not None,
            lower=1 if routing_status == PRIMARY else 0,
            upper=k - 1 if routing_status == PRIMARY else n_all,
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
        dept_sizes = {g.key: g.n for g in groups} if q.get("options_from") == "departments" else {}
        for v in values:
            # Department counts equal the group sizes shown everywhere: never hide them here.
            fixed = dept_sizes.get(v) == total[v] and total[v] >= k
            t.add(f"T:{v}", total[v], priority=1 if gkeys else 0, upper=n_all, fixed=fixed)
        if values:
            t.add_line([("answered", -1)] + [(f"T:{v}", 1) for v in values])
        if nonsubst and len(nonsubst) < len(values):
            t.add(
                "substantive", answered - sum(total[v] for v in nonsubst), priority=3, upper=n_all
            )
            t.add_line([("substantive", -1)] + [(f"T:{v}", 1) for v in values if v not in nonsubst])
        collapsed = _collapse_groups(q, unit.categories)
        for name, members in collapsed:
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
                t.add(f"A:{g}", a_g, priority=3, upper=grp.n, hidden=g in hidden_groups)
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

    t, sup = build(gkeys)
    if gkeys and shared is None and _breakdown_costs_totals(t, sup, k):
        # Protecting the department cells would withhold figures of the whole organisation:
        # leave the breakdown out of this item instead, if that publishes more totals.
        t2, sup2 = build([])
        if _shown_totals(t2, sup2) > _shown_totals(t, sup):
            gkeys, t, sup = [], t2, sup2
    published[unit.key] = sup
    return _render_categorical(item, unit, t, sup, values, nonsubst, gkeys, groups)


COLLAPSE_LABELS = {
    "agree": {"nl": "(zeer) mee eens", "en": "(strongly) agree"},
    "disagree": {"nl": "(zeer) mee oneens", "en": "(strongly) disagree"},
}


def _collapse_groups(question: dict, categories: list[dict]) -> list[tuple[str, list]]:
    """A 5-point Likert collapsed to agree / disagree (the report's "(zeer) aannemelijk"):
    the substantive answers before and after the middle "weet niet / geen mening"."""
    if question["type"] != "likert":
        return []
    values = [c["value"] for c in categories]
    middle = [i for i, c in enumerate(categories) if c.get("substantive") is False]
    if len(middle) != 1 or middle[0] in (0, len(values) - 1):
        return []
    m = middle[0]
    return [("agree", values[:m]), ("disagree", values[m + 1 :])]


def _pct(count: int | None, base: int | None) -> float | None:
    if count is None or not base:
        return None
    return round(100.0 * count / base, 1)


def _render_categorical(item, unit, t: Table, sup: Suppression, values, nonsubst, gkeys, groups):
    def val(key):
        return t.entries[t.index[key]].value if sup.shown(key) else None

    bases = item["bases"]
    bases["shown"] = val("shown")
    bases["answered"] = val("answered")
    bases["substantive"] = val("substantive") if "substantive" in t.index else bases["answered"]
    item["n"] = bases["answered"]
    item["suppressed"] = sup.everything
    item["bases_status"] = {
        "shown": sup.marker("shown"),
        "answered": sup.marker("answered"),
        "substantive": sup.marker("substantive") if "substantive" in t.index else None,
    }
    item["missing"] = {"skipped": val("skipped"), "not_shown": _diff(bases["all"], bases["shown"])}
    cats = []
    for c in unit.categories:
        v = c["value"]
        count = val(f"T:{v}")
        substantive = v not in nonsubst
        cats.append(
            {
                "value": v,
                "label": c["label"],
                "substantive": substantive,
                "count": count,
                "suppressed": sup.marker(f"T:{v}"),
                "pct": {
                    "all": _pct(count, bases["all"]),
                    "shown": _pct(count, bases["shown"]),
                    "answered": _pct(count, bases["answered"]),
                    "substantive": _pct(count, bases["substantive"]) if substantive else None,
                },
            }
        )
    item["categories"] = cats
    collapsed = _collapse_groups(unit.question, unit.categories)
    if collapsed:
        item["collapsed"] = []
        for name, members in collapsed:
            key = f"G:{name}"
            if key in t.index:
                count = val(key)
                item["collapsed"].append(
                    {
                        "group": name,
                        "values": members,
                        "label": COLLAPSE_LABELS[name],
                        "count": count,
                        "suppressed": sup.marker(key),
                        "pct": {
                            "all": _pct(count, bases["all"]),
                            "shown": _pct(count, bases["shown"]),
                            "substantive": _pct(count, bases["substantive"]),
                        },
                    }
                )
    if unit.grades:
        total = val("sum")
        item["mean"] = (
            round(total / bases["answered"], 2) if total is not None and bases["answered"] else None
        )
        item["distribution"] = {str(c["value"]): c["count"] for c in cats}
    if unit.row is not None and unit.row.get("reverse"):
        item["reverse"] = _reverse(unit, cats)
    elif unit.row is not None and unit.row.get("presentation_label"):
        item["presentation_label"] = unit.row["presentation_label"]
    if gkeys:
        breakdown = []
        for g in gkeys:
            grp = next(gr for gr in groups if gr.key == g)
            a_g = val(f"A:{g}")
            entry = {"group": g, "label": grp.label, "n": grp.n, "answered": a_g}
            if unit.grades:
                s = val(f"S:{g}")
                entry["mean"] = round(s / a_g, 2) if s is not None and a_g else None
                entry["suppressed"] = sup.marker(f"S:{g}")
            else:
                entry["counts"] = {v: val(f"C:{g}:{v}") for v in values}
                entry["status"] = {v: sup.marker(f"C:{g}:{v}") for v in values}
                entry["pct"] = {v: _pct(entry["counts"][v], a_g) for v in values}
            breakdown.append(entry)
        item["breakdown"] = breakdown
    return item


def _diff(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a - b


def _reverse(unit: Unit, cats: list[dict]) -> dict:
    """The reverse-coded presentation: the negated statement with mirrored answers."""
    subst = [c for c in cats if c["substantive"]]
    mirror = {c["value"]: subst[len(subst) - 1 - i] for i, c in enumerate(subst)}
    categories = []
    for c in cats:
        source = mirror.get(c["value"], c)
        categories.append(
            {
                **c,
                "count": source["count"],
                "suppressed": source["suppressed"],
                "pct": source["pct"],
                "reversed_from": source["value"],
            }
        )
    return {"label": unit.row["presentation_label"], "categories": categories}


def _open_results(item, q, qc, shown, answered, shown_visible, k, include_texts):
    """Free text and numbers: only a count (and mean/median for numbers), at least k."""
    enough = answered >= k
    item["bases"]["shown"] = shown if shown_visible else None
    item["n"] = answered if enough else None
    item["bases"]["answered"] = item["n"]
    item["suppressed"] = not enough
    if q["type"] == "number":
        numbers = [float(x) for x in qc.numbers]
        item["mean"] = round(statistics.fmean(numbers), 2) if enough else None
        item["median"] = statistics.median(numbers) if enough else None
    else:
        item["texts"] = sorted(qc.texts) if (enough and include_texts) else None
    return item
