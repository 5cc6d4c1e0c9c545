"""Exports (exports) of survey data: results tables, the research file and its codebook.

* Results (aggregates): what the results page shows, nothing under k — CSV or XLSX.
* Research file (one row per respondent) in CSV, XLSX or SPSS ``.sav``, with a codebook:
  variable names are question ids (``question.row`` for matrix rows, ``question.option``
  for multiple-choice options), with labels, value labels and the substantive flag. Rows
  are shuffled; no dates or ids; no free text; departments only as the published groups
  (the rest merged, "overige afdelingen"). Insiders never get it: only an external
  researcher with a grant (``weerbaar.disclosure``).
* Codebook (no answers): the layout of the paper import.

The same layout is read back by :mod:`.imports` (paper questionnaires).
"""

from __future__ import annotations

import csv
import io
import random
import secrets
from dataclasses import dataclass
from typing import Any

from weerbaar.core.xmltext import xml_safe

from .questionnaire import iter_questions, question_index
from .questiontypes import question_type
from .questiontypes.base import OTHER_DEPARTMENTS, Variable, text_of
from .results.export import results_table as results_export_table
from .results.services import department_labels, submitted_rows, survey_results
from .types import QuestionnaireDefinition

__all__ = ["OTHER_DEPARTMENTS", "Variable", "codebook"]

Cell = str | int | float | None
"""One cell of an exported table."""


def codebook(
    definition: QuestionnaireDefinition, department_values: list[tuple[str, str]] | None = None
) -> list[Variable]:
    """The variables of a questionnaire's data set, in questionnaire order.

    ``department_values``: (value, label) of the department question's answers.
    """
    out: list[Variable] = []
    for q in iter_questions(definition):
        number = q.get("number", "")
        prefix = f"{number}. " if number else ""
        label, label_en = prefix + text_of(q["text"]), prefix + text_of(q["text"], "en")
        out.extend(question_type(q).variables(q, label, label_en, department_values))
    return out


@dataclass
class DataSet:
    variables: list[Variable]
    rows: list[list[Any]]  # values as in the questionnaire (option values, 0/1, numbers, text)
    left_out: list[str]  # free-text variables left out (never in a row-level file)


def published_departments(survey) -> dict[str, str]:
    """Department id -> name of the departments the suppressed results show on their own.

    Every other department (under k, merged to protect another, or all of them when the
    results show no breakdown) is "overige afdelingen" in a row-level file."""
    labels = department_labels(survey)
    groups = survey_results(survey, include_texts=False)["groups"]
    return {g["key"]: labels[g["key"]] for g in groups if g["key"] in labels}


def research_dataset(survey) -> DataSet:
    """The row-level research file of a survey, see module doc.

    Who may have it, and when, is decided by ``weerbaar.disclosure`` (an external researcher
    with a grant, after closing, with at least 3·k respondents); this only builds it:
    departments coarsened to the published groups, no free text, rows shuffled.
    """
    shown = published_departments(survey)
    raw = submitted_rows(survey)
    # Department question values: published departments by name, the rest merged.
    dep_values = [(name, name) for name in sorted(shown.values())]
    dep_values.append((OTHER_DEPARTMENTS, "Overige afdelingen (samengevoegd)"))
    variables = codebook(survey.definition, dep_values)
    left_out = [v.name for v in variables if v.kind == "text"]
    variables = [v for v in variables if v.kind != "text"]
    index = question_index(survey.definition)
    types = {v.name: question_type(index[v.question]) for v in variables}
    fixed_values = {
        v.name: {value for _code, value, _label, _s in v.values} - set(shown.values())
        for v in variables
        if v.kind == "department"
    }
    rows = []
    for answers, dep in raw:
        row = []
        for v in variables:
            if v.kind == "department":
                answer = answers.get(v.question)
                if answer in (None, ""):
                    row.append("")
                elif dep is not None and dep in shown:
                    row.append(shown[dep])
                elif dep is None and answer in fixed_values[v.name]:
                    row.append(answer)  # a fixed option ("liever niet"), or merged on import
                else:
                    row.append(OTHER_DEPARTMENTS)
            else:
                row.append(types[v.name].export_value(v, answers.get(v.question)))
        rows.append(row)
    random.Random(secrets.randbits(64)).shuffle(rows)
    return DataSet(variables, rows, left_out)


def import_codebook(survey) -> list[Variable]:
    """The codebook of the paper import layout (no answers: department values by name)."""
    labels = department_labels(survey)
    dep_values = [(name, name) for name in sorted(labels.values())]
    dep_values.append((OTHER_DEPARTMENTS, "Overige afdelingen (samengevoegd)"))
    return codebook(survey.definition, dep_values)


# ----------------------------------------------------------------------------- writers


def codebook_rows(variables: list[Variable]) -> list[list[Any]]:
    out: list[list[Cell]] = [
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
    """Text a spreadsheet can hold (:func:`xml_safe`), with formulas neutralised (CSV/formula
    injection)."""
    if not isinstance(value, str):
        return value
    value = xml_safe(value)
    if value[:1] in ("=", "+", "-", "@"):
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
            codes = [v.code_of(str(c)) for c in col]
            columns[v.name] = [float(code) if code is not None else None for code in codes]
            value_labels[v.name] = {
                float(code): xml_safe(label) for code, _val, label, _s in v.values
            }
            measures[v.name] = "nominal"
        elif v.kind in ("grade", "number"):
            columns[v.name] = [float(c) if c not in ("", None) else None for c in col]
            measures[v.name] = "scale"
        else:
            columns[v.name] = ["" if c is None else xml_safe(str(c)) for c in col]
            measures[v.name] = "nominal"
    df = pd.DataFrame(columns, columns=[v.name for v in ds.variables])
    fd, path = tempfile.mkstemp(suffix=".sav")
    os.close(fd)
    try:
        pyreadstat.write_sav(
            df,
            path,
            column_labels={v.name: xml_safe(v.label)[:255] for v in ds.variables},
            variable_value_labels=value_labels,
            variable_measure=measures,
        )
        with open(path, "rb") as fh:
            return fh.read()
    finally:
        os.unlink(path)


def results_export(survey, fmt: str) -> bytes:
    results = survey_results(survey, include_texts=False)
    table = results_export_table(results)  # with the department breakdowns
    if fmt == "csv":
        return to_csv(table)
    return to_xlsx({"resultaten": table})
