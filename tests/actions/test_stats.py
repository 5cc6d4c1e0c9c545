"""The comparison statistics: Wilson and Newcombe intervals against published, hand-checked
values, and the properties every interval must have."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from weerbaar.actions.stats import (
    Verdict,
    newcombe_difference,
    verdict,
    wilson_interval,
)


def test_wilson_interval_matches_hand_computation():
    # 81/263 (Newcombe 1998, single proportion): p = 0.3080, Wilson 95 % CI 0.2553 to 0.3662.
    # By hand: z = 1.96; centre = (p + z²/2n)/(1 + z²/n) = 0.31076; half-width 0.05546.
    w = wilson_interval(81, 263)
    assert w.estimate == pytest.approx(0.3080, abs=1e-4)
    assert w.lower == pytest.approx(0.2553, abs=1e-4)
    assert w.upper == pytest.approx(0.3662, abs=1e-4)


def test_wilson_interval_at_the_edges_stays_within_zero_and_one():
    zero, ten = wilson_interval(0, 10), wilson_interval(10, 10)
    assert zero.lower == 0.0 and zero.upper == pytest.approx(0.2775, abs=1e-4)
    assert ten.upper == 1.0 and ten.lower == pytest.approx(0.7225, abs=1e-4)


@pytest.mark.parametrize(
    ("x1", "n1", "x2", "n2", "diff", "lower", "upper"),
    [
        # Newcombe (1998), Statistics in Medicine 17:873-890, Table II, method 10.
        (56, 70, 48, 80, 0.2000, 0.0524, 0.3339),
        (9, 10, 3, 10, 0.6000, 0.1705, 0.8090),
        (6, 7, 2, 7, 0.5714, 0.0582, 0.8062),
        (5, 56, 0, 29, 0.0893, -0.0381, 0.1926),
    ],
)
def test_newcombe_hybrid_interval_matches_the_published_examples(
    x1, n1, x2, n2, diff, lower, upper
):
    d = newcombe_difference(x1, n1, x2, n2)
    assert d.estimate == pytest.approx(diff, abs=1e-4)
    assert d.lower == pytest.approx(lower, abs=1e-4)
    assert d.upper == pytest.approx(upper, abs=1e-4)


def test_newcombe_by_hand_from_two_wilson_intervals():
    # 56/70 vs 48/80 step by step: L = d - sqrt((p1-l1)^2 + (u2-p2)^2).
    w1, w2 = wilson_interval(56, 70), wilson_interval(48, 80)
    d = 0.8 - 0.6
    lower = d - math.sqrt((0.8 - w1.lower) ** 2 + (w2.upper - 0.6) ** 2)
    upper = d + math.sqrt((w1.upper - 0.8) ** 2 + (0.6 - w2.lower) ** 2)
    got = newcombe_difference(56, 70, 48, 80)
    assert (got.lower, got.upper) == pytest.approx((lower, upper))


def test_an_interval_that_includes_zero_means_no_real_change():
    assert verdict(newcombe_difference(5, 56, 0, 29)) == Verdict.NO_REAL_CHANGE
    assert verdict(newcombe_difference(56, 70, 48, 80)) == Verdict.UP
    assert verdict(newcombe_difference(48, 80, 56, 70)) == Verdict.DOWN
    assert verdict(None) == Verdict.NOT_COMPARABLE


def test_invalid_counts_are_refused():
    with pytest.raises(ValueError):
        wilson_interval(3, 0)
    with pytest.raises(ValueError):
        wilson_interval(4, 3)


counts = st.integers(min_value=1, max_value=2000).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
)


@given(counts)
def test_wilson_interval_contains_the_estimate_within_zero_one(c):
    x, n = c
    w = wilson_interval(x, n)
    assert 0.0 <= w.lower <= w.estimate <= w.upper <= 1.0


@given(counts, counts)
def test_newcombe_interval_contains_the_difference_within_minus_one_one(a, b):
    d = newcombe_difference(a[0], a[1], b[0], b[1])
    assert -1.0 <= d.lower <= d.estimate <= d.upper <= 1.0
    assert d.estimate == pytest.approx(a[0] / a[1] - b[0] / b[1])


@given(counts, counts)
def test_swapping_the_scans_mirrors_the_interval(a, b):
    forward = newcombe_difference(a[0], a[1], b[0], b[1])
    backward = newcombe_difference(b[0], b[1], a[0], a[1])
    assert forward.lower == pytest.approx(-backward.upper, abs=1e-9)
    assert forward.upper == pytest.approx(-backward.lower, abs=1e-9)


@given(counts)
def test_equal_proportions_never_show_a_real_change(c):
    x, n = c
    assert verdict(newcombe_difference(x, n, x, n)) == Verdict.NO_REAL_CHANGE
