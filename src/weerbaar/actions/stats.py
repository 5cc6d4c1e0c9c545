"""Statistics for comparing two scans: proportions and their difference (pure, no Django).

* :func:`wilson_interval` — Wilson's score interval for one proportion x/n.
* :func:`newcombe_difference` — Newcombe's hybrid score interval for the difference of two
  independent proportions p1 - p2 (Newcombe 1998, method 10), built from the two Wilson
  intervals::

      d = p1 - p2
      L = d - sqrt((p1 - l1)^2 + (u2 - p2)^2)
      U = d + sqrt((u1 - p1)^2 + (p2 - l2)^2)

  where (l1, u1) and (l2, u2) are the Wilson intervals of p1 and p2.

A change is "geen echte verandering" (no real change) when its interval includes zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959963984540054  # the 97.5 % point of the standard normal distribution


@dataclass(frozen=True)
class Interval:
    estimate: float
    lower: float
    upper: float

    @property
    def includes_zero(self) -> bool:
        return self.lower <= 0.0 <= self.upper


def wilson_interval(successes: int, n: int, z: float = Z95) -> Interval:
    """Wilson score interval for the proportion ``successes / n`` (n > 0)."""
    if n <= 0:
        raise ValueError("n must be positive")
    if not 0 <= successes <= n:
        raise ValueError("successes must lie between 0 and n")
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = (z / denominator) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    # Clamp rounding noise: the exact interval always lies within [0, 1] and contains p.
    lower = max(0.0, min(p, centre - half))
    upper = min(1.0, max(p, centre + half))
    return Interval(p, lower, upper)


def newcombe_difference(x1: int, n1: int, x2: int, n2: int, z: float = Z95) -> Interval:
    """Hybrid score interval for p1 - p2 with p1 = x1/n1 (current) and p2 = x2/n2 (previous)."""
    w1 = wilson_interval(x1, n1, z)
    w2 = wilson_interval(x2, n2, z)
    p1, p2 = w1.estimate, w2.estimate
    d = p1 - p2
    lower = d - math.sqrt((p1 - w1.lower) ** 2 + (w2.upper - p2) ** 2)
    upper = d + math.sqrt((w1.upper - p1) ** 2 + (p2 - w2.lower) ** 2)
    return Interval(d, max(-1.0, min(d, lower)), min(1.0, max(d, upper)))


class Verdict:
    UP = "up"
    DOWN = "down"
    NO_REAL_CHANGE = "no_real_change"
    NOT_COMPARABLE = "not_comparable"


def verdict(interval: Interval | None) -> str:
    """``up`` / ``down`` when the interval excludes zero, else ``no_real_change``."""
    if interval is None:
        return Verdict.NOT_COMPARABLE
    if interval.includes_zero:
        return Verdict.NO_REAL_CHANGE
    return Verdict.UP if interval.estimate > 0 else Verdict.DOWN
