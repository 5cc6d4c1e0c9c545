"""The results page as an overview (presentation only): sections, one chart per question,
the numbers as a table, department cross-tabs and the previous scan beside them.

Built from the engine's public output only (:class:`~weerbaar.surveys.types.SurveyResults`):
every number shown is a number the engine published, a withheld number is never
recomputed, and a share is taken from the engine (computed by it from two published
numbers). The previous scan's results are the engine's output for that survey, under its own
k. Notable findings (:mod:`.findings`) are chosen from released, unsuppressed figures only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from weerbaar.core import charts
from weerbaar.core.formatting import number, percentage
from weerbaar.core.text import translate
from weerbaar.surveys.describe import answer_polarity
from weerbaar.surveys.questiontypes import question_type
from weerbaar.surveys.types import ResultItem, SurveyResults, Text

from .findings import notable_findings
from .present import present_item, row_label

CHOSEN, NOT_CHOSEN = "chosen", "not_chosen"

Label = Text | str
"""A bilingual text from the questionnaire, or a UI text already in the active language."""

FINDING_TITLES = {
    "disagree": gettext_lazy("Het grootste aandeel afwijzende antwoorden"),
    "unknown": gettext_lazy("Het grootste aandeel ‘weet niet’ of ‘zeg ik liever niet’"),
    "change": gettext_lazy("De grootste veranderingen sinds de vorige scan"),
}


@dataclass
class Crosstab:
    """One item by department group: a row per group, a cell per answer (or the mean)."""

    headers: list[Label]
    rows: list[dict[str, Any]]  # label, n, answered, cells: [{"text", "withheld"}]


@dataclass
class Row:
    """One item of a block: the question itself, a matrix row or a multiple-choice option."""

    label: Label
    n_text: str
    cells: list[dict[str, Any]]  # per answer category: text, withheld
    previous_cells: list[dict[str, Any]] | None = None
    previous_n_text: str = ""
    crosstab: Crosstab | None = None


@dataclass
class Block:
    """One question: a chart (one bar per row), the numbers as a table and the details."""

    anchor: str
    number: str
    text: Text
    kind: str  # "bars", "grade", "open" or "suppressed"
    headers: list[Label] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    chart: SafeString | None = None
    details: list[dict[str, Any]] = field(default_factory=list)  # present_item() of each item
    mean_text: str = ""
    has_previous: bool = False


@dataclass
class Section:
    anchor: str
    title: Label
    blocks: list[Block]


@dataclass
class Overview:
    sections: list[Section]
    findings: list[dict[str, Any]]
    previous_title: str = ""


def build_overview(
    results: SurveyResults,
    definition: dict[str, Any],
    previous: SurveyResults | None = None,
    previous_title: str = "",
) -> Overview:
    """The overview of ``results`` of a survey with questionnaire ``definition``; the
    ``previous`` scan's results of the same questionnaire beside them when given."""
    language = get_language() or "nl"
    polarity = answer_polarity(definition)
    before = {it["id"]: it for it in (previous["items"] if previous else [])}
    k = results["k"]
    pages = _pages(definition)
    sections: dict[str, Section] = {}
    for qid, items in _by_question(results["items"]):
        page_id, title = pages.get(qid, ("overig", _("Overige vragen")))
        section = sections.setdefault(page_id, Section(f"sectie-{page_id}", title, []))
        block = _block(qid, items, k, polarity.get(qid, {}), before, language)
        section.blocks.append(block)
    ordered = list(sections.values())
    findings = notable_findings(results, definition, previous, _anchors(ordered))
    for finding in findings:
        finding["title"] = FINDING_TITLES[finding["kind"]]
    return Overview(ordered, findings, previous_title if previous else "")


def _pages(definition: dict[str, Any]) -> dict[str, tuple[str, Label]]:
    out: dict[str, tuple[str, Label]] = {}
    for page in definition.get("pages", []):
        for q in page.get("questions", []):
            out[q["id"]] = (page["id"], page.get("title") or page["id"])
    return out


def _anchors(sections: list[Section]) -> dict[str, str]:
    """Per question id: the anchor of its block."""
    return {b.anchor.removeprefix("vraag-"): b.anchor for s in sections for b in s.blocks}


def _by_question(items: list[ResultItem]) -> list[tuple[str, list[ResultItem]]]:
    groups: dict[str, list[ResultItem]] = {}
    for it in items:
        groups.setdefault(it["question"], []).append(it)
    return list(groups.items())


def share_text(pct: float | None) -> str:
    """An engine share (0-100, unrounded to whole points) as "45%"; "–" when withheld."""
    return percentage(None if pct is None else pct / 100)


def _cell(count: int | None, pct: float | None) -> dict[str, Any]:
    """A table cell: "45% (18)" from the engine's numbers, or "onderdrukt"."""
    if count is None:
        return {"text": _("onderdrukt"), "withheld": True}
    if pct is None:
        return {"text": number(count, 0, grouping=True), "withheld": False}
    return {"text": f"{share_text(pct)} ({number(count, 0, grouping=True)})", "withheld": False}


def _n_text(n: int | None) -> str:
    return _("onderdrukt") if n is None else number(n, 0, grouping=True)


def category_group(value: str, substantive: bool, polarity: dict[str, str]) -> str:
    """Colour group of an answer: agree, disagree, unknown, rest or other."""
    if not substantive:
        return "unknown"
    if value == NOT_CHOSEN:
        return "rest"
    if value == CHOSEN:
        return "agree"
    return polarity.get(value, "other")


