"""The tables of the report tree: survey data tables, the register, the appendices.

Every chart has the same numbers in a table next to it; a withheld (suppressed) count is
shown as "onderdrukt", never recomputed. Texts are in the active language.
"""

from __future__ import annotations

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from weerbaar.core.formatting import MISSING, number
from weerbaar.core.text import translate

from .document import Chart, Figure, Heading, Inline, Paragraph, Run, Table

GRADES = [str(g) for g in range(1, 11)]
PROCESSES_PER_HEAT_MAP = 18


def long_date(value: str | None) -> str:
    """An ISO date (or date-time) from the snapshot as "1 september 2025"."""
    if not value:
        return ""
    return date_format(datetime.datetime.fromisoformat(value).date(), "j F Y")


def period_text(value: str | None) -> str:
    """A period "2026-01-15 – 2026-02-01" from the snapshot as "15 januari 2026 – 1 februari
    2026"; parts that are not ISO dates (e.g. "…") stay as they are."""
    parts = []
    for part in (value or "").split(" – "):
        try:
            parts.append(long_date(part) if part.strip() else part)
        except ValueError:
            parts.append(part)
    return " – ".join(parts)


def chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def answer_scale(item: dict) -> tuple[str, ...]:
    """The answer categories of an item, in order: items sharing a chart share this scale."""
    return tuple(str(c.get("value", "")) for c in item.get("categories", []))


def by_scale(items: list[dict]) -> list[list[dict]]:
    """Items grouped by answer scale, in order of first appearance: one scale per chart."""
    groups: dict[tuple[str, ...], list[dict]] = {}
    last: tuple[str, ...] | None = None
    for item in items:
        scale = answer_scale(item)
        if not scale and last is not None:  # a wholly suppressed item: no scale of its own
            scale = last
        groups.setdefault(scale, []).append(item)
        last = scale
    return list(groups.values())


def percent(value: float | None) -> str:
    return MISSING if value is None else f"{number(value, 0)}%"


def whole(value: int | None) -> str:
    """A count with the language's thousands separator ("20.000"); "–" when missing."""
    return MISSING if value is None else number(value, 0, grouping=True)


def cell_text(count: int | None, pct: float | None) -> str:
    """A table cell: "63% (57)", or "onderdrukt" when the engine withheld the count."""
    if count is None and pct is None:
        return _("onderdrukt")
    if pct is None:
        return whole(count)
    return f"{percent(pct)} ({whole(count)})" if count is not None else percent(pct)


def _previous_cells(item: dict, grades: bool) -> list[str]:
    prev = item["previous"]
    if grades:
        return [number(prev.get("mean"), 1)]
    pct = prev.get("pct") or {}
    return [
        cell_text(None, pct.get(c["value"])) if pct.get(c["value"]) is not None else MISSING
        for c in item["categories"]
    ]


def data_tables(items: list[dict], kind: str) -> list[dict]:
    """The data behind a chart: items with the same answer categories share a table."""
    grades = kind == "grades"
    tables: list[dict] = []
    index: dict[tuple, dict] = {}
    for item in items:
        if grades:
            columns, signature = GRADES, ("grades",)
        else:
            columns = [translate(c["label"]) for c in item.get("categories", [])]
            signature = tuple(c["value"] for c in item.get("categories", []))
        table = index.get(signature)
        if table is None:
            table = index[signature] = {
                "columns": columns,
                "grades": grades,
                "rows": [],
                "has_previous": False,
            }
            tables.append(table)
        by_value = {c["value"]: c for c in item.get("categories", [])}
        if grades:
            cells = [
                cell_text(by_value.get(v, {}).get("count"), by_value.get(v, {}).get("pct"))
                for v in columns
            ]
        else:
            cells = [cell_text(c.get("count"), c.get("pct")) for c in item["categories"]]
        if item.get("suppressed") or item.get("n") is None:
            cells = [_("onderdrukt")] * len(cells)
        prev = item.get("previous") or None
        prev_n = (prev or {}).get("n")
        table["has_previous"] = table["has_previous"] or bool(prev)
        table["rows"].append(
            {
                "number": item.get("number") or "",
                "text": translate(item["text"]),
                "routing": translate(item.get("routing") or ""),
                "n": whole(item.get("n")),
                "mean": number(item.get("mean"), 1),
                "cells": cells,
                "previous": _previous_cells(item, grades) if prev else None,
                "previous_n": whole(prev_n),
            }
        )
    return tables


