"""Rendering a report snapshot (the JSON form of ``ReportData``) as HTML, PDF or DOCX.

All formats render from the same snapshot, so a published version always renders the same
content. Charts are SVG (HTML, PDF); the DOCX has the same numbers as real tables.
"""

from __future__ import annotations

import base64
import datetime
import html
import io
import re
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe

from weerbaar.core.text import translate

from . import charts

FORMATS = ("html", "pdf", "docx")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
STATIC_DIR = Path(__file__).parent / "static" / "reports"

AUDIENCE_LABELS = {
    "staff": {"nl": "medewerkers", "en": "staff"},
    "council": {"nl": "raadsleden", "en": "council members"},
}


class UnknownFormat(ValueError):
    pass


def _figure_title(number: str, text: str) -> str:
    return f"{number} {text}".strip()


BARS_PER_CHART = 12
GRADES_PER_CHART = 2
PROCESSES_PER_HEAT_MAP = 18


def chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def as_image(svg: str) -> SafeString:
    """A chart as ``<img>`` with its text alternative as ``alt`` (for the PDF: WeasyPrint
    tags images with their alt text, which PDF/UA requires; inline SVG gets none)."""
    match = re.search(r"<desc [^>]*>(.*?)</desc>", svg, re.S)
    alt = html.unescape(match.group(1)) if match else ""
    size = re.search(r'width="(\d+)" height="(\d+)"', svg)
    width, height = (size.group(1), size.group(2)) if size else ("600", "200")
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return mark_safe(  # noqa: S308 - alt is escaped, data is base64
        f'<img class="chart" src="data:image/svg+xml;base64,{data}" alt="{html.escape(alt)}" '
        f'width="{width}" height="{height}">'
    )


