"""LimeSurvey response exports (CSV, answer codes, "question code" headings) as paper
responses of a survey whose questionnaire was imported from LimeSurvey.

Each column heading (``Q1``, ``Q2[SQ001]``, ``Q3[other]``, ``Q4[SQ001][1]``, ``R1[1]``) is
mapped onto the questionnaire by the naming rules of :mod:`.common`; each cell's code must
be an answer the question has. A code that does not match is reported with its line and
column and nothing is stored (never guessed). The rows are then handed, in the layout of
the data-set codebook, to :func:`weerbaar.surveys.imports.import_responses`: the same
checks, routing, anonymity rules (an audited import; the rows count as known to whoever
imported them) and minimum cell size apply as to any paper import.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook

from weerbaar.core.uploads import read_table
from weerbaar.surveys import imports
from weerbaar.surveys.models import Survey
from weerbaar.surveys.questionnaire import question_index
from weerbaar.surveys.types import Question

from .common import OTHER_VALUE, joined, wb_id

META_COLUMNS = frozenset(
    {"id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate"}
    | {"datestamp", "ipaddr", "refurl", "interviewtime", "optout", "emailstatus"}
)
HEADING = re.compile(r"^(?P<code>[^\[\]]+?)(?:\[(?P<a>[^\]]*)\])?(?:\[(?P<b>[^\]]*)\])?$")


@dataclass
class Column:
    """How one LimeSurvey column becomes a codebook variable."""

    kind: str  # choice | number | text | option | other_option | row | grade | rank
    question: Question
    variable: str = ""
    row: str = ""
    position: int = 0


@dataclass
class ResponseReport:
    rows: int = 0
    created: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)  # line, reason
    ignored: list[tuple[str, str]] = field(default_factory=list)  # column, reason
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # line, column, message
    notes: list[tuple[int, str, str]] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "dry_run": self.dry_run,
            "skipped": [{"line": ln, "reason": r} for ln, r in self.skipped],
            "ignored_columns": [{"column": c, "reason": r} for c, r in self.ignored],
            "errors": [{"line": ln, "column": c, "message": m} for ln, c, m in self.errors],
            "notes": [{"line": ln, "column": c, "message": m} for ln, c, m in self.notes],
        }


def _question_columns(questions: dict[str, Question], heading: str) -> Column | str:
    """The column for a heading, or the reason it is not imported."""
    if heading.lower() in META_COLUMNS or heading.endswith("Time"):
        return _("gegevens van LimeSurvey zelf (geen antwoord)")
    match = HEADING.match(heading)
    if match is None:
        return _("kolomnaam niet herkend")
    code, a, b = match.group("code"), match.group("a"), match.group("b")
    for suffix, kind in (("_other", "other"), ("_comment", "comment")):
        if a is None and code.endswith(suffix) and wb_id(code) not in questions:
            code, a = code[: -len(suffix)], kind
    if a is None and wb_id(code) not in questions and "_" in code:  # Q1_SQ001 for Q1[SQ001]
        code, a = code.split("_", 1)
    q = questions.get(wb_id(code))
    if a is None:
        return _plain(q)
    if b is not None:  # dual scale: Q[SQ001][1]
        return _row(questions.get(joined(code, b)), a)
    if "#" in a:  # dual scale, older layout: Q[SQ001#0]
        row, _sep, scale = a.partition("#")
        if not scale.isdigit():
            return _("kolomnaam niet herkend")
        return _row(questions.get(joined(code, str(int(scale) + 1))), row)
    if a == "other":
        if q is not None and q["type"] == "multiple":
            return Column("other_option", q, f"{q['id']}.{OTHER_VALUE}")
        return _("de tekst bij “Andere, namelijk” neemt de papieren import niet over")
    if a == "comment" or (a.endswith("comment") and joined(code, a[:-7], "comment") in questions):
        target = questions.get(
            joined(code, "comment") if a == "comment" else joined(code, a[:-7], "comment")
        )
        return _plain(target)
    derived = questions.get(joined(code, a))
    if derived is not None:  # K, Q, ; and : — one question per subquestion or cell
        return _plain(derived)
    if q is None:
        return _("geen vraag met deze code in de vragenlijst")
    if q["type"] == "multiple":
        if wb_id(a) in {o["value"] for o in q.get("options", [])}:
            return Column("option", q, f"{q['id']}.{wb_id(a)}")
        return _("geen optie met deze code")
    rows = {r["id"] for r in q.get("rows", [])}
    if wb_id(a) in rows:  # a row; a ranking whose item codes are numbers reads as rows too
        return _row(q, a)
    if q["type"] == "grade_matrix" and a.isdigit():  # ranking: R1[1] holds the first item
        return Column("rank", q, position=int(a))
    return _("geen rij met deze code")


def _plain(q: Question | None) -> Column | str:
    if q is None:
        return _("geen vraag met deze code in de vragenlijst")
    kinds = {"single": "choice", "likert": "choice", "number": "number", "text": "text"}
    kind = kinds.get(q["type"])
    if kind is None:
        return _("de vraag heeft meer kolommen; deze kolom hoort er niet bij")
    return Column(kind, q, q["id"])


def _row(q: Question | None, row: str) -> Column | str:
    if q is None or wb_id(row) not in {r["id"] for r in q.get("rows", [])}:
        return _("geen rij met deze code")
    kind = "grade" if q["type"] == "grade_matrix" else "row"
    return Column(kind, q, f"{q['id']}.{wb_id(row)}", row=wb_id(row))


def _cell(column: Column, raw: str, out: dict[str, str]) -> str | None:
    """Put one cell into the codebook row ``out``; the error message if its code is unknown."""
    q = column.question
    if column.kind == "choice":
        value = OTHER_VALUE if raw == "-oth-" else wb_id(raw)
        if value not in {o["value"] for o in q.get("options", [])}:
            return _("“%(code)s” is geen antwoordcode van deze vraag.") % {"code": raw[:40]}
        out[column.variable] = value
    elif column.kind in ("option", "other_option"):
        if column.kind == "option" and raw not in ("Y", "N"):
            return _("Verwacht Y (gekozen) of leeg, niet “%(code)s”.") % {"code": raw[:40]}
        out[column.variable] = "1" if column.kind == "other_option" or raw == "Y" else "0"
    elif column.kind == "row":
        value = wb_id(raw)
        if value not in {o["value"] for o in q.get("scale", [])}:
            return _("“%(code)s” is geen antwoordcode van deze vraag.") % {"code": raw[:40]}
        out[column.variable] = value
    elif column.kind == "rank":
        item = wb_id(raw)
        if item not in {r["id"] for r in q.get("rows", [])}:
            return _("“%(code)s” is geen item van deze rangschikking.") % {"code": raw[:40]}
        out[f"{q['id']}.{item}"] = str(column.position)
    else:  # number, grade, text: checked by the paper import
        out[column.variable] = raw
    return None


def _multiple_defaults(questions: dict[str, Question], out: dict[str, str]) -> None:
    """A multiple-choice question with a chosen option: the other options were not chosen."""
    for q in questions.values():
        if q["type"] != "multiple":
            continue
        names = [f"{q['id']}.{o['value']}" for o in q.get("options", [])]
        if any(out.get(n) == "1" for n in names):
            for n in names:
                out.setdefault(n, "0")


def import_responses(
    survey: Survey,
    data: bytes,
    filename: str,
    imported_by: Any = None,
    dry_run: bool = False,
) -> ResponseReport:
    """Check (and unless ``dry_run``, store) a LimeSurvey response export; all or nothing."""
    report = ResponseReport(dry_run=dry_run)
    try:
        table = read_table(data, filename, imports.MAX_IMPORT_ROWS)
    except ValidationError as exc:
        report.errors.append((0, "", exc.messages[0]))
        return report
    if len(table) < 2:
        report.errors.append((0, "", _("Het bestand bevat geen antwoorden.")))
        return report
    questions = question_index(survey.definition)
    header = [h.strip().lstrip("\ufeff") for h in table[0]]
    columns: dict[int, Column] = {}
    for i, heading in enumerate(header):
        found = _question_columns(questions, heading)
        if isinstance(found, Column):
            columns[i] = found
            if found.kind == "other_option":
                report.ignored.append(
                    (
                        heading,
                        _("alleen “Andere, namelijk” gekozen wordt overgenomen, niet de tekst"),
                    )
                )
        elif heading:
            report.ignored.append((heading, found))
    if not columns:
        report.errors.append(
            (1, "", _("Geen enkele kolom hoort bij een vraag van deze vragenlijst."))
        )
        return report
    submit = header.index("submitdate") if "submitdate" in header else None
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    for line, row in enumerate(table[1:], start=2):
        cells = row + [""] * (len(header) - len(row))
        if submit is not None and not cells[submit].strip():
            report.skipped.append((line, _("niet afgerond in LimeSurvey (geen verzenddatum)")))
            continue
        out: dict[str, str] = {}
        for i, column in columns.items():
            raw = cells[i].strip()
            if raw == "":
                continue
            error = _cell(column, raw, out)
            if error:
                report.errors.append((line, header[i], error))
        _multiple_defaults(questions, out)
        if out:
            rows.append(out)
            lines.append(line)
        else:
            report.skipped.append((line, _("geen antwoorden")))
    report.rows = len(rows)
    if report.errors:
        report.errors.insert(
            0,
            (
                0,
                "",
                _(
                    "Niets geïmporteerd. Exporteer de antwoorden in LimeSurvey met "
                    "antwoordcodes en met vraagcodes als kolomnamen."
                ),
            ),
        )
    if report.errors or not rows:
        if not rows and not report.errors:
            report.errors.append((0, "", _("Het bestand bevat geen afgeronde antwoorden.")))
        return report
    _store(survey, rows, lines, report, imported_by)
    return report


def _store(
    survey: Survey,
    rows: list[dict[str, str]],
    lines: list[int],
    report: ResponseReport,
    imported_by: Any,
) -> None:
    names = sorted({name for row in rows for name in row})
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(names)
    for row in rows:
        sheet.append([row.get(name, "") for name in names])
    buffer = io.BytesIO()
    book.save(buffer)
    with transaction.atomic():
        result = imports.import_responses(
            survey, buffer.getvalue(), "limesurvey.xlsx", imported_by=imported_by
        )
        if report.dry_run:
            transaction.set_rollback(True)

    def source_line(n: int) -> int:
        return lines[n - 2] if 2 <= n < len(lines) + 2 else n

    report.errors.extend((source_line(n), c, m) for n, c, m in result.errors)
    report.notes.extend((source_line(n), c, m) for n, c, m in result.notes)
    report.created = result.created  # in a dry run: would be created