def data_table(table: dict, caption: str) -> Table:
    """A data table (from :func:`data_tables`) as a node of the tree."""
    grades = table["grades"]
    title = f"{_('Gegevens bij')} {caption}"
    if grades:
        title += f" ({_('percentage per cijfer')})"
    header = [_("Nr."), _("Vraag") if grades else _("Stelling"), "n"]
    widths = ["w-num", "w-text", "w-n"]
    if grades:
        header.append(_("Gemiddeld"))
        widths.append("")
    header += table["columns"]
    widths += [""] * len(table["columns"])
    rows: list[list[Inline]] = []
    styles = []
    for row in table["rows"]:
        text: Inline = row["text"]
        if row["routing"]:
            text = (Run(row["text"]), Run(row["routing"], "routing", new_line=True))
        rows.append(
            [row["number"], text, row["n"], *([row["mean"]] if grades else []), *row["cells"]]
        )
        styles.append("")
        if row["previous"]:
            empty = [""] * len(table["columns"]) if grades else []
            rows.append(["", _("vorige scan"), row["previous_n"], *row["previous"], *empty])
            styles.append("previous")
    return Table(
        title,
        header,
        rows,
        style="table data-table grades" if grades else "table data-table",
        widths=widths,
        row_header=1,
        row_styles=styles,
    )


def survey_tables(items: list[dict], caption: str) -> list[Table]:
    """All data tables of a list of items: statements first, then grades."""
    bars = [i for i in items if i["kind"] in ("categorical", "multiple")]
    grades = [i for i in items if i["kind"] == "grade"]
    return [
        data_table(t, caption) for t in data_tables(bars, "bars") + data_tables(grades, "grades")
    ]


def _list(values: list[str], separator: str) -> str:
    return separator.join(v for v in values if v) or MISSING


def register_blocks(register: dict, comparison: bool, language: str) -> list:
    """The register of vulnerable processes and functions (in the chapter that shows it)."""
    blocks: list = [Heading(4, _("Register van kwetsbare processen en functies"))]
    if not register.get("available"):
        blocks.append(
            Paragraph(_("Er zijn nog geen gegevens over kwetsbare processen en functies."), "muted")
        )
        return blocks
    criteria = register.get("criteria", [])
    processes = register.get("processes") or []
    if processes:
        parts = chunks(processes, PROCESSES_PER_HEAT_MAP)
        for index, part in enumerate(parts, start=1):
            caption = _("Warmtekaart: kwetsbare processen per rode draad (score 0–3)")
            title = _("Warmtekaart kwetsbare processen")
            if len(parts) > 1:
                caption += f" ({index}/{len(parts)})"
                title += f" ({index}/{len(parts)})"
            chart = Chart(
                "heat_map", {**register, "processes": part}, f"fig-heatmap-{index}", title, language
            )
            blocks.append(Figure(caption, chart))
        blocks.append(
            Table(
                _("Rode draden (kolommen van de warmtekaart)"),
                [_("Code"), _("Rode draad")],
                [[c["short"], translate(c["name"])] for c in criteria],
                style="table",
                widths=["w-12", ""],
            )
        )
        previous = [_("Vorige scan")] if comparison else []
        blocks.append(
            Table(
                _("Kwetsbare processen, hoogste score eerst"),
                [
                    _("Proces"),
                    _("Afdeling"),
                    *[c["short"] for c in criteria],
                    _("Score"),
                    *previous,
                    _("Klasse"),
                    _("Beheersmaatregelen"),
                ],
                [
                    [
                        p["name"],
                        p.get("department") or MISSING,
                        *[MISSING if c["score"] is None else str(c["score"]) for c in p["cells"]],
                        str(p["score"]),
                        *([_or_missing(p.get("previous_score"))] if comparison else []),
                        translate(p["band"]),
                        _list(
                            [
                                f"{translate(c['name'])} ({translate(c['state']).lower()})"
                                for c in p.get("controls", [])
                            ],
                            "; ",
                        ),
                    ]
                    for p in processes
                ],
                style="table",
                widths=[
                    "w-16",
                    "w-10",
                    *["w-crit"] * len(criteria),
                    "w-n",
                    *(["w-n"] if comparison else []),
                    "w-7",
                    "",
                ],
            )
        )
    if register.get("functions"):
        blocks.append(
            Table(
                _("Kwetsbare functies, hoogste score eerst"),
                [
                    _("Functie"),
                    _("Afdeling"),
                    _("Score"),
                    _("Klasse"),
                    _("Risicokenmerken"),
                    _("Screening (vereist / uitgevoerd)"),
                ],
                [
                    [
                        f["name"],
                        f.get("department") or MISSING,
                        str(f["score"]),
                        translate(f["band"]),
                        _list([translate(x) for x in f.get("flags", [])], ", "),
                        f.get("screening") or MISSING,
                    ]
                    for f in register["functions"]
                ],
                style="table",
                widths=["w-22", "w-18", "", "", "", ""],
            )
        )
    return blocks


