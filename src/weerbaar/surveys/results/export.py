"""The results tables (aggregates) as a flat table for CSV / XLSX exports (pure).

Exactly what the results page shows, through the same suppression: one line per item and
answer for the whole organisation, then one line per item, department group and answer for
the breakdowns the page shows. A withheld number is empty with the one marker "x" in
``onderdrukt`` (no reason is given, as on the page).
"""

from __future__ import annotations

from typing import Any

from weerbaar.surveys.questiontypes.base import text_of
from weerbaar.surveys.types import ResultItem, SurveyResults

Cell = str | int | float | None

HEADER = [
    "item",
    "vraag",
    "nummer",
    "rij",
    "optie",
    "afdeling",
    "antwoord",
    "label",
    "inhoudelijk",
    "aantal",
    "onderdrukt",
    "pct_alle",
    "pct_getoond",
    "pct_beantwoord",
    "pct_inhoudelijk",
    "basis_alle",
    "basis_getoond",
    "basis_beantwoord",
    "basis_inhoudelijk",
    "gemiddelde",
]
TOTAL = "totaal"
MARK = "x"


def _text(value: Any) -> str:
    return value if isinstance(value, str) else text_of(value)


def _mark(count: Cell) -> str:
    return MARK if count is None else ""


def results_table(results: SurveyResults) -> list[list[Any]]:
    """Header and lines: organisation totals first, then the department breakdowns."""
    out: list[list[Any]] = [list(HEADER)]
    for it in results["items"]:
        out.extend(_total_lines(it))
    for it in results["items"]:
        out.extend(_breakdown_lines(it))
    return out


def _common(it: ResultItem) -> list[Cell]:
    return [it["id"], it["question"], it.get("number", ""), it.get("row", ""), it.get("option", "")]


def _total_lines(it: ResultItem) -> list[list[Cell]]:
    b = it["bases"]
    bases: list[Cell] = [b.get("all"), b.get("shown"), b.get("answered"), b.get("substantive")]
    common = _common(it) + [TOTAL]
    if not it.get("categories"):
        n = it.get("n")
        return [common + ["", "", "", n, _mark(n), "", "", "", ""] + bases + [it.get("mean")]]
    lines = []
    for c in it["categories"]:
        p = c["pct"]
        lines.append(
            common
            + [
                c["value"],
                _text(c["label"]),
                "ja" if c["substantive"] else "nee",
                c["count"],
                _mark(c["count"]),
                p.get("all"),
                p.get("shown"),
                p.get("answered"),
                p.get("substantive"),
            ]
            + bases
            + [it.get("mean")]
        )
    return lines


def _breakdown_lines(it: ResultItem) -> list[list[Cell]]:
    lines = []
    for entry in it.get("breakdown", []):
        group = _text(entry["label"])
        answered = entry["answered"]
        bases: list[Cell] = [entry["n"], None, answered, None]
        common = _common(it) + [group]
        if "counts" not in entry:  # grades: the mean per department
            mean = entry.get("mean")
            lines.append(
                common + ["", "", "", answered, _mark(mean), "", "", "", ""] + bases + [mean]
            )
            continue
        for c in it.get("categories", []):
            v = c["value"]
            count = entry["counts"].get(v)
            lines.append(
                common
                + [
                    v,
                    _text(c["label"]),
                    "ja" if c["substantive"] else "nee",
                    count,
                    _mark(count),
                    None,
                    None,
                    entry["pct"].get(v),
                    None,
                ]
                + bases
                + [None]
            )
    return lines
