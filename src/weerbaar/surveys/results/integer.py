"""Integer reasoning over one table's suppressed entries (pure; HiGHS through scipy).

Interval reasoning line by line and linear algebra miss what only a combination of lines
gives (e.g. two rows and two totals together leave two hidden cells summing to 0), and a
sum of grades (``sum == 1*n1 + 2*n2 + ...``) adds a line with other coefficients. Integer
reasoning tells what an attacker can pin down: for every suppressed entry the smallest and
largest value consistent with every line and bound. This is an exact mixed-integer program,
small (one table's suppressed entries) and solved by HiGHS, the solver also used by the
attacker tests.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

# A solve that stops early counts as "not proven safe" (the entry gets more protection). The
# limit is a number of branch-and-bound nodes, not a time: the same data must give the same
# published results on a busy and on an idle machine, or comparing two moments would tell
# an insider something. The time limit only guards against a runaway solve.
NODE_LIMIT = 10_000
TIME_LIMIT = 120.0

Relation = tuple[list[tuple[int, int]], int]


def disclosed(
    relevant: list[Relation],
    bounds: dict[int, list[int]],
    protected: list[int],
    small: set[int],
    k: int,
    truth: dict[int, int] | None = None,
) -> set[int]:
    """``protected`` entries an attacker pins to one value, or ``small`` ones he proves
    to lie in 1..k-1.

    With ``truth`` (the true values), any feasible solution is a witness: an entry with
    another value there is not pinned, a small entry at 0 or at least k is not proven
    small. Two solves over all entries together usually settle most of them; only the
    rest get the exact minimum and maximum of their own."""
    if not relevant:
        return set()
    keys = sorted(bounds)
    col = {u: j for j, u in enumerate(keys)}
    data, rows, cols, rhs = [], [], [], []
    for r, (terms, value) in enumerate(relevant):
        for i, c in terms:
            rows.append(r)
            cols.append(col[i])
            data.append(c)
        rhs.append(value)
    matrix = coo_array((data, (rows, cols)), shape=(len(relevant), len(keys))).tocsr()
    constraints = LinearConstraint(matrix, np.array(rhs), np.array(rhs))
    box = Bounds(
        np.array([bounds[u][0] for u in keys], dtype=float),
        np.array([bounds[u][1] for u in keys], dtype=float),
    )
    integrality = np.ones(len(keys))

    def solve(objective: np.ndarray) -> tuple[np.ndarray | None, bool]:
        res = milp(
            objective,
            constraints=constraints,
            bounds=box,
            integrality=integrality,
            options={"node_limit": NODE_LIMIT, "time_limit": TIME_LIMIT},
        )
        if res.x is None:
            return None, False
        return np.round(res.x), res.status == 0

    pending = set(protected)

    def witness(x: np.ndarray | None) -> None:
        if x is None or truth is None:
            return
        for u in list(pending):
            v = x[col[u]]
            if (v == 0 or v >= k) if u in small else v != truth[u]:
                pending.discard(u)

    if truth is not None:
        for sign in (1, -1):
            if pending:
                objective = np.zeros(len(keys))
                for u in pending:
                    objective[col[u]] = sign
                witness(solve(objective)[0])
    out: set[int] = set()
    for u in sorted(pending, key=col.__getitem__):
        if u not in pending:
            continue
        j = col[u]
        extremes = []
        for sign in (1, -1):
            objective = np.zeros(len(keys))
            objective[j] = sign
            x, optimal = solve(objective)
            witness(x)
            extremes.append(float(x[j]) if x is not None and optimal else None)
            if u not in pending:
                break
        if u not in pending:
            continue
        pending.discard(u)
        lo, hi = extremes[0], extremes[-1] if len(extremes) == 2 else None
        if lo is None or hi is None:
            out.add(u)  # not proven safe
        elif lo == hi or (u in small and lo >= 1 and hi < k):
            out.add(u)
    return out
