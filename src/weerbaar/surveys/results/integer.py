"""Integer reasoning for tables with a sum behind a mean (pure; HiGHS through scipy).

Interval reasoning and linear algebra cover tables of counts with their totals. A sum of
grades (``sum == 1*n1 + 2*n2 + ...``) adds a line with other coefficients, and then only
integer reasoning tells what an attacker can pin down: for every suppressed entry the
smallest and largest value consistent with every line and bound. This is an exact
mixed-integer program per entry, small (one table's suppressed entries) and solved by
HiGHS, the solver also used by the attacker tests.
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
) -> set[int]:
    """``protected`` entries an attacker pins to one value, or ``small`` ones he proves
    to lie in 1..k-1."""
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

    def extreme(j: int, sign: int) -> float | None:
        objective = np.zeros(len(keys))
        objective[j] = sign
        res = milp(
            objective,
            constraints=constraints,
            bounds=box,
            integrality=integrality,
            options={"node_limit": NODE_LIMIT, "time_limit": TIME_LIMIT},
        )
        if res.status != 0 or res.x is None:
            return None
        return float(round(res.x[j]))

    out: set[int] = set()
    for u in protected:
        j = col[u]
        lo, hi = extreme(j, 1), extreme(j, -1)
        if lo is None or hi is None:
            out.add(u)  # not proven safe
        elif lo == hi or (u in small and lo >= 1 and hi < k):
            out.add(u)
    return out
