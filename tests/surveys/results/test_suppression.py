"""Minimum cell size k with complementary suppression: nothing under k is shown, and no
suppressed number can be recovered from the shown ones (attacker in attacker.py)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from weerbaar.surveys.results.suppression import PRIMARY, Table, suppress

from .attacker import completion_attack, linear_attack, subtraction_attack


@st.composite
def tables(draw, grades: bool = False):
    """A department x answer table with row/column totals, as the results pages show it."""
    k = draw(st.integers(3, 5))
    n_cats = draw(st.integers(2, 4))
    n_groups = draw(st.sampled_from([0, 2, 3]))
    small = st.integers(0, 8)
    if n_groups:
        rows = []
        for _ in range(n_groups):
            row = draw(st.lists(small, min_size=n_cats, max_size=n_cats))
            if sum(row) < k:  # departments under k are merged before tables are built
                row[0] += k - sum(row)
            rows.append(row)
        totals = [sum(r[c] for r in rows) for c in range(n_cats)]
    else:
        rows = []
        totals = draw(st.lists(st.integers(0, 12), min_size=n_cats, max_size=n_cats))
    return k, rows, totals, grades


def build(k, rows, totals, grades):
    t = Table()
    n = sum(totals)
    t.add("N", n, fixed=True)
    for c, v in enumerate(totals):
        t.add(f"T{c}", v, upper=n, priority=1 if rows else 0)
    t.add_line([("N", -1)] + [(f"T{c}", 1) for c in range(len(totals))])
    if grades:
        t.add("sum", sum((c + 1) * v for c, v in enumerate(totals)), is_count=False, priority=4)
        t.add_line([("sum", -1)] + [(f"T{c}", c + 1) for c in range(len(totals))])
    for g, row in enumerate(rows):
        t.add(f"N{g}", sum(row), fixed=True)
        for c, v in enumerate(row):
            t.add(f"C{g}.{c}", v, upper=sum(row))
        t.add_line([(f"N{g}", -1)] + [(f"C{g}.{c}", 1) for c in range(len(row))])
    for c in range(len(totals)) if rows else []:
        t.add_line([(f"T{c}", -1)] + [(f"C{g}.{c}", 1) for g in range(len(rows))])
    return t


def relations(t: Table, hidden: set[str]) -> list[dict]:
    out = []
    for line in t.lines:
        rel = {}
        for i, coef in line:
            e = t.entries[i]
            rel[e.key] = (coef, e.value, e.key not in hidden)
        out.append(rel)
    return out


def check(k, rows, totals, grades):
    t = build(k, rows, totals, grades)
    result = suppress(t, k)
    hidden = {e.key for e in t.entries if not result.shown(e.key)}
    # 1. No count under k is ever shown.
    for e in t.entries:
        if e.is_count and 0 < e.value < k:
            assert e.key in hidden, f"{e.key}={e.value} shown with k={k}"
    # 2. No suppressed number under k is recoverable by subtracting/adding shown numbers.
    #    (Complementary cells are 0 or at least k: recovering one alone discloses nothing.)
    protected = {e.key for e in t.entries if e.is_count and 0 < e.value < k}
    rel = relations(t, hidden)
    assert not (subtraction_attack(rel) & protected)
    assert not (linear_attack(rel) & protected)
    # 3. Nor pinned down, nor proven to lie in 1..k-1, by trying every integer completion
    #    (small tables). One marker: a suppressed number is only known to be withheld.
    n = t.entries[t.index["N"]].value
    bounds = {}
    for e in t.entries:
        if e.key in hidden:
            bounds[e.key] = (0, n) if e.is_count else (0, n * len(totals))
    if len(bounds) <= 6:
        pinned = completion_attack(rel, bounds, small_below=k)
        if pinned is not None:
            assert not pinned, f"pinned {pinned} in {rows or totals}"
    return result


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_no_suppressed_count_is_recoverable(table):
    check(*table)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(grades=True))
def test_means_do_not_give_away_suppressed_grades(table):
    check(*table)


def test_a_single_small_cell_gets_a_complementary_partner():
    """Ja 2 / Nee 8 / Weet niet 10 of 20: hiding only "Ja" would give it away (20 - 18)."""
    result = check(5, [], [2, 8, 10], False)
    assert result.reason("T0") == PRIMARY
    assert result.reason("T1") == "complementary"
    assert result.shown("T2")
    # What is published does not tell the two apart.
    assert result.marker("T0") == result.marker("T1") == "withheld"


def test_tables_without_small_cells_are_shown_in_full():
    result = check(5, [[10, 12], [7, 9]], [17, 21], False)
    assert result.status == {}
