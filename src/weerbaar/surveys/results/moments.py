"""Two moments of one survey's results: nothing withheld at the first release may appear
later (pure).

Results are computed only after the field period closes, and no response can be added
after that, so the answers behind a released page never change. What can change is k: it
may be raised after the release. A page at the higher k, computed on its own, may choose
other complementary suppressions than the first page, and someone who saw both could
combine them (a cell shown only on the second page, next to a total shown only on the
first). So every later page shows a number only if it is shown on the page at the release's
k as well (:func:`restrict_to`): the later page is then safe at its own k (it shows a subset
of what that k allows) and, with the first page, gives nothing the first page did not give.
"""

from __future__ import annotations

from typing import Any

from weerbaar.surveys.types import ResultItem, SurveyResults

from .suppression import WITHHELD


def restrict_to(later: SurveyResults, first: SurveyResults) -> SurveyResults:
    """``later`` with every number withheld that ``first`` does not show (in place)."""
    same_groups = _group_plan(later) == _group_plan(first)
    group_keys = [g["key"] for g in later["groups"]]
    by_id = {it["id"]: it for it in first["items"]}
    for item in later["items"]:
        before = by_id.get(item["id"])
        if not same_groups:
            item.pop("breakdown", None)
        values = [c["value"] for c in item.get("categories") or []]
        by_group = bool(group_keys) and values == group_keys  # the department question
        if before is None or (by_group and not same_groups):
            _withhold(item)
            item["suppressed"] = True
            _markers(item)
            continue
        _mask(item, before)
        if before.get("suppressed"):
            item["suppressed"] = True
        _markers(item)
    return later


def _group_plan(results: SurveyResults) -> list[tuple[str, int, tuple[str, ...]]]:
    return [(g["key"], g["n"], tuple(g["merged"])) for g in results["groups"]]


def _mask(new: Any, old: Any) -> None:
    """Withhold every number (and list of texts) of ``new`` that ``old`` does not show
    as the same number."""
    old = old if isinstance(old, dict) else {}
    for key in list(new):
        value = new[key]
        if isinstance(value, dict):
            if key not in old:
                _mask(value, {})
            else:
                _mask(value, old[key])
        elif isinstance(value, list):
            before = old.get(key)
            if key not in old:
                del new[key]  # e.g. a breakdown the first page did not have
            elif before is None:
                new[key] = None  # e.g. free texts the first page withheld
            else:
                same = len(before) == len(value)
                for i, x in enumerate(value):
                    if isinstance(x, dict):
                        _mask(x, before[i] if same else {})
        elif _is_number(value) and (not _is_number(old.get(key)) or old[key] != value):
            # Not shown there, or shown there as another number (a base whose meaning
            # follows the department groups): withheld, so a later page adds nothing.
            new[key] = None


def _withhold(new: Any) -> None:
    """Withhold every number and list of texts of ``new``, keeping its structure."""
    items = new.items() if isinstance(new, dict) else enumerate(new)
    for key, value in list(items):
        if isinstance(value, dict | list) and key != "texts":
            _withhold(value)
        elif key == "texts" or (_is_number(value) and key not in ("value", "all")):
            new[key] = None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _markers(item: ResultItem) -> None:
    """The one marker wherever a number is now withheld."""
    for c in item.get("categories") or []:
        if c["count"] is None:
            c["suppressed"] = WITHHELD
    reverse = item.get("reverse")
    for c in reverse["categories"] if reverse else []:
        if c["count"] is None:
            c["suppressed"] = WITHHELD
    for col in item.get("collapsed") or []:
        if col["count"] is None:
            col["suppressed"] = WITHHELD
    status = item.get("bases_status")
    if status is not None:
        for name in ("shown", "answered", "substantive"):
            if item["bases"].get(name) is None and name in status:
                status[name] = WITHHELD
    for entry in item.get("breakdown") or []:
        for value, count in (entry.get("counts") or {}).items():
            if count is None:
                entry.setdefault("status", {})[value] = WITHHELD
        if "mean" in entry and entry["mean"] is None and "suppressed" in entry:
            entry["suppressed"] = WITHHELD
