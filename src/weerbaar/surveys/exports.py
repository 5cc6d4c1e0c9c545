"""Exports (exports) of survey data: results tables, the anonymous data set and its codebook.

* Results (aggregates): what the results page shows, nothing under k — CSV or XLSX.
* Data set (one row per respondent, coordinator only) in CSV, XLSX or SPSS ``.sav``, with a
  codebook: variable names are question ids (``question.row`` for matrix rows,
  ``question.option`` for multiple-choice options), with labels, value labels and the
  substantive flag. Rows are shuffled; no dates or ids. Free-text variables answered by
  fewer than k respondents are left out, and departments with fewer than k respondents
  are merged ("overige afdelingen").

The same layout is read back by :mod:`.imports` (paper questionnaires).
"""

from __future__ import annotations

import csv
import io
import random
import secrets
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .questionnaire import iter_questions
from .results.engine import plan_groups
from .results.services import department_labels, organisation_k, submitted_rows, survey_results

OTHER_DEPARTMENTS = "overige_afdelingen"


@dataclass
class Variable:
    """One column of the data set (variabele)."""

    name: str
    question: str
    kind: str  # category | binary | grade | number | text | department
    label: str
    label_en: str = ""
    row: str | None = None
    option: str | None = None
    # (code, value, label, substantive) for coded variables
    values: list[tuple[int, str, str, bool]] = field(default_factory=list)
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None

    def code_of(self, value: Any) -> int | None:
        for code, v, _label, _s in self.values:
            if v == value:
                return code
        return None


def _text(value: Any, lang: str = "nl") -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("nl") or "")
    return "" if value is None else str(value)


def codebook(
    definition: dict, department_values: list[tuple[str, str]] | None = None
) -> list[Variable]:
    """The variables of a questionnaire's data set, in questionnaire order.

    ``department_values``: (value, label) of the department question's answers.
    """
    out: list[Variable] = []
    for q in iter_questions(definition):
        qid = q["id"]
        number = q.get("number", "")
        prefix = f"{number}. " if number else ""
        qlabel, qlabel_en = prefix + _text(q["text"]), prefix + _text(q["text"], "en")
        qtype = q["type"]
        if q.get("options_from") == "departments":
            values = [(i, v, lbl, True) for i, (v, lbl) in enumerate(department_values or [], 1)]
            offset = len(values)
            for j, o in enumerate(q.get("options", []), start=offset + 1):
                values.append(
                    (j, o["value"], _text(o["label"]), o.get("substantive", True) is not False)
                )
            out.append(Variable(qid, qid, "department", qlabel, qlabel_en, values=values))
        elif qtype in ("single", "likert"):
            values = [
                (i, o["value"], _text(o["label"]), o.get("substantive", True) is not False)
                for i, o in enumerate(q.get("options", []), 1)
            ]
            out.append(Variable(qid, qid, "category", qlabel, qlabel_en, values=values))
        elif qtype == "multiple":
            for o in q.get("options", []):
                out.append(
                    Variable(
                        f"{qid}.{o['value']}",
                        qid,
                        "binary",
                        f"{qlabel} — {_text(o['label'])}",
                        f"{qlabel_en} — {_text(o['label'], 'en')}",
                        option=o["value"],
                        values=[
                            (0, "0", "niet gekozen", True),
                            (1, "1", "gekozen", o.get("substantive", True) is not False),
                        ],
                    )
                )
        elif qtype == "matrix":
            scale = [
                (i, o["value"], _text(o["label"]), o.get("substantive", True) is not False)
                for i, o in enumerate(q["scale"], 1)
            ]
            for r in q["rows"]:
                out.append(
                    Variable(
                        f"{qid}.{r['id']}",
                        qid,
                        "category",
                        f"{qlabel} — {_text(r['text'])}",
                        f"{qlabel_en} — {_text(r['text'], 'en')}",
                        row=r["id"],
                        values=scale,
                    )
                )
        elif qtype == "grade_matrix":
            lo, hi = int(q.get("min", 1)), int(q.get("max", 10))
            for r in q["rows"]:
                out.append(
                    Variable(
                        f"{qid}.{r['id']}",
                        qid,
                        "grade",
                        f"{qlabel} — {_text(r['text'])}",
                        f"{qlabel_en} — {_text(r['text'], 'en')}",
                        row=r["id"],
                        minimum=lo,
                        maximum=hi,
                    )
                )
        elif qtype == "number":
            out.append(
                Variable(
                    qid,
                    qid,
                    "number",
                    qlabel,
                    qlabel_en,
                    minimum=q.get("min"),
                    maximum=q.get("max"),
                )
            )
        elif qtype == "text":
            out.append(
                Variable(qid, qid, "text", qlabel, qlabel_en, max_length=q.get("max_length"))
            )
    return out