def _block(
    qid: str,
    items: list[ResultItem],
    k: int,
    polarity: dict[str, str],
    before: dict[str, ResultItem],
    language: str,
) -> Block:
    first = items[0]
    qtype = question_type(first["type"])
    block = Block(
        anchor=f"vraag-{qid}",
        number=str(first.get("number") or ""),
        text=first["text"],
        kind="bars",
        details=[present_item(it, k) for it in items],
    )
    if all(it.get("suppressed") for it in items):
        block.kind = "suppressed"
        return block
    if qtype.open_answer:
        block.kind = "open"
        block.rows = [Row(row_label(it), _n_text(it.get("n")), []) for it in items]
        return block
    if qtype.report_kind == "grade" and len(items) == 1:
        return _grade_block(block, first, before.get(first["id"]), language)
    block.headers = [c["label"] for c in first.get("categories", [])]
    values = [c["value"] for c in first.get("categories", [])]
    chart_items = []
    for it in items:
        prev = _comparable(before.get(it["id"]), values)
        as_row = len(items) > 1 or bool(it.get("option_label"))
        row = Row(
            label=row_label(it) if as_row else _("Alle antwoorden"),
            n_text=_n_text(it.get("n")),
            cells=[_cell(c["count"], c["pct"]["answered"]) for c in it.get("categories", [])],
            crosstab=_crosstab(it, values),
        )
        if prev is not None:
            block.has_previous = True
            row.previous_cells = [
                _cell(c["count"], c["pct"]["answered"]) for c in prev.get("categories", [])
            ]
            row.previous_n_text = _n_text(prev.get("n"))
        block.rows.append(row)
        chart_items.append(_chart_item(it, prev, polarity, as_row))
    title = _("Vraag %(number)s: %(text)s") % {
        "number": block.number,
        "text": translate(block.text, language),
    }
    block.chart = charts.labelled_bars(chart_items, f"grafiek-{qid}", title, language)
    return block


def _comparable(prev: ResultItem | None, values: list[Any]) -> ResultItem | None:
    """The previous scan's item when it has the same answer scale (else not comparable)."""
    if prev is None or prev.get("suppressed"):
        return None
    if [c["value"] for c in prev.get("categories", [])] != values:
        return None
    return prev


def _chart_item(
    it: ResultItem, prev: ResultItem | None, polarity: dict[str, str], as_row: bool
) -> dict[str, Any]:
    categories = [
        {
            "value": c["value"],
            "label": c["label"],
            "group": category_group(str(c["value"]), c.get("substantive", True), polarity),
            "pct": c["pct"]["answered"],
        }
        for c in it.get("categories", [])
    ]
    out: dict[str, Any] = {
        "text": row_label(it) if as_row else "",
        "n": it.get("n"),
        "suppressed": bool(it.get("suppressed")),
        "categories": categories,
    }
    if prev is not None:
        out["previous"] = {
            "n": prev.get("n"),
            "pct": {c["value"]: c["pct"]["answered"] for c in prev.get("categories", [])},
        }
    return out


def _grade_block(block: Block, item: ResultItem, prev: ResultItem | None, language: str) -> Block:
    """A grade: the mean in words, one bar per grade (its share of the answers)."""
    block.kind = "grade"
    block.mean_text = number(item.get("mean_unrounded"), 1)
    block.headers = [_("Aandeel")]
    chart_items = []
    for c in item.get("categories", []):
        pct = c["pct"]["answered"]
        block.rows.append(Row(c["label"], "", [_cell(c["count"], pct)]))
        chart_items.append(
            {
                "text": c["label"],
                "n": c["count"],
                "suppressed": c["count"] is None,
                "categories": [
                    {"value": "grade", "label": _("Dit cijfer"), "group": "agree", "pct": pct},
                    {
                        "value": "rest",
                        "label": _("Een ander cijfer"),
                        "group": "rest",
                        "pct": None if pct is None else 100 - pct,
                    },
                ],
            }
        )
    if prev is not None and prev.get("mean_unrounded") is not None:
        block.has_previous = True
        block.rows[0].previous_n_text = number(prev.get("mean_unrounded"), 1)
    title = _("Vraag %(number)s: %(text)s") % {
        "number": block.number,
        "text": translate(block.text, language),
    }
    block.chart = charts.labelled_bars(
        chart_items, f"grafiek-{item['question']}", title, language, legend=False
    )
    return block


def _crosstab(it: ResultItem, values: list[Any]) -> Crosstab | None:
    """The engine's department breakdown of an item; a withheld cell is "onderdrukt"."""
    breakdown = it.get("breakdown")
    if not breakdown:
        return None
    grades = "counts" not in breakdown[0]
    headers: list[Label] = (
        [_("Gemiddelde")] if grades else [c["label"] for c in it.get("categories", [])]
    )
    rows = []
    for b in breakdown:
        if grades:
            mean = b.get("mean_unrounded")
            cells = [
                {"text": _("onderdrukt"), "withheld": True}
                if mean is None
                else {"text": number(mean, 1), "withheld": False}
            ]
        else:
            counts = b.get("counts") or {}
            pcts = b.get("pct") or {}
            cells = [_cell(counts.get(v), pcts.get(v)) for v in values]
        rows.append(
            {
                "label": b["label"],
                "n": _n_text(b.get("n")),
                "answered": _n_text(b.get("answered")),
                "cells": cells,
            }
        )
    return Crosstab(headers, rows)
