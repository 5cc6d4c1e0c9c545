"""Display rows of one result item for the results page's detail tables (presentation only).

Every number is the engine's published number; a withheld one is the one mark
:data:`WITHHELD_MARK`, and a percentage is computed only from two published numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from weerbaar.core import formatting
from weerbaar.surveys.questiontypes import question_type
from weerbaar.surveys.types import ResultItem, Text


def _pct_text(count: int | None, base: int | None) -> str:
    """A share of published numbers, rounded once ("–" when either is not published)."""
    return formatting.percentage(count / base if count is not None and base else None)


def _mean_text(entry: Mapping[str, Any]) -> str:
    return formatting.number(entry.get("mean_unrounded", entry.get("mean")), 1)


WITHHELD_MARK = "×"
"""The one mark of every withheld number: small, or hidden to protect another."""


def _count_text(count: int | None, status: str | None, k: int) -> str:
    return WITHHELD_MARK if count is None else str(count)


def _category_row(c: Mapping[str, Any], bases: Mapping[str, Any], k: int) -> dict[str, Any]:
    return {
        "label": c["label"],
        "substantive": c.get("substantive", True),
        "count": _count_text(c["count"], c["suppressed"], k),
        "pct_all": _pct_text(c["count"], bases.get("all")),
        "pct_shown": _pct_text(c["count"], bases.get("shown")),
    }


def present_item(item: ResultItem, k: int) -> dict[str, Any]:
    """Display rows for the template (no logic in templates)."""
    bases = item["bases"]
    rows = []
    for c in item.get("categories", []):
        row = _category_row(c, bases, k)
        substantive = bases.get("substantive")
        row["pct_substantive"] = _pct_text(c["count"], substantive) if c["substantive"] else ""
        rows.append(row)
    reverse = item.get("reverse")
    reverse_rows = [_category_row(c, bases, k) for c in reverse["categories"]] if reverse else []
    values = [c["value"] for c in item.get("categories", [])]
    breakdown = []
    for b in item.get("breakdown", []):
        cells = []
        if "counts" in b:
            for v in values:
                count = b["counts"][v]
                share = _pct_text(count, b["answered"])
                cells.append(
                    _count_text(count, b["status"][v], k)
                    + (f" ({share})" if count is not None and b["answered"] else "")
                )
        else:
            cells.append(_mean_text(b))
        breakdown.append(
            {
                "label": b["label"],
                "n": b["n"],
                "answered": _count_text(b["answered"], "x", k),
                "cells": cells,
            }
        )
    collapsed_rows = [_category_row(c, bases, k) for c in item.get("collapsed", [])]
    qtype = question_type(item["type"])
    return {
        "collapsed_rows": collapsed_rows,
        **item,
        "title": item.get("row_text") or item.get("option_label"),
        "rows": rows,
        "reverse_rows": reverse_rows,
        "breakdown_rows": breakdown,
        "breakdown_headers": (
            [c["label"] for c in item.get("categories", [])]
            if item.get("breakdown") and "counts" in item["breakdown"][0]
            else []
        ),
        "is_open": qtype.open_answer,
        "is_grade": qtype.report_kind == "grade",
        "mean_text": _mean_text(item),
        "base_all": bases.get("all"),
        "base_shown": _count_text(
            bases.get("shown"), item.get("bases_status", {}).get("shown") or "primary", k
        ),
        "base_substantive": _count_text(
            bases.get("substantive"),
            item.get("bases_status", {}).get("substantive") or "primary",
            k,
        ),
        "n_text": _count_text(item.get("n"), "primary", k),
    }


def row_label(item: ResultItem) -> Text:
    """What a row of a block stands for: the matrix row or the option, else the question."""
    return item.get("row_text") or item.get("option_label") or item["text"]
