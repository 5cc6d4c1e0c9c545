"""Multiple choice: the options of one question published together (pure).

Each option is its own table (chosen / not chosen out of the shared "answered"), but the
options are not independent: everyone who answered chose at least one option, and an
exclusive option ("niets", "wil ik liever niet zeggen") is chosen alone. With one option's
count hidden, those facts bound it by the others (e.g. "liever niet" at most the answered
base minus the largest other option). So a hidden option count never stands alone: a
second option is hidden with it, overall and in every department group.

The substantive base of the options leaves out who chose a non-substantive option; it is
published only when those counts are.
"""

from __future__ import annotations

from collections.abc import Callable

from weerbaar.surveys.questiontypes.counting import Unit
from weerbaar.surveys.types import ResultItem

from .items import pct
from .suppression import WITHHELD
from .tables import QuestionScope, Scope

UnitResults = Callable[[Unit, QuestionScope, Scope, frozenset[str]], ResultItem]


def _chosen(item: ResultItem) -> int | None:
    return next(c["count"] for c in item["categories"] if c["value"] == "chosen")


def _group_chosen(item: ResultItem, g: str) -> tuple[bool, int | None]:
    """(group in the breakdown, chosen count or None)."""
    for entry in item.get("breakdown", []):
        if entry["group"] == g:
            return True, entry.get("counts", {}).get("chosen")
    return False, None


def _group_answered(item: ResultItem, g: str) -> int | None:
    for entry in item.get("breakdown", []):
        if entry["group"] == g:
            return entry["answered"]
    return None


def option_results(
    units: list[Unit], qs: QuestionScope, scope: Scope, unit_results: UnitResults
) -> list[ResultItem]:
    """The items of all options, with no hidden option count left alone."""
    extra: list[set[str]] = [set() for _ in units]
    items = [unit_results(u, qs, scope, frozenset()) for u in units]
    for _round in range(2 * len(units) + 2):
        needs = _lonely(items, scope)
        if not needs:
            break
        for key, candidates in needs:
            partner = _partner(items, candidates, key)
            if partner is None:  # nothing left to hide with it: withhold the question
                return _withhold_all(units, qs, scope, unit_results)
            extra[partner].add(key)
            items[partner] = unit_results(units[partner], qs, scope, frozenset(extra[partner]))
    else:
        return _withhold_all(units, qs, scope, unit_results)
    _known_exclusive_zeros(units, items)
    _substantive(units, items)
    return items


def _known_exclusive_zeros(units: list[Unit], items: list[ResultItem]) -> None:
    """An exclusive option is chosen alone: where a shown option was chosen by everyone who
    answered (overall or in a department group), the exclusive option's count there is 0 by
    what is shown. Such a count is published as 0 (it tells nothing more), never withheld:
    a withheld number must not be a known one."""
    exclusive = [
        i for i, u in enumerate(units) if u.option is not None and u.option.get("exclusive")
    ]
    if not exclusive:
        return
    others = [i for i in range(len(units)) if i not in exclusive]
    answered = items[0]["bases"].get("answered")
    if answered and any(_chosen(items[i]) == answered for i in others):
        for i in exclusive:
            _publish_zero(items[i], answered)
    for g in [e["group"] for e in items[0].get("breakdown", [])]:
        a_g = _group_answered(items[0], g)
        if not a_g or not any(_group_chosen(items[i], g)[1] == a_g for i in others):
            continue
        for i in exclusive:
            for entry in items[i].get("breakdown", []):
                if entry["group"] == g and "counts" in entry:
                    entry["counts"]["chosen"], entry["counts"]["not_chosen"] = 0, a_g
                    entry["status"]["chosen"] = entry["status"]["not_chosen"] = None
                    entry["pct"]["chosen"], entry["pct"]["not_chosen"] = 0.0, 100.0


def _publish_zero(item: ResultItem, answered: int) -> None:
    bases = item["bases"]
    for c in item["categories"]:
        if c["count"] is None:
            c["count"] = 0 if c["value"] == "chosen" else answered
            c["suppressed"] = None
            c["pct"]["all"] = pct(c["count"], bases.get("all"))
            c["pct"]["shown"] = pct(c["count"], bases.get("shown"))
            c["pct"]["answered"] = pct(c["count"], answered)


def _lonely(items: list[ResultItem], scope: Scope) -> list[tuple[str, list[int]]]:
    """Entries (``T:chosen`` or ``C:g:chosen``) hidden in exactly one option, with the
    options where that entry is still shown."""
    out: list[tuple[str, list[int]]] = []
    hidden = [i for i, it in enumerate(items) if _chosen(it) is None]
    if len(hidden) == 1:
        out.append(("T:chosen", [i for i in range(len(items)) if i not in hidden]))
    for g in scope.group_keys:
        present = [(i, *_group_chosen(it, g)) for i, it in enumerate(items)]
        # Options whose department row is all zeros by routing (nobody shown) are left out.
        in_table = [
            (i, c) for i, listed, c in present if listed and _group_answered(items[i], g) != 0
        ]
        gh = [i for i, c in in_table if c is None]
        if len(gh) == 1:
            out.append((f"C:{g}:chosen", [i for i, c in in_table if c is not None]))
    return out


def _partner(items: list[ResultItem], candidates: list[int], key: str) -> int | None:
    """The option with the smallest shown count for ``key`` (fewest figures lost)."""

    def count(i: int) -> int:
        if key == "T:chosen":
            return _chosen(items[i]) or 0
        return _group_chosen(items[i], key.split(":")[1])[1] or 0

    return min(candidates, key=lambda i: (count(i) == 0, count(i), i), default=None)


def _withhold_all(
    units: list[Unit], qs: QuestionScope, scope: Scope, unit_results: UnitResults
) -> list[ResultItem]:
    qs.routing.everything = True
    return [unit_results(u, qs, scope, frozenset()) for u in units]


def _substantive(units: list[Unit], items: list[ResultItem]) -> None:
    """Substantive base: answered minus who chose a non-substantive (exclusive) option."""
    nonsub = [
        i
        for i, u in enumerate(units)
        if u.option is not None and u.option.get("substantive") is False
    ]
    if not nonsub:
        return
    removed = [_chosen(items[i]) for i in nonsub]
    for i, item in enumerate(items):
        answered = item["bases"].get("answered")
        base = None
        if answered is not None and all(r is not None for r in removed):
            base = answered - sum(r for r in removed if r is not None)
        item["bases"]["substantive"] = base
        if "bases_status" in item:
            item["bases_status"]["substantive"] = None if base is not None else WITHHELD
        for c in item["categories"]:
            counts_as_substantive = i not in nonsub and c["value"] == "chosen"
            c["substantive"] = counts_as_substantive
            c["pct"]["substantive"] = pct(c["count"], base) if counts_as_substantive else None