def value_of(variable: Variable, answers: dict) -> Any:
    """The stored answer for one variable ("" when not shown or not answered)."""
    answer = answers.get(variable.question)
    if variable.kind == "binary":
        if not isinstance(answer, list) or not answer:
            return ""
        return "1" if variable.option in answer else "0"
    if variable.row is not None:
        answer = answer.get(variable.row) if isinstance(answer, dict) else None
    if answer is None:
        return ""
    return answer


@dataclass
class DataSet:
    variables: list[Variable]
    rows: list[list[Any]]  # values as in the questionnaire (option values, 0/1, numbers, text)
    left_out: list[str]  # free-text variables left out (fewer than k answers)


def anonymous_dataset(survey) -> DataSet:
    """The anonymous row-level data set of a survey (coordinator only), see module doc."""
    k = organisation_k(survey)
    labels = department_labels(survey)
    raw = submitted_rows(survey)
    sizes = Counter(dep for _a, dep in raw)
    groups, group_of = plan_groups(sizes, k, labels)
    shown_departments = {g.key for g in groups if g.key in labels}
    # Department question values: shown departments by name, the rest merged.
    dep_values = [(labels[key], labels[key]) for key in sorted(shown_departments, key=labels.get)]
    dep_values.append((OTHER_DEPARTMENTS, "Overige afdelingen (samengevoegd)"))
    variables = codebook(survey.definition, dep_values)
    texts = Counter()
    for answers, _dep in raw:
        for v in variables:
            if v.kind == "text" and value_of(v, answers) not in ("", None):
                texts[v.name] += 1
    left_out = [v.name for v in variables if v.kind == "text" and texts[v.name] < k]
    variables = [v for v in variables if v.name not in left_out]
    rows = []
    for answers, dep in raw:
        row = []
        for v in variables:
            if v.kind == "department":
                answer = answers.get(v.question)
                if answer in (None, ""):
                    row.append("")
                elif dep is not None and dep in shown_departments:
                    row.append(labels[dep])
                else:
                    row.append(OTHER_DEPARTMENTS)
            else:
                row.append(value_of(v, answers))
        rows.append(row)
    random.Random(secrets.randbits(64)).shuffle(rows)
    return DataSet(variables, rows, left_out)


# ----------------------------------------------------------------------------- writers


def codebook_rows(variables: list[Variable]) -> list[list[Any]]:
    out = [
        [
            "variabele",
            "vraag",
            "rij",
            "optie",
            "soort",
            "label",
            "label_en",
            "code",
            "waarde",
            "waardelabel",
            "inhoudelijk",
        ]
    ]
    for v in variables:
        if v.values:
            for code, value, label, substantive in v.values:
                out.append(
                    [
                        v.name,
                        v.question,
                        v.row or "",
                        v.option or "",
                        v.kind,
                        v.label,
                        v.label_en,
                        code,
                        value,
                        label,
                        "ja" if substantive else "nee",
                    ]
                )
        else:
            extra = ""
            if v.minimum is not None or v.maximum is not None:
                extra = f"{v.minimum} – {v.maximum}"
            elif v.max_length:
                extra = f"max. {v.max_length} tekens"
            out.append(
                [
                    v.name,
                    v.question,
                    v.row or "",
                    v.option or "",
                    v.kind,
                    v.label,
                    v.label_en,
                    "",
                    extra,
                    "",
                    "",
                ]
            )
    return out


