"""The benchmark's figures and their suppression (pure: no Django).

A figure is the median and quartiles of one item (a survey item, a pillar phase, a norm
verdict) over the municipalities that contribute to it in one scope (the region, all
participating municipalities, a size class). Values are integers (whole percentages,
phases, verdict grades); the quartiles are nearest-rank order statistics, so a figure is
always one of the contributed values and never an average that two figures could undo.

Suppression is over municipalities, as the survey results are over respondents:

* a figure is shown only when at least :data:`MIN_MUNICIPALITIES` contribute to it;
* the contributors of two figures of one item that are ever shown (in any scope, at any
  moment) are the same or differ in at least :data:`MIN_MUNICIPALITIES` contributions.

A contribution is one published report (or progress report) of one municipality, so the
second rule covers a municipality that joins, leaves or publishes a new report, the region
against the country and one size class against another: no figure can be set against an
earlier or a neighbouring one to isolate fewer than k municipalities.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MIN_MUNICIPALITIES = 5
"""k over municipalities: the fewest contributions a shown figure rests on."""

FEW = "few"
DIFFERENCE = "difference"

#: Size classes by inhabitants: (key, lower bound inclusive), ascending.
SIZE_CLASSES: list[tuple[str, int]] = [
    ("tot-20k", 0),
    ("20k-50k", 20_000),
    ("50k-100k", 50_000),
    ("100k-plus", 100_000),
]


def size_class(inhabitants: int | None) -> str | None:
    """The size class of a municipality of ``inhabitants`` (None when unknown)."""
    if inhabitants is None:
        return None
    key = SIZE_CLASSES[0][0]
    for name, lower in SIZE_CLASSES:
        if inhabitants >= lower:
            key = name
    return key


@dataclass(frozen=True)
class Quartiles:
    q1: int
    median: int
    q3: int


def nearest_rank(values: Sequence[int], fraction: float) -> int:
    """The nearest-rank order statistic of sorted ``values`` at ``fraction`` (0 < f <= 1)."""
    rank = max(1, math.ceil(fraction * len(values)))
    return values[rank - 1]


def quartiles(values: Iterable[int]) -> Quartiles:
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    return Quartiles(
        nearest_rank(ordered, 0.25), nearest_rank(ordered, 0.5), nearest_rank(ordered, 0.75)
    )


def digest(members: frozenset[str]) -> str:
    return hashlib.sha256(",".join(sorted(members)).encode()).hexdigest()


def differs_too_little(a: frozenset[str], b: frozenset[str], k: int = MIN_MUNICIPALITIES) -> bool:
    """Whether two populations differ in 1..k-1 contributions (then not both may be shown)."""
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) >= k:
        return False
    return 0 < len(a ^ b) < k


class History:
    """The populations shown per item so far; decides which new figure may be shown."""

    def __init__(self, shown: Iterable[tuple[str, str, frozenset[str]]] = ()) -> None:
        """``shown``: (item, digest, members) of every population shown so far."""
        self._by_item: dict[str, dict[str, frozenset[str]]] = {}
        self._verdicts: dict[tuple[str, str], bool] = {}
        self.added: list[tuple[str, str, frozenset[str]]] = []
        for item, key, members in shown:
            self._by_item.setdefault(item, {})[key] = members

    def admit(self, item: str, members: frozenset[str], key: str | None = None) -> str | None:
        """Record ``members`` as shown for ``item`` if allowed; else the reason it is not
        (:data:`FEW` or :data:`DIFFERENCE`)."""
        if len(members) < MIN_MUNICIPALITIES:
            return FEW
        key = key or digest(members)
        shown = self._by_item.setdefault(item, {})
        if key in shown:
            return None
        for other_key, other in shown.items():
            pair = (key, other_key)
            verdict = self._verdicts.get(pair)
            if verdict is None:
                verdict = self._verdicts[pair] = differs_too_little(members, other)
            if verdict:
                return DIFFERENCE
        shown[key] = members
        self.added.append((item, key, members))
        return None
