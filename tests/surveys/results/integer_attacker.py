"""An integer attacker on one survey's published results, written independently of the engine.

It reads only what a coordinator sees (the results of ``weerbaar.surveys.results.services``:
every item of the page together) and the questionnaire definition, and builds one integer
program with a variable for every cell count per (item, answer, department group), the
answered count per (item, group) and the number shown each question per group. Every
published fact is a constraint:

* published counts, totals, collapsed groups and bases (all / shown / answered /
  substantive), skipped and not-shown counts, department group sizes;
* shared bases of multiple choice: each option's chosen + not chosen = the question's
  answered base; everyone who answered chose at least one option; an exclusive option is
  chosen alone;
* routing identities: a question shown on one condition has, per group, as many shown as
  the count of the routing answer(s); with several conditions, the matching inequalities;
* rounded percentages as intervals (count against its base), rounded and unrounded means
  as intervals on the sum of grades (overall and per department);
* marker semantics where the output distinguishes reasons (``semantics="two-markers"``:
  a "< k" cell lies in 1..k-1, a "×" cell is 0 or at least k); with one marker a
  suppressed cell only means "withheld".

Then, with HiGHS (``scipy.optimize.milp``), for every suppressed cell and every cell whose
true value lies in 1..k-1 (published or not), it looks for completions of the page: the
attack succeeds when a suppressed cell has one possible value, or when a cell with a true
value in 1..k-1 cannot be 0 or k or more (its smallness is proven).
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from weerbaar.surveys.routing import group_holds

EPS = 1e-7


@dataclass
class Model:
    names: list[str] = field(default_factory=list)
    lo: list[float] = field(default_factory=list)
    hi: list[float] = field(default_factory=list)
    truth: list[int] = field(default_factory=list)
    rows: list[tuple[dict[int, float], float, float]] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)
    facts: set[int] = field(default_factory=set)  # rows that are published facts

    def var(self, name: str, lo: float, hi: float, truth: int) -> int:
        if name in self.index:
            return self.index[name]
        self.index[name] = len(self.names)
        self.names.append(name)
        self.lo.append(lo)
        self.hi.append(hi)
        self.truth.append(int(truth))
        return self.index[name]

    def add(self, terms: dict[int, float], lb: float, ub: float) -> None:
        terms = {i: c for i, c in terms.items() if c}
        if terms:
            self.rows.append((terms, lb, ub))

    def fact(self, terms: dict[int, float], lb: float, ub: float) -> None:
        """A published fact (holds for all rows, not for a part of them)."""
        before = len(self.rows)
        self.add(terms, lb, ub)
        if len(self.rows) > before:
            self.facts.add(before)

    def violated(self) -> list[str]:
        """Constraints the true values break (a modelling error if any)."""
        bad = []
        for i, (lo, hi, t) in enumerate(zip(self.lo, self.hi, self.truth, strict=True)):
            if not lo - EPS <= t <= hi + EPS:
                bad.append(f"bound {self.names[i]}={t} not in [{lo}, {hi}]")
        for terms, lb, ub in self.rows:
            v = sum(c * self.truth[i] for i, c in terms.items())
            if not lb - 1e-6 <= v <= ub + 1e-6:
                bad.append(
                    f"{ {self.names[i]: c for i, c in terms.items()} } = {v} !in [{lb}, {ub}]"
                )
        return bad


def lin(*parts: dict[int, float] | tuple[int, float]) -> dict[int, float]:
    out: dict[int, float] = defaultdict(float)
    for p in parts:
        items = p.items() if isinstance(p, dict) else [p]
        for i, c in items:
            out[i] += c
    return dict(out)


def scaled(expr: dict[int, float], f: float) -> dict[int, float]:
    return {i: c * f for i, c in expr.items()}


# ----------------------------------------------------------------------------- truth


def group_of_factory(results: dict) -> Any:
    groups = results["groups"]
    if not groups:
        return lambda dep: "_all"
    direct = {g["key"]: g["key"] for g in groups}
    member = {m: g["key"] for g in groups for m in g["merged"]}
    pooled = next((g["key"] for g in groups if g["key"] in ("_other", "_unknown")), None)

    def group_of(dep: str | None) -> str:
        if dep is not None and dep in direct:
            return direct[dep]
        if dep is not None and dep in member:
            return member[dep]
        assert pooled is not None, dep
        return pooled

    return group_of


def _answered(v: Any) -> bool:
    return v is not None and v != "" and v != [] and v != {}


# ----------------------------------------------------------------------------- model


@dataclass
class Attack:
    model: Model
    k: int
    targets: dict[int, str]  # variable -> "small" (true value in 1..k-1) or "suppressed"
    recovered: dict[str, str] = field(default_factory=dict)  # name -> how
    undecided: list[str] = field(default_factory=list)
    lows: dict[int, int] = field(default_factory=dict)
    highs: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0
    solves: int = 0
    cells: list[int] = field(default_factory=list)  # cell variables (candidates for "small")
    # cell variable -> the answered counts of its item in the cell's group(s)
    answered_of: dict[int, list[int]] = field(default_factory=dict)


def build(
    definition: dict,
    respondents: list[tuple[dict, str | None]],
    results: dict,
    *,
    semantics: str = "one-marker",
    mc_substantive: str = "excludes-nonsubstantive",
) -> Attack:
    """The integer program of everything ``results`` publishes (truth from ``respondents``)."""
    k = results["k"]
    m = Model()
    questions = [q for p in definition["pages"] for q in p["questions"]]
    qdef = {q["id"]: q for q in questions}
    group_of = group_of_factory(results)
    gkeys = [g["key"] for g in results["groups"]] or ["_all"]
    rows_g = [(a or {}, group_of(d)) for a, d in respondents]
    n_g = {g: sum(1 for _a, gg in rows_g if gg == g) for g in gkeys}
    n_all = len(rows_g)
    published_n = not results["suppressed"]
    # Group sizes: published with the groups (or the overall number when there are none).
    N = {}
    for g in gkeys:
        known = bool(results["groups"]) or published_n
        lo = hi = n_g[g]
        if not known:
            lo, hi = 0, max(n_all, k) * 2
        N[g] = m.var(f"N[{g}]", lo, hi, n_g[g])
    if published_n:
        m.fact(lin(*[(N[g], 1) for g in gkeys]), n_all, n_all)

    # Shown per question and group (routing evaluated on the stored answers: the truth).
    S: dict[tuple[str, str], int] = {}
    for q in questions:
        for g in gkeys:
            t = sum(1 for a, gg in rows_g if gg == g and group_holds(q.get("show_if"), a))
            S[q["id"], g] = m.var(f"S[{q['id']},{g}]", 0, np.inf, t)
            m.add(lin((S[q["id"], g], 1), (N[g], -1)), -np.inf, 0)

    items = results["items"]
    # Answered per scope and group; cells per unit, group and value.
    A: dict[tuple[str, str], int] = {}
    C: dict[tuple[str, str, Any], int] = {}
    T: dict[tuple[str, Any], int] = {}
    answered_of: dict[int, list[int]] = {}
    unit_values: dict[str, list[Any]] = {}
    targets: dict[int, str] = {}

    def value_of(item: dict, a: dict) -> Any:
        v = a.get(item["question"])
        if "row" in item:
            return v.get(item["row"]) if isinstance(v, dict) else None
        return v

    def scope_of(item: dict) -> str:
        return item["question"] if item["type"] == "multiple" else item["id"]

    for it in items:
        q = qdef[it["question"]]
        scope = scope_of(it)
        for g in gkeys:
            if (scope, g) in A:
                continue
            t = sum(1 for a, gg in rows_g if gg == g and _answered(value_of(it, a)))
            if it["type"] == "multiple":
                t = sum(
                    1
                    for a, gg in rows_g
                    if gg == g and isinstance(a.get(q["id"]), list) and a[q["id"]]
                )
            A[scope, g] = m.var(f"A[{scope},{g}]", 0, np.inf, t)
            m.add(lin((A[scope, g], 1), (S[q["id"], g], -1)), -np.inf, 0)
        if not it.get("categories"):
            continue
        values = [c["value"] for c in it["categories"]]
        unit_values[it["id"]] = values
        dept_q = q.get("options_from") == "departments"
        for g in gkeys:
            for v in values:
                if it["type"] == "multiple":
                    chosen = sum(
                        1
                        for a, gg in rows_g
                        if gg == g
                        and isinstance(a.get(q["id"]), list)
                        and it["option"] in a[q["id"]]
                    )
                    t = chosen if v == "chosen" else None
                    if v == "not_chosen":
                        t = m.truth[A[scope, g]] - chosen
                elif dept_q:
                    t = sum(1 for a, gg in rows_g if gg == g and _answered(a.get(q["id"])))
                    t = t if v == g else 0
                else:
                    t = sum(
                        1
                        for a, gg in rows_g
                        if gg == g and _answered(value_of(it, a)) and value_of(it, a) == v
                    )
                    if t == 0 and not isinstance(v, str):
                        t = sum(
                            1
                            for a, gg in rows_g
                            if gg == g
                            and _answered(value_of(it, a))
                            and str(value_of(it, a)) == str(v)
                        )
                hi = 0 if dept_q and v != g else np.inf
                C[it["id"], g, v] = m.var(f"C[{it['id']},{g},{v}]", 0, hi, t)
                answered_of[C[it["id"], g, v]] = [A[scope, g]]
            m.add(lin((A[scope, g], -1), *[(C[it["id"], g, v], 1) for v in values]), 0, 0)
        for v in values:
            tv = sum(m.truth[C[it["id"], g, v]] for g in gkeys)
            T[it["id"], v] = m.var(f"T[{it['id']},{v}]", 0, np.inf, tv)
            answered_of[T[it["id"], v]] = [A[scope, g] for g in gkeys]
            m.add(lin((T[it["id"], v], -1), *[(C[it["id"], g, v], 1) for g in gkeys]), 0, 0)

    # Multiple choice: at least one option, exclusive options alone.
    for q in questions:
        if q["type"] != "multiple":
            continue
        opts = [o["value"] for o in q.get("options", [])]
        excl = {o["value"] for o in q.get("options", []) if o.get("exclusive")}
        for g in gkeys:
            ch = {o: C.get((f"{q['id']}.{o}", g, "chosen")) for o in opts}
            if any(x is None for x in ch.values()):
                continue
            a = A[q["id"], g]
            m.add(lin((a, -1), *[(ch[o], 1) for o in opts]), 0, np.inf)
            for e in excl:
                for o in opts:
                    if o != e:
                        m.add(lin((ch[e], 1), (ch[o], 1), (a, -1)), -np.inf, 0)
            if excl:
                m.add(lin((a, -1), *[(ch[e], 1) for e in excl]), -np.inf, 0)

    # Routing identities.
    def leaf_expr(leaf: dict, g: str) -> dict[int, float] | None:
        src = leaf["question"]
        if "answered" in leaf:
            return None
        if "contains" in leaf:
            key = (f"{src}.{leaf['contains']}", g, "chosen")
            return {C[key]: 1} if key in C else None
        unit = src + (f".{leaf['row']}" if "row" in leaf else "")
        vals = [leaf["equals"]] if "equals" in leaf else list(leaf["one_of"])
        cells = [C.get((unit, g, v)) for v in vals]
        if any(c is None for c in cells):
            return None
        return lin(*[(c, 1) for c in cells])

    for q in questions:
        cond = q.get("show_if")
        for g in gkeys:
            s = S[q["id"], g]
            if not cond:
                m.add(lin((s, 1), (N[g], -1)), 0, 0)
                continue
            node = cond
            while ("all" in node or "any" in node) and len(node.get("all") or node.get("any")) == 1:
                node = (node.get("all") or node.get("any"))[0]
            if "question" in node:
                e = leaf_expr(node, g)
                if e is not None:
                    m.add(lin((s, -1), e), 0, 0)
                continue
            kind = "all" if "all" in node else "any"
            leaves = [x for x in node[kind] if "question" in x]
            exprs = [leaf_expr(x, g) for x in leaves]
            for e in exprs:
                if e is None:
                    continue
                if kind == "all":
                    m.add(lin((s, 1), scaled(e, -1)), -np.inf, 0)
                else:
                    m.add(lin((s, 1), scaled(e, -1)), 0, np.inf)
            if (
                kind == "any"
                and len(exprs) == len(node[kind])
                and all(e is not None for e in exprs)
            ):
                m.add(lin((s, -1), *exprs), 0, np.inf)

    # Published facts of every item.
    def pct_fact(count: dict[int, float] | None, base: dict[int, float] | None, p: Any) -> None:
        if p is None or count is None or base is None:
            return
        lo, hi = (p - 0.05 - 1e-9) / 100.0, (p + 0.05 + 1e-9) / 100.0
        m.fact(lin(count, scaled(base, -lo)), -1e-9, np.inf)
        m.fact(lin(count, scaled(base, -hi)), -np.inf, 1e-9)

    def fix(expr: dict[int, float], value: Any) -> None:
        if value is not None:
            m.fact(expr, value, value)

    def marker(var: int, status: Any) -> None:
        if semantics != "two-markers" or status is None:
            return
        if status in ("primary", "all"):
            m.add({var: 1}, 1, k - 1)
        else:  # 0 or at least k: a binary switch
            b = m.var(f"b[{m.names[var]}]", 0, 1, 1 if m.truth[var] >= k else 0)
            m.add(lin((var, 1), (b, -(10**6))), -np.inf, 0)
            m.add(lin((var, 1), (b, -k)), 0, np.inf)

    for it in items:
        q = qdef[it["question"]]
        scope = scope_of(it)
        b = it["bases"]
        all_e = lin(*[(N[g], 1) for g in gkeys])
        shown_e = lin(*[(S[q["id"], g], 1) for g in gkeys])
        ans_e = lin(*[(A[scope, g], 1) for g in gkeys])
        fix(shown_e, b.get("shown"))
        fix(ans_e, b.get("answered"))
        fix(ans_e, it.get("n"))
        miss = it.get("missing") or {}
        fix(lin(shown_e, scaled(ans_e, -1)), miss.get("skipped"))
        fix(lin(all_e, scaled(shown_e, -1)), miss.get("not_shown"))
        if not it.get("categories"):
            continue
        values = unit_values[it["id"]]
        subst_e: dict[int, float] | None
        if it["type"] == "multiple":
            nonsub = [
                o["value"]
                for o in q.get("options", [])
                if o.get("substantive") is False and o.get("exclusive")
            ]
            subst_e = ans_e
            if mc_substantive == "excludes-nonsubstantive" and nonsub:
                subst_e = lin(
                    ans_e,
                    *[
                        (T[f"{q['id']}.{o}", "chosen"], -1)
                        for o in nonsub
                        if (f"{q['id']}.{o}", "chosen") in T
                    ],
                )
        else:
            subst_e = lin(
                *[(T[it["id"], c["value"]], 1) for c in it["categories"] if c["substantive"]]
            )
        fix(subst_e, b.get("substantive"))
        bases_e = {"all": all_e, "shown": shown_e, "answered": ans_e, "substantive": subst_e}
        for c in it["categories"]:
            tv = T[it["id"], c["value"]]
            fix({tv: 1}, c["count"])
            marker(tv, c["suppressed"] if not it.get("suppressed") else None)
            for base_name, p in (c.get("pct") or {}).items():
                pct_fact({tv: 1}, bases_e[base_name], p)
        for col in it.get("collapsed") or []:
            e = lin(*[(T[it["id"], v], 1) for v in col["values"]])
            fix(e, col["count"])
            for base_name, p in (col.get("pct") or {}).items():
                pct_fact(e, bases_e[base_name], p)
        for c in (it.get("reverse") or {}).get("categories", []):
            fix({T[it["id"], c["reversed_from"]]: 1}, c["count"])
        for v, n in (it.get("distribution") or {}).items():
            key = next(x for x in values if str(x) == v)
            fix({T[it["id"], key]: 1}, n)
        if values and all(isinstance(v, int) for v in values):
            s_e = lin(*[(T[it["id"], v], v) for v in values])
            for mean, eps in ((it.get("mean_unrounded"), 1e-9), (it.get("mean"), 0.005)):
                if mean is not None:
                    m.fact(lin(s_e, scaled(ans_e, -(mean - eps))), -1e-7, np.inf)
                    m.fact(lin(s_e, scaled(ans_e, -(mean + eps))), -np.inf, 1e-7)
        for entry in it.get("breakdown") or []:
            g = entry["group"]
            fix({N[g]: 1}, entry["n"])
            a_g = {A[scope, g]: 1}
            fix(a_g, entry["answered"])
            for v in values:
                cv = C[it["id"], g, v]
                if "counts" in entry:
                    key = next((x for x in entry["counts"] if str(x) == str(v)), v)
                    fix({cv: 1}, entry["counts"].get(key))
                    if not it.get("suppressed"):
                        marker(cv, (entry.get("status") or {}).get(key))
                    pct_fact({cv: 1}, a_g, (entry.get("pct") or {}).get(key))
            if all(isinstance(v, int) for v in values) and values:
                s_e = lin(*[(C[it["id"], g, v], v) for v in values])
                for mean, eps in ((entry.get("mean_unrounded"), 1e-9), (entry.get("mean"), 0.005)):
                    if mean is not None:
                        m.fact(lin(s_e, scaled(a_g, -(mean - eps))), -1e-7, np.inf)
                        m.fact(lin(s_e, scaled(a_g, -(mean + eps))), -np.inf, 1e-7)
        # Targets: every suppressed published cell; every cell with a value in 1..k-1.
        shown_groups = {e["group"]: e for e in it.get("breakdown") or []}
        for c in it["categories"]:
            tv = T[it["id"], c["value"]]
            if c["count"] is None:
                targets[tv] = "suppressed"
        for g, entry in shown_groups.items() if len(gkeys) > 1 else ():
            if "counts" not in entry:
                continue
            for v in values:
                key = next((x for x in entry.get("counts", {}) if str(x) == str(v)), None)
                if key is None or entry["counts"][key] is None:
                    targets[C[it["id"], g, v]] = "suppressed"
    cells = list(T.items()) + (list(C.items()) if len(gkeys) > 1 else [])
    # Department questions repeat the group sizes (published anyway): not a target.
    question_of = {i["id"]: i["question"] for i in items}
    dept_vars = {
        var
        for (u, *_rest), var in list(T.items()) + list(C.items())
        if qdef[question_of[u]].get("options_from") == "departments"
    }
    candidates = [var for _key, var in cells if var not in dept_vars]
    for var in candidates:
        if 0 < m.truth[var] < k:
            targets[var] = "small"
    for var in dept_vars:
        targets.pop(var, None)
    return Attack(m, k, targets, cells=candidates, answered_of=answered_of)


def subtract_known(full: Attack, known: Attack) -> Attack:
    """The attack of an insider who knows some rows (the paper questionnaires they imported):
    ``full`` is built from all rows, ``known`` from the known rows against the same results.
    Every variable becomes the count over the other rows; published facts are shifted by
    what the known rows contribute, structural rules hold for the other rows as they are.
    Targets: every withheld cell, and every cell whose count over the other rows is small."""
    m, km = full.model, known.model
    contribution = [km.truth[km.index[n]] if n in km.index else 0 for n in m.names]
    r = Model()
    for name, lo, hi, t, c in zip(m.names, m.lo, m.hi, m.truth, contribution, strict=True):
        r.var(name, max(lo - c, 0), hi - c, t - c)
    for row, (terms, lb, ub) in enumerate(m.rows):
        shift = sum(coef * contribution[i] for i, coef in terms.items()) if row in m.facts else 0
        r.rows.append((terms, lb - shift, ub - shift))

    # A withheld cell of an item that none of the other rows answered (in the cell's group)
    # holds only the insider's own rows: pinning it teaches nothing about another
    # respondent's answer. That none of them answered is the item's base, which is not a
    # target (a zero is never a small count) and which routing may well make public.
    def others_answered(var: int) -> bool:
        bases = full.answered_of.get(var)
        return bases is None or sum(r.truth[a] for a in bases) > 0

    targets = {i: s for i, s in full.targets.items() if s == "suppressed" and others_answered(i)}
    for var in full.cells:
        if 0 < r.truth[var] < full.k:
            targets[var] = "small"
    return Attack(r, full.k, targets, cells=full.cells, answered_of=full.answered_of)


# ----------------------------------------------------------------------------- solving


def run(attack: Attack, *, time_limit: float = 2.0, budget: float = 60.0) -> Attack:
    """Minimise and maximise the targets; fill ``attack.recovered``."""
    m, k = attack.model, attack.k
    bad = m.violated()
    assert not bad, "the attacker's model contradicts the true values:\n" + "\n".join(bad[:10])
    start = time.monotonic()
    n = len(m.names)
    data, ri, ci, lbs, ubs = [], [], [], [], []
    for r, (terms, lb, ub) in enumerate(m.rows):
        for i, c in terms.items():
            ri.append(r)
            ci.append(i)
            data.append(c)
        lbs.append(lb)
        ubs.append(ub)
    A = coo_array((data, (ri, ci)), shape=(len(m.rows), n)).tocsr()
    cons = LinearConstraint(A, np.array(lbs), np.array(ubs))
    bounds = Bounds(np.array(m.lo, dtype=float), np.array(m.hi, dtype=float))
    integrality = np.ones(n)
    truth = m.truth

    def solve(obj: dict[int, float]) -> tuple[np.ndarray | None, bool]:
        attack.solves += 1
        c = np.zeros(n)
        for i, w in obj.items():
            c[i] = w
        res = milp(
            c,
            constraints=cons,
            bounds=bounds,
            integrality=integrality,
            options={"time_limit": time_limit, "presolve": True},
        )
        if res.x is None:
            return None, False
        return np.round(res.x).astype(int), res.status == 0

    # Witnesses: a small cell is safe once a completion has it at 0 or >= k; a suppressed
    # cell once a completion differs from its true value.
    pending = dict(attack.targets)

    def witness(x: np.ndarray) -> None:
        for i in list(pending):
            ok = (x[i] == 0 or x[i] >= k) if pending[i] == "small" else x[i] != truth[i]
            if ok:
                del pending[i]

    for sign in (1, -1):
        if pending:
            x, _optimal = solve({i: sign for i in pending})
            if x is not None:
                witness(x)
    for i in sorted(pending):
        if i not in pending:
            continue
        if time.monotonic() - start > budget:
            attack.undecided.append(m.names[i])
            continue
        proven = True
        for sign in (1, -1):
            if i not in pending:
                break
            x, optimal = solve({i: sign})
            proven = proven and optimal
            if x is not None:
                (attack.lows if sign == 1 else attack.highs)[i] = int(x[i])
                witness(x)
        if i in pending and not proven:
            attack.undecided.append(m.names[i])
            del pending[i]
        elif i in pending:
            lo_hi = "pinned" if attack.lows.get(i) == attack.highs.get(i) else "proven in 1..k-1"
            how = "pinned" if pending[i] == "suppressed" else lo_hi
            attack.recovered[m.names[i]] = f"{how} (true {truth[i]})"
            del pending[i]
    attack.seconds = time.monotonic() - start
    return attack