def _or_missing(value) -> str:
    return MISSING if value is None else (whole(value) if isinstance(value, int) else str(value))


def assessment_table(chapter: dict) -> Table:
    """The self-assessment of every norm of a chapter."""
    norms = list(chapter.get("norms", [])) + [
        n for s in chapter.get("subelements", []) for n in s["norms"]
    ]
    rows: list[list[Inline]] = []
    for n in norms:
        finding: Inline = n.get("finding") or MISSING
        if n.get("evidence_text"):
            finding = (Run(n.get("finding") or MISSING), Run(n["evidence_text"], "muted", True))
        rows.append(
            [
                f"{n['code']} {translate(n['title'])}",
                (Run(translate(n["status_label"]), f"status status-{n['status']}"),),
                finding,
                _list([e["title"] for e in n.get("evidence", [])], "; "),
            ]
        )
    return Table(
        _("Zelfevaluatie per norm: %(name)s") % {"name": translate(chapter["name"])},
        [_("Norm"), _("Status"), _("Bevinding"), _("Bewijs")],
        rows,
        style="table assessment-table",
        widths=["w-30", "w-12", "w-40", "w-18"],
    )


def questionnaire_table(questionnaire: dict) -> Table:
    """A questionnaire of the appendix: every question, its answers and its routing."""
    rows: list[list[Inline]] = []
    for q in questionnaire.get("questions", []):
        question_text = translate(q["text"])
        text: Inline = question_text
        if q.get("rows"):
            text = (Run(question_text),) + tuple(
                Run(f"– {translate(row)}", new_line=True) for row in q["rows"]
            )
        options = "; ".join(translate(o) for o in q.get("options", []))
        rows.append(
            [
                q["number"],
                text,
                options or _("open antwoord"),
                translate(q.get("routing")) or MISSING,
            ]
        )
    return Table(
        translate(questionnaire["title"]),
        [_("Nr."), _("Vraag"), _("Antwoorden"), _("Routering")],
        rows,
        style="table questionnaire-table",
        widths=["w-num", "w-40", "w-30", "w-22"],
    )


def response_tables(surveys: list[dict]) -> list[Table]:
    """The response to each survey, overall and per department (suppressed under k)."""
    if not surveys:
        return []
    out = [
        Table(
            _("Respons op de enquêtes"),
            [_("Enquête"), _("Uitgenodigd"), _("Respondenten"), _("Respons"), _("Periode")],
            [
                [
                    s["title"],
                    _or_missing(s.get("invited")),
                    whole(s["responses"]),
                    percent(s.get("response_rate")),
                    period_text(s.get("period")) or MISSING,
                ]
                for s in surveys
            ],
            style="table",
        )
    ]
    for s in surveys:
        if not s.get("departments"):
            continue
        out.append(
            Table(
                _("Respons per afdeling: %(title)s") % {"title": s["title"]},
                [_("Afdeling"), _("Uitgenodigd"), _("Ingevuld"), _("Respons")],
                [
                    [
                        d["label"],
                        _or_missing(d.get("invited")),
                        _("onderdrukt") if d.get("submitted") is None else whole(d["submitted"]),
                        percent(d.get("rate")),
                    ]
                    for d in s["departments"]
                ],
                style="table",
            )
        )
    return out
