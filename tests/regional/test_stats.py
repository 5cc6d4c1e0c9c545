"""The benchmark's suppression over municipalities (pure)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from weerbaar.regional.stats import (
    DIFFERENCE,
    FEW,
    MIN_MUNICIPALITIES,
    History,
    quartiles,
    size_class,
)


def test_quartiles_are_contributed_values():
    q = quartiles([10, 40, 20, 50, 30])
    assert (q.q1, q.median, q.q3) == (20, 30, 40)
    q = quartiles([1, 2, 3, 4, 5, 6])
    assert (q.q1, q.median, q.q3) == (2, 3, 5)


def test_size_classes():
    assert size_class(None) is None
    assert size_class(8_000) == "tot-20k"
    assert size_class(20_000) == "20k-50k"
    assert size_class(99_999) == "50k-100k"
    assert size_class(250_000) == "100k-plus"


def members(n: int, start: int = 0) -> frozenset[str]:
    return frozenset(f"s{i}" for i in range(start, start + n))


def test_fewer_than_k_municipalities_is_withheld():
    history = History()
    assert history.admit("pillar:P1", members(4)) == FEW
    assert history.admit("pillar:P1", members(5)) is None


def test_a_join_or_leave_of_one_municipality_is_withheld_until_k_changed():
    history = History()
    assert history.admit("x", members(6)) is None
    assert history.admit("x", members(7)) == DIFFERENCE  # one joined
    assert history.admit("x", members(5)) == DIFFERENCE  # one left
    assert history.admit("x", members(6)) is None  # the same population again
    assert history.admit("x", members(11)) is None  # five more joined
    assert history.admit("x", members(10)) == DIFFERENCE  # one of them left again
    # Another item has its own history.
    assert history.admit("y", members(7)) is None


def test_the_region_against_the_country_is_checked_too():
    history = History()
    country = members(9)
    assert history.admit("x", country) is None
    # A region holding all but two of the participants would give those two away.
    assert history.admit("x", members(7)) == DIFFERENCE
    # Two disjoint size classes are far apart.
    assert history.admit("x", members(5, start=100)) is None


@given(
    st.lists(
        st.frozensets(st.integers(min_value=0, max_value=14), max_size=15),
        min_size=1,
        max_size=25,
    )
)
def test_no_two_shown_populations_differ_by_fewer_than_k(populations):
    """Property: whatever sequence of populations is offered (joins, leaves, new reports,
    other scopes), every shown figure rests on at least k contributions and any two shown
    figures of one item rest on the same contributions or differ in at least k of them."""
    history = History()
    shown = []
    for population in populations:
        pop = frozenset(f"s{i}" for i in population)
        reason = history.admit("item", pop)
        if reason is None:
            shown.append(pop)
        else:
            assert reason == FEW or any(0 < len(pop ^ s) < MIN_MUNICIPALITIES for s in shown)
    for pop in shown:
        assert len(pop) >= MIN_MUNICIPALITIES
        for other in shown:
            assert pop == other or len(pop ^ other) >= MIN_MUNICIPALITIES


@given(
    st.lists(st.integers(min_value=0, max_value=100), min_size=5, max_size=40),
    st.integers(min_value=0, max_value=100),
)
def test_one_join_never_shows_two_figures_to_difference(values, joiner):
    """Attacker: the figures before and after one municipality joins. Either the second is
    withheld, or (never) both are shown."""
    history = History()
    before = frozenset(f"s{i}" for i in range(len(values)))
    after = before | {"joiner"}
    assert history.admit("item", before) is None
    assert history.admit("item", after) == DIFFERENCE
    assert quartiles(values)  # the first figure alone says nothing of the joiner
