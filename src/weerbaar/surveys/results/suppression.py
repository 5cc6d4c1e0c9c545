"""Minimum cell size with complementary suppression (celonderdrukking).

A published table is modelled as *entries* (every number that could be shown: cells,
totals, bases, sums behind means) and *lines*: linear equations between entries that hold
by construction (``sum of a row == its total``, ``sum of grades == mean * n``, ...). An
attacker who sees the shown entries can add and subtract lines; we suppress entries until

* no count ``0 < value < k`` is shown (primary suppression);
* no suppressed entry can be computed exactly from the shown ones by any combination of
  lines (linear algebra over the suppressed unknowns), and
* no suppressed entry is pinned to a single value by bounds reasoning (counts are never
  negative; a primary cell lies in ``1 .. k-1``), line by line and, for what only several
  lines together give, by an integer program over all of them (:mod:`.integer`).

Entries can be ``fixed`` (always shown, e.g. the overall number of respondents and the
department totals, which are shown on many tables and must not differ between them) or
``hidden`` (suppressed by a decision taken elsewhere, e.g. the routing table of a question).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from . import integer

PRIMARY = "primary"
COMPLEMENTARY = "complementary"
HIDDEN = "hidden"
UNPUBLISHED = "unpublished"
WITHHELD = "withheld"
"""The one marker published for every suppressed number, whatever the reason: a reader
cannot tell a small count from one hidden to protect another (or from a withheld item)."""


@dataclass
class Entry:
    key: str
    value: int
    is_count: bool = True
    fixed: bool = False
    hidden: bool = False
    unpublished: bool = False  # never shown (e.g. grade cells per department behind a mean)
    priority: int = 0  # lower is preferred as a complementary suppression
    lower: int = 0  # what an attacker knows for sure about a hidden entry
    upper: int | None = None  # a known upper bound (attacker knowledge), None = unbounded


@dataclass
class Table:
    """Entries and the linear relations between them (``sum(coef * value) == 0``)."""

    entries: list[Entry] = field(default_factory=list)
    lines: list[list[tuple[int, int]]] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, value: int, **kwargs: Any) -> int:
        if key in self.index:
            raise ValueError(f"duplicate entry {key!r}")
        self.index[key] = len(self.entries)
        self.entries.append(Entry(key, int(value), **kwargs))
        return self.index[key]

    def add_line(self, terms: Sequence[tuple[str | int, int]]) -> None:
        resolved = [(self.index[t] if isinstance(t, str) else t, c) for t, c in terms if c]
        total = sum(self.entries[i].value * c for i, c in resolved)
        if total != 0:
            raise ValueError(f"line does not hold: {terms!r} sums to {total}")
        self.lines.append(resolved)


@dataclass
class Suppression:
    """Outcome: status per suppressed entry key; ``everything`` if the table is withheld."""

    status: dict[str, str]
    everything: bool = False

    def shown(self, key: str) -> bool:
        return not self.everything and key not in self.status

    def marker(self, key: str) -> str | None:
        """What is published for ``key``: None when shown, else :data:`WITHHELD`."""
        return None if self.shown(key) else WITHHELD

    def reason(self, key: str) -> str | None:
        """Why ``key`` is suppressed (internal only, never published): primary,
        complementary, hidden or "all"; None when shown."""
        return "all" if self.everything else self.status.get(key)


def is_primary(entry: Entry, k: int) -> bool:
    return entry.is_count and 0 < entry.value < k


DERIVED_FIRST = ({2}, {2, 4})
"""Fallbacks when the greedy choice fails: first give up these priorities (collapsed groups
and the substantive base; then also sums behind means) instead of the whole table."""


def suppress(table: Table, k: int, views: Sequence[Table] = ()) -> Suppression:
    """Choose the entries to suppress so that nothing under ``k`` is shown or recoverable.

    ``views``: the same table (same entries, same lines) over the rows an insider does not
    know (all rows minus the paper questionnaires that insider imported). Whoever knows rows
    subtracts them from every published number; what is left must be protected as well, so
    an entry is primary when it is small in the table or in any view, and no suppressed
    entry may be recoverable in any of them.

    If the greedy choice of partners ends in withholding everything, derived entries are
    given up first and the choice is made again."""
    for view in views:
        if [e.key for e in view.entries] != [e.key for e in table.entries]:
            raise ValueError("a view must have the entries of its table")
    result = _suppress(table, k, set(), views)
    for priorities in DERIVED_FIRST:
        if not result.everything:
            break
        result = _suppress(table, k, priorities, views)
    return result


def _suppress(table: Table, k: int, give_up: set[int], views: Sequence[Table] = ()) -> Suppression:
    entries = table.entries
    status: dict[int, str] = {}
    for i, e in enumerate(entries):
        if e.unpublished:
            status[i] = UNPUBLISHED
        elif e.hidden:
            status[i] = HIDDEN
        elif is_primary(e, k) or any(is_primary(v.entries[i], k) for v in views):
            if e.fixed:
                return _everything(table)
            status[i] = PRIMARY
    if not status:
        return Suppression({})
    for i, e in enumerate(entries):
        if e.priority in give_up and not e.fixed and i not in status:
            status[i] = COMPLEMENTARY
    lines_of: dict[int, list[int]] = {}
    for li, line in enumerate(table.lines):
        for i, _c in line:
            lines_of.setdefault(i, []).append(li)
    for _ in range(len(entries) + 1):
        weak = recoverable(table, status, k)
        for view in views:
            if not weak:
                weak = recoverable(view, _view_status(view, status, k), k)
        if not weak:
            return Suppression({entries[i].key: s for i, s in status.items()})
        added = False
        for u in weak:
            candidate = _complement_for(table, status, [u], lines_of)
            if candidate is not None:
                status[candidate] = COMPLEMENTARY
                added = True
        if not added:
            return _everything(table)
    return _everything(table)


def _view_status(view: Table, status: dict[int, str], k: int) -> dict[int, str]:
    """The statuses seen from a view: an entry small there is primary there."""
    return {
        i: PRIMARY if s == COMPLEMENTARY and is_primary(view.entries[i], k) else s
        for i, s in status.items()
    }


def _everything(table: Table) -> Suppression:
    return Suppression({e.key: PRIMARY for e in table.entries if not e.fixed}, everything=True)


def _complement_for(
    table: Table, status: dict[int, str], weak: list[int], lines_of: dict[int, list[int]]
) -> int | None:
    """The cheapest shown, non-fixed entry sharing a line with a weak suppressed entry; if
    there is none, the search widens along lines of suppressed entries (breadth first)."""
    entries = table.entries
    frontier = set(weak)
    seen_lines: set[int] = set()
    seen_entries = set(frontier)
    while frontier:
        best = None
        next_frontier: set[int] = set()
        for u in frontier:
            for li in lines_of.get(u, []):
                if li in seen_lines:
                    continue
                seen_lines.add(li)
                for i, _c in table.lines[li]:
                    e = entries[i]
                    if i in status:
                        if i not in seen_entries:
                            seen_entries.add(i)
                            next_frontier.add(i)
                        continue
                    if e.fixed or e.upper == 0:  # a structural zero protects nothing
                        continue
                    rank = (e.priority, e.value == 0, e.value, i)
                    if best is None or rank < best[0]:
                        best = (rank, i)
        if best is not None:
            return best[1]
        frontier = next_frontier
    return None


def recoverable(table: Table, status: dict[int, str], k: int) -> list[int]:
    """Suppressed entries an attacker can pin to one value.

    Every suppressed entry is protected, complementary ones too: all carry the same marker,
    and a withheld number that can be recomputed (say 12) would tell that it was withheld
    to protect a small neighbour.
    """
    entries = table.entries
    unknowns = sorted(status)
    # Unpublished entries matter only when small: then they are like primary ones.
    small = {
        u
        for u in unknowns
        if status[u] == PRIMARY or (status[u] == UNPUBLISHED and 0 < entries[u].value < k)
    }
    protected = [u for u in unknowns if status[u] != UNPUBLISHED or u in small]
    weak = set(_linearly_determined(table, unknowns)) & set(protected)
    bounds = _bounds(table, status, k)
    if bounds is None:  # cannot happen with true values; be safe
        return protected
    weak |= {u for u in protected if bounds[u][0] >= bounds[u][1]}
    # A small count proven to lie in 1..k-1 is disclosed as "small" even if not pinned.
    weak |= {u for u in small if 1 <= bounds[u][0] <= bounds[u][1] < k}
    if not weak and protected:
        relevant = _relevant_lines(table, status)
        truth = {u: entries[u].value for u in unknowns}
        weak |= integer.disclosed(relevant, bounds, protected, small, k, truth)
    return [u for u in unknowns if u in weak]


Relation = tuple[list[tuple[int, int]], int]
"""A line over suppressed entries only: ((entry, coefficient), ...) and its right-hand side."""

_P = (1 << 61) - 1  # a Mersenne prime: exact rank arithmetic modulo P (all coefficients are small)


def _linearly_determined(table: Table, unknowns: list[int]) -> list[int]:
    col = {u: j for j, u in enumerate(unknowns)}
    rows: list[list[int]] = []
    for line in table.lines:
        coefs = [0] * len(unknowns)
        touched = False
        for i, c in line:
            if i in col:
                coefs[col[i]] += c
                touched = True
        if touched and any(coefs):
            rows.append([x % _P for x in coefs])
    pivots = _rref(rows, len(unknowns))
    pivot_cols = {pc for pc, _r in pivots}
    out = []
    for pc, row in pivots:
        if all(row[j] == 0 for j in range(len(unknowns)) if j not in pivot_cols):
            out.append(unknowns[pc])
    return out


def _rref(rows: list[list[int]], ncols: int) -> list[tuple[int, list[int]]]:
    """Reduced row echelon form modulo P; returns (pivot column, row) pairs."""
    pivots: list[tuple[int, list[int]]] = []
    r = 0
    for c in range(ncols):
        pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        inv = pow(rows[r][c], _P - 2, _P)
        rows[r] = [x * inv % _P for x in rows[r]]
        pr = rows[r]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                f = rows[i][c]
                rows[i] = [(a - f * b) % _P for a, b in zip(rows[i], pr, strict=True)]
        r += 1
        if r == len(rows):
            break
    for i in range(r):
        pc = next(c for c in range(ncols) if rows[i][c] != 0)
        pivots.append((pc, rows[i]))
    return pivots


def _relevant_lines(table: Table, status: dict[int, str]) -> list[Relation]:
    entries = table.entries
    relevant: list[Relation] = []
    for line in table.lines:
        unk = [(i, c) for i, c in line if i in status]
        if unk:
            rhs = -sum(entries[i].value * c for i, c in line if i not in status)
            relevant.append((unk, rhs))
    return relevant


def _bounds(table: Table, status: dict[int, str], k: int) -> dict[int, list[int]] | None:
    """Interval reasoning over every line (what a patient attacker with a pencil does)."""
    entries = table.entries
    big = max((e.value for e in entries), default=0) * 100 + 1000
    bounds: dict[int, list[int]] = {}
    for i in status:
        e = entries[i]  # one marker: a suppressed entry is only known to be withheld
        bounds[i] = [e.lower, e.upper if e.upper is not None else big]
    return _propagate(_relevant_lines(table, status), bounds)


def _propagate(
    relevant: list[Relation], bounds: dict[int, list[int]]
) -> dict[int, list[int]] | None:
    for _ in range(100):
        changed = False
        for unk, rhs in relevant:
            for i, c in unk:
                # c * x_i = rhs - sum(other c_j x_j)
                rest_lo = rest_hi = 0
                for j, cj in unk:
                    if j != i:
                        lo_j, hi_j = bounds[j]
                        rest_lo += cj * (lo_j if cj > 0 else hi_j)
                        rest_hi += cj * (hi_j if cj > 0 else lo_j)
                a, b = rhs - rest_hi, rhs - rest_lo  # c * x_i in [a, b]
                if c > 0:
                    new_lo, new_hi = _ceil_div(a, c), b // c
                else:
                    new_lo, new_hi = _ceil_div(b, c), a // c
                bi = bounds[i]
                if new_lo > bi[0]:
                    bi[0] = new_lo
                    changed = True
                if new_hi < bi[1]:
                    bi[1] = new_hi
                    changed = True
                if bi[0] > bi[1]:
                    return None
        if not changed:
            return bounds
    return bounds


def _ceil_div(a: int, b: int) -> int:
    return -((-a) // b)
