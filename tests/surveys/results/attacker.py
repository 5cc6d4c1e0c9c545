"""An attacker for suppressed tables, written independently of the engine.

Given every linear relation between the published numbers and which ones are shown, it
tries (1) every single relation and every sum and difference of two relations, (2) all
rational combinations (exact Gaussian elimination with fractions) and (3) for small tables
every integer completion, and reports the suppressed numbers it can pin to one value.
"""

from __future__ import annotations

import itertools
from fractions import Fraction


def _reduced(relation, shown):
    """Split a relation into its unknown part {name: coef} and the known constant."""
    unknown = {}
    const = 0
    for name, (coef, value, is_shown) in relation.items():
        if is_shown:
            const += coef * value
        else:
            unknown[name] = unknown.get(name, 0) + coef
    return {n: c for n, c in unknown.items() if c}, const


def subtraction_attack(relations: list[dict]) -> set[str]:
    """Single relations, and sums/differences of two: one unknown left means recovered."""
    reduced = [_reduced(r, None) for r in relations]
    found = set()
    candidates = [u for u, _c in reduced]
    for (u1, _), (u2, _) in itertools.combinations(reduced, 2):
        for sign in (1, -1):
            combo = dict(u1)
            for n, c in u2.items():
                combo[n] = combo.get(n, 0) + sign * c
            candidates.append({n: c for n, c in combo.items() if c})
    for unknown in candidates:
        if len(unknown) == 1:
            found |= set(unknown)
    return found


def linear_attack(relations: list[dict]) -> set[str]:
    """Everything computable by any rational combination of relations."""
    reduced = [u for u, _c in (_reduced(r, None) for r in relations) if u]
    names = sorted({n for u in reduced for n in u})
    rows = [[Fraction(u.get(n, 0)) for n in names] for u in reduced]
    pivots = []
    r = 0
    for c in range(len(names)):
        p = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if p is None:
            continue
        rows[r], rows[p] = rows[p], rows[r]
        rows[r] = [x / rows[r][c] for x in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                f = rows[i][c]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append((c, r))
        r += 1
    pivot_cols = {c for c, _ in pivots}
    found = set()
    for c, row in pivots:
        if all(rows[row][j] == 0 for j in range(len(names)) if j not in pivot_cols):
            found.add(names[c])
    return found


def completion_attack(
    relations: list[dict],
    bounds: dict[str, tuple[int, int]],
    limit: int = 200_000,
    small_below: int | None = None,
) -> set[str] | None:
    """Enumerate every integer completion; a suppressed number with one possible value is
    recovered, and (with ``small_below=k``) so is one whose possible values all lie in
    1..k-1. Returns None when the search is too large."""
    reduced = [_reduced(r, None) for r in relations]
    reduced = [(u, c) for u, c in reduced if u]
    names = sorted(bounds)
    seen: dict[str, set[int]] = {n: set() for n in names}
    assignment: dict[str, int] = {}
    steps = 0

    def consistent() -> bool:
        for u, c in reduced:
            if all(n in assignment for n in u) and (
                sum(coef * assignment[n] for n, coef in u.items()) + c != 0
            ):
                return False
        return True

    def search(i: int) -> bool:
        nonlocal steps
        steps += 1
        if steps > limit:
            return False
        if i == len(names):
            for n in names:
                seen[n].add(assignment[n])
            return True
        lo, hi = bounds[names[i]]
        for v in range(lo, hi + 1):
            assignment[names[i]] = v
            if consistent() and not search(i + 1) and steps > limit:
                return False
            del assignment[names[i]]
        return True

    search(0)
    if steps > limit:
        return None
    if small_below is not None:
        return {
            n
            for n, values in seen.items()
            if len(values) == 1 or all(0 < v < small_below for v in values)
        }
    return {n for n, values in seen.items() if len(values) == 1}
