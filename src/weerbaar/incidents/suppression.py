"""Small-number suppression of incident and signal counts (no cell under k).

Primary: a count of 1..k-1 is suppressed (0 is shown: it concerns nobody). Secondary: when a
total is shown, the suppressed cells together equal ``total - visible``; if that reveals a
cell — one suppressed cell, or as many suppressed cells as the remainder (each then is 1) —
the smallest visible non-zero cell is suppressed too, until nothing can be derived or no
visible cell is left (then the total is suppressed as well).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Count:
    """A count that may be suppressed: ``value`` is None then, never the number."""

    value: int | None
    suppressed: bool

    def as_json(self) -> dict[str, object]:
        return {"value": self.value, "suppressed": self.suppressed}


def _hidden(n: int, k: int) -> bool:
    return 0 < n < k


def suppress(counts: list[int], k: int) -> tuple[list[Count], Count]:
    """Suppress ``counts`` and their total against ``k``; returns (cells, total)."""
    hidden = [_hidden(n, k) for n in counts]
    total = sum(counts)
    total_hidden = _hidden(total, k)
    if not total_hidden:
        while True:
            suppressed_sum = sum(n for n, h in zip(counts, hidden, strict=True) if h)
            suppressed_n = sum(hidden)
            if suppressed_n == 0 or (suppressed_n > 1 and suppressed_sum > suppressed_n):
                break
            candidates = [
                (n, i) for i, (n, h) in enumerate(zip(counts, hidden, strict=True)) if not h and n
            ]
            if not candidates:
                total_hidden = True
                break
            hidden[min(candidates)[1]] = True
    cells = [Count(None if h else n, h) for n, h in zip(counts, hidden, strict=True)]
    return cells, Count(None if total_hidden else total, total_hidden)