def prepare(
    snapshot: dict, language: str = "nl", extra: dict | None = None, *, images: bool = False
) -> dict:
    """The template context: the snapshot plus charts and figure numbers per chapter.

    ``images``: charts as ``<img>`` elements (PDF) instead of inline SVG (web pages)."""
    chart = as_image if images else (lambda svg: svg)
    nl = language.startswith("nl")
    fig_word = "Figuur" if nl else "Figure"
    k = (snapshot.get("method") or {}).get("k")
    # Never change the snapshot itself (a published version's data): copy what is extended.
    chapters = []
    for ci, ch in enumerate(snapshot.get("chapters", []), start=1):
        figures = []
        n = 0
        for audience in ("staff", "council"):
            items = [
                {**i, "k": k} for i in ch.get("survey_items", []) if i.get("survey") == audience
            ]
            # A chart never runs over a page: long lists are split over several figures.
            groups = [
                ("bars", chunk)
                for chunk in chunks(
                    [i for i in items if i["kind"] in ("categorical", "multiple")], BARS_PER_CHART
                )
            ] + [
                ("grades", chunk)
                for chunk in chunks([i for i in items if i["kind"] == "grade"], GRADES_PER_CHART)
            ]
            for kind, group in groups:
                if not group:
                    continue
                n += 1
                number = f"{fig_word} {ci + 2}.{n}"
                who = translate(AUDIENCE_LABELS.get(audience), language)
                caption = (
                    f"{translate(ch['name'], language)}: "
                    + (("enquête " if nl else "survey of ") + who)
                    + ((" — cijfers" if nl else " — grades") if kind == "grades" else "")
                )
                uid = f"fig-{ch['id']}-{n}".replace(".", "-").lower()
                svg = chart(
                    charts.stacked_bars(group, uid, _figure_title(number, caption), language)
                    if kind == "bars"
                    else charts.grade_chart(group, uid, _figure_title(number, caption), language)
                )
                figures.append(
                    {
                        "number": number,
                        "caption": caption,
                        "kind": kind,
                        "items": group,
                        "svg": svg,
                        "audience": audience,
                        "tables": data_tables(group, kind, language),
                    }
                )
        chapters.append({**ch, "position": ci + 2, "figures": figures})
    register = snapshot.get("register") or {}
    heat_maps = []
    parts = chunks(register.get("processes") or [], PROCESSES_PER_HEAT_MAP)
    for index, part in enumerate(parts, start=1):
        title = "Warmtekaart kwetsbare processen" if nl else "Heat map of vulnerable processes"
        if len(parts) > 1:
            title += f" ({index}/{len(parts)})"
        heat_maps.append(
            {
                "title": title,
                "svg": chart(
                    charts.heat_map(
                        {**register, "processes": part}, f"fig-heatmap-{index}", title, language
                    )
                ),
            }
        )
    pillars = snapshot.get("pillars") or []
    maturity = None
    if pillars:
        maturity = chart(
            charts.maturity_bars(
                pillars,
                "fig-maturity",
                "Volwassenheid per RIEC-pijler" if nl else "Maturity per RIEC pillar",
                language,
            )
        )
    appendix = []
    for audience in ("staff", "council"):
        items = [
            {**i, "k": k} for i in snapshot.get("result_tables", []) if i.get("survey") == audience
        ]
        if not items:
            continue
        appendix.append(
            {
                "audience": audience,
                "label": translate(AUDIENCE_LABELS[audience], language),
                "tables": data_tables(
                    [i for i in items if i["kind"] in ("categorical", "multiple")], "bars", language
                )
                + data_tables([i for i in items if i["kind"] == "grade"], "grades", language),
                "open": [i for i in items if i["kind"] == "open"],
            }
        )
    n_ch = len(chapters)
    method = snapshot.get("method") or {}
    overview = chart(
        charts.verdict_overview(
            snapshot.get("chapters", []),
            "fig-verdicts",
            "Resumé: oordeel per dimensie en thema"
            if nl
            else "Summary: verdict per dimension and theme",
            language,
        )
    )
    return (extra or {}) | {
        "verdict_overview": overview,
        "period_start": long_date(method.get("period_start"), language),
        "period_end": long_date(method.get("period_end"), language),
        "generated_on": long_date(snapshot.get("generated_at"), language),
        "appendix_results": appendix,
        "r": snapshot,
        "chapters": chapters,
        "dimension_chapters": [c for c in chapters if c.get("type") == "dimension"],
        "theme_chapters": [c for c in chapters if c.get("type") != "dimension"],
        "heat_maps": heat_maps,
        "maturity_chart": maturity,
        "pillar_chapter": n_ch + 3,
        "conclusions_chapter": n_ch + 4,
        "recommendations_chapter": n_ch + 5,
        "language": language,
        "criteria_index": {c["id"]: c for c in register.get("criteria", [])},
    }


