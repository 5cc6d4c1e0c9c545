"""The most notable findings of a survey's results, for the top of its results page (pure).

Chosen from released, published figures only: a share is taken only where every count it
adds up and its base were published by the engine, so no finding shows or implies a
withheld number. Three kinds, each at most :data:`LIMIT` entries:

* ``disagree`` -- the highest shares of answers the questionnaire marks with polarity
  ``disagree`` (e.g. "Nee", "Niet mee eens");
* ``unknown`` -- the highest shares of answers outside the substantive base ("weet niet",
  "wil liever niet zeggen");
* ``change`` -- the biggest changes of an answer's share since the previous scan (both
  shares published, same answer scale), in percentage points.

Background questions (with ``options_from``, e.g. the department) are no findings.
"""

from __future__ import annotations

from typing import Any

from weerbaar.core.formatting import number, percentage
from weerbaar.surveys.describe import answer_polarity
from weerbaar.surveys.types import ResultItem, SurveyResults

from .present import row_label

LIMIT = 3
MIN_CHANGE = 5.0  # percentage points: smaller changes are not "notable"


def notable_findings(
    results: SurveyResults,
    definition: dict[str, Any],
    previous: SurveyResults | None,
    anchors: dict[str, str],
) -> list[dict[str, Any]]:
    """The findings per kind (kinds without any entry are left out), in page order of
    importance: ``[{"kind": ..., "entries": [...]}]``; each entry has ``anchor`` (of the
    question's block), ``number``, ``label``, ``answers`` (bilingual labels) and ``share``
    (and for a change ``previous`` and ``points``)."""
    polarity = answer_polarity(definition)
    background = {
        q["id"]
        for page in definition.get("pages", [])
        for q in page.get("questions", [])
        if q.get("options_from")
    }
    items = [
        it
        for it in results["items"]
        if it["question"] not in background and not it.get("suppressed") and it.get("categories")
    ]

    def disagrees(item: ResultItem) -> Any:
        marked = polarity.get(item["question"], {})
        return lambda c: marked.get(str(c["value"])) == "disagree"

    kinds = {
        "disagree": _top(_share(it, disagrees(it), anchors) for it in items),
        "unknown": _top(
            _share(it, lambda c: not c.get("substantive", True), anchors)
            for it in items
            if not it.get("option_label")
        ),
        "change": _changes(items, previous, anchors),
    }
    return [{"kind": kind, "entries": entries} for kind, entries in kinds.items() if entries]


def _entry(item: ResultItem, anchors: dict[str, str]) -> dict[str, Any]:
    return {
        "anchor": anchors.get(item["question"], ""),
        "number": str(item.get("number") or ""),
        "label": row_label(item),
        "question": item["text"],
        "is_row": bool(item.get("row_text") or item.get("option_label")),
    }


def _share(item: ResultItem, selected: Any, anchors: dict[str, str]) -> dict[str, Any] | None:
    """The share of the selected answers of the published base of answers, or None. A
    reverse-coded statement counts as the questionnaire presents it (negated, mirrored)."""
    reverse = item.get("reverse")
    categories = reverse["categories"] if reverse else item["categories"]
    chosen = [c for c in categories if selected(c)]
    base = item["bases"].get("answered")
    if not chosen or not base or any(c["count"] is None for c in chosen):
        return None
    total = sum(c["count"] or 0 for c in chosen)
    if total == 0:
        return None
    fraction = total / base
    entry = _entry(item, anchors)
    if reverse:
        entry["label"] = reverse["label"]
    return {
        **entry,
        "answers": [c["label"] for c in chosen],
        "fraction": fraction,
        "share": percentage(fraction),
    }


def _top(entries: Any) -> list[dict[str, Any]]:
    found = [e for e in entries if e is not None]
    found.sort(key=lambda e: -e["fraction"])
    return found[:LIMIT]


def _changes(
    items: list[ResultItem], previous: SurveyResults | None, anchors: dict[str, str]
) -> list[dict[str, Any]]:
    if not previous:
        return []
    before = {it["id"]: it for it in previous.get("items", [])}
    found = []
    for it in items:
        prev = before.get(it["id"])
        if prev is None or prev.get("suppressed"):
            continue
        old = {c["value"]: c for c in prev.get("categories") or []}
        if list(old) != [c["value"] for c in it["categories"]]:
            continue  # another answer scale: not comparable
        best = None
        for c in it["categories"]:
            now, then = c["pct"]["answered"], old[c["value"]]["pct"]["answered"]
            if now is None or then is None or not c.get("substantive", True):
                continue
            if best is None or abs(now - then) > abs(best[1] - best[2]):
                best = (c, now, then)
        if best is None or abs(best[1] - best[2]) < MIN_CHANGE:
            continue
        c, now, then = best
        points = now - then
        found.append(
            {
                **_entry(it, anchors),
                "answers": [c["label"]],
                "fraction": abs(points),
                "share": percentage(now / 100),
                "previous": percentage(then / 100),
                "points": ("+" if points > 0 else "−") + number(abs(points), 0),
            }
        )
    return _top(found)