def to_csv(table: list[list[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";")
    for row in table:
        writer.writerow(["" if c is None else _safe_cell(c) for c in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(sheets: dict[str, list[list[Any]]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for title, table in sheets.items():
        ws = wb.create_sheet(title=title[:31])
        for row in table:
            ws.append([_safe_cell(c) for c in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _safe_cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas in free text (CSV/formula injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def dataset_table(ds: DataSet) -> list[list[Any]]:
    table = [[v.name for v in ds.variables]]
    for row in ds.rows:
        table.append([_safe_cell(c) if isinstance(c, str) else c for c in row])
    return table


def dataset_csv(ds: DataSet) -> bytes:
    return to_csv(dataset_table(ds))


def dataset_xlsx(ds: DataSet) -> bytes:
    return to_xlsx({"data": dataset_table(ds), "codeboek": codebook_rows(ds.variables)})


def dataset_sav(ds: DataSet) -> bytes:
    """SPSS .sav with variable labels and value labels (coded variables as numbers)."""
    import os
    import tempfile

    import pandas as pd
    import pyreadstat

    columns: dict[str, list] = {}
    value_labels: dict[str, dict] = {}
    measures: dict[str, str] = {}
    for j, v in enumerate(ds.variables):
        col = [row[j] for row in ds.rows]
        if v.values:
            columns[v.name] = [
                float(v.code_of(str(c))) if v.code_of(str(c)) is not None else None for c in col
            ]
            value_labels[v.name] = {float(code): label for code, _val, label, _s in v.values}
            measures[v.name] = "nominal"
        elif v.kind in ("grade", "number"):
            columns[v.name] = [float(c) if c not in ("", None) else None for c in col]
            measures[v.name] = "scale"
        else:
            columns[v.name] = ["" if c is None else str(c) for c in col]
            measures[v.name] = "nominal"
    df = pd.DataFrame(columns, columns=[v.name for v in ds.variables])
    fd, path = tempfile.mkstemp(suffix=".sav")
    os.close(fd)
    try:
        pyreadstat.write_sav(
            df,
            path,
            column_labels={v.name: v.label[:255] for v in ds.variables},
            variable_value_labels=value_labels,
            variable_measure=measures,
        )
        with open(path, "rb") as fh:
            return fh.read()
    finally:
        os.unlink(path)


def results_table(results: dict) -> list[list[Any]]:
    """The results (aggregates) as a flat table: one line per item and answer."""
    out = [
        [
            "item",
            "vraag",
            "nummer",
            "rij",
            "optie",
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
    ]
    for it in results["items"]:
        b = it["bases"]
        common = [
            it["id"],
            it["question"],
            it.get("number", ""),
            it.get("row", ""),
            it.get("option", ""),
        ]
        bases = [b.get("all"), b.get("shown"), b.get("answered"), b.get("substantive")]
        if not it.get("categories"):
            out.append(
                common
                + ["", "", "", it.get("n"), "ja" if it.get("suppressed") else "", "", "", "", ""]
                + bases
                + [it.get("mean")]
            )
            continue
        for c in it["categories"]:
            p = c["pct"]
            out.append(
                common
                + [
                    c["value"],
                    _text(c["label"]),
                    "ja" if c["substantive"] else "nee",
                    c["count"],
                    _marker(c["suppressed"]),
                    p["all"],
                    p["shown"],
                    p["answered"],
                    p["substantive"],
                ]
                + bases
                + [it.get("mean")]
            )
    return out


def _marker(status: str | None) -> str:
    if status is None:
        return ""
    return "< k" if status in ("primary", "all") else "aanvullend"


def results_export(survey, fmt: str) -> bytes:
    results = survey_results(survey, include_texts=False)
    table = results_table(results)
    if fmt == "csv":
        return to_csv(table)
    return to_xlsx({"resultaten": table})