def decimal(value: float, language: str, digits: int = 1) -> str:
    """A number with the decimal separator of the language (7,4 in Dutch)."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if language.startswith("nl") else text


def long_date(value: str | None, language: str) -> str:
    """An ISO date (or date-time) from the snapshot as "1 september 2025"."""
    if not value:
        return ""
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        return value
    with translation.override(language):
        return date_format(parsed.date(), "j F Y")


def cell_text(count: int | None, pct: float | None, language: str) -> str:
    """A table cell: "63% (57)", or "onderdrukt" when the engine withheld the count."""
    if count is None and pct is None:
        return "onderdrukt" if language.startswith("nl") else "suppressed"
    if pct is None:
        return str(count)
    pct_text = f"{pct:.0f}%"
    return f"{pct_text} ({count})" if count is not None else pct_text


def data_tables(items: list[dict], kind: str, language: str) -> list[dict]:
    """The data tables behind a chart: items with the same answer categories share a table."""
    nl = language.startswith("nl")
    suppressed_word = "onderdrukt" if nl else "suppressed"
    tables: list[dict] = []
    index: dict[tuple, dict] = {}
    for item in items:
        if kind == "grades":
            columns = [str(g) for g in range(1, 11)]
            signature: tuple = ("grades",)
        else:
            columns = [translate(c["label"], language) for c in item.get("categories", [])]
            signature = tuple(c["value"] for c in item.get("categories", []))
        table = index.get(signature)
        if table is None:
            table = index[signature] = {
                "columns": columns,
                "grades": kind == "grades",
                "rows": [],
                "has_previous": False,
            }
            tables.append(table)
        by_value = {c["value"]: c for c in item.get("categories", [])}
        if kind == "grades":
            cells = [
                cell_text(
                    by_value.get(v, {}).get("count"), by_value.get(v, {}).get("pct"), language
                )
                for v in columns
            ]
        else:
            cells = [cell_text(c.get("count"), c.get("pct"), language) for c in item["categories"]]
        if item.get("suppressed") or item.get("n") is None:
            cells = [suppressed_word] * len(cells)
        mean = item.get("mean")
        prev = item.get("previous") or None
        prev_cells = None
        if prev:
            table["has_previous"] = True
            if kind == "grades":
                prev_cells = [
                    decimal(prev["mean"], language) if prev.get("mean") is not None else "–"
                ]
            else:
                prev_cells = [
                    cell_text(None, (prev.get("pct") or {}).get(c["value"]), language)
                    if (prev.get("pct") or {}).get(c["value"]) is not None
                    else "–"
                    for c in item["categories"]
                ]
        table["rows"].append(
            {
                "number": item.get("number") or "",
                "text": translate(item["text"], language),
                "routing": translate(item.get("routing") or "", language),
                "n": item["n"] if item.get("n") is not None else "–",
                "mean": decimal(mean, language) if mean is not None else "–",
                "cells": cells,
                "previous": prev_cells,
                "previous_n": (prev or {}).get("n"),
            }
        )
    return tables


def report_css() -> str:
    return (STATIC_DIR / "report.css").read_text(encoding="utf-8")


def render_html(
    snapshot: dict, language: str = "nl", *, for_pdf: bool = False, extra: dict | None = None
) -> str:
    """A standalone HTML document (CSS included, no scripts)."""
    with translation.override(language):
        ctx = prepare(snapshot, language, extra, images=for_pdf)
        ctx["css"] = report_css()
        if for_pdf:
            ctx["print_css"] = (STATIC_DIR / "report-print.css").read_text(encoding="utf-8")
        ctx["for_pdf"] = for_pdf
        return render_to_string("reports/document.html", ctx)


def render_body(snapshot: dict, language: str = "nl") -> str:
    """The report body only, for the in-app page (which has its own layout and CSS)."""
    with translation.override(language):
        return render_to_string("reports/_body.html", prepare(snapshot, language))


def render_pdf(snapshot: dict, language: str = "nl", extra: dict | None = None) -> bytes:
    """PDF/UA-1 via WeasyPrint: tagged headings, embedded fonts, page numbers, contents."""
    from weasyprint import HTML

    document_html = render_html(snapshot, language, for_pdf=True, extra=extra)
    document = HTML(string=document_html, base_url=str(STATIC_DIR))
    return document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)


def render(snapshot: dict, fmt: str, language: str = "nl", extra: dict | None = None) -> bytes:
    """Render a snapshot; ``extra`` adds version facts (version_number, content_hash)."""
    if fmt == "html":
        return render_html(snapshot, language, extra=extra).encode("utf-8")
    if fmt == "pdf":
        return render_pdf(snapshot, language, extra)
    if fmt == "docx":
        from .word import render_docx

        return render_docx(snapshot, language, extra)
    raise UnknownFormat(fmt)


def filename(snapshot: dict, fmt: str, number: int | None = None) -> str:
    slug = snapshot.get("organisation_slug") or "rapport"
    version = f"-v{number}" if number else "-concept"
    return f"weerbaarheidsrapport-{slug}-scan{snapshot.get('scan_id')}{version}.{fmt}"


def to_buffer(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)


def text(value: Any, language: str = "nl") -> str:
    return translate(value, language)
