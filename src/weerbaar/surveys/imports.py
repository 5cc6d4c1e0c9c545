"""Import of responses (paper questionnaires) from CSV or XLSX, in the export layout.

The header holds variable names of the codebook (:func:`exports.codebook`); one row per
respondent. Every row is checked; if any row has an error nothing is stored (one
transaction), and each error names its line and column. Answers to questions that the
routing would not have shown are not stored (as on the web) and reported as notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from weerbaar.accounts.models import User
from weerbaar.core.uploads import read_table
from weerbaar.core.xmltext import clean_text

from . import routing
from .exports import OTHER_DEPARTMENTS, Variable, codebook
from .models import PaperImport, ResponseSet, ResponseSource, Survey, SurveyStatus
from .questionnaire import question_index
from .questiontypes import question_type
from .results.stored import add_responses

MAX_IMPORT_ROWS = 20_000


@dataclass
class ImportResult:
    created: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # line, column, message
    notes: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _import_variables(survey: Survey) -> tuple[list[Variable], dict[str, Any]]:
    departments = list(survey.scan.organisation.departments.all())
    variables = codebook(survey.definition, [(str(d.pk), d.name) for d in departments])
    by_name = {d.name.strip().lower(): d for d in departments}
    by_pk = {str(d.pk): d for d in departments}
    return variables, {"by_name": by_name, "by_pk": by_pk}


def _clean_cell(value: Any) -> str:
    text = "" if value is None else clean_text(str(value)).strip()
    if text[:2] in ("'=", "'+", "'-", "'@"):
        text = text[1:]
    return text


def import_responses(
    survey: Survey, data: bytes, filename: str, imported_by: User | None = None
) -> ImportResult:
    """Check and store paper responses; all or nothing; recorded as an audited import.

    Only while the survey is not closed: once its results are released, a late row would
    show its own answers as the difference between the results before and after.
    """
    result = ImportResult()
    if survey.status == SurveyStatus.CLOSED:
        result.errors.append(
            (
                0,
                "",
                _(
                    "De enquête is gesloten en de resultaten zijn vrijgegeven: papieren "
                    "vragenlijsten kunnen alleen worden ingevoerd zolang de enquête open is."
                ),
            )
        )
        return result
    try:
        table = read_table(data, filename, MAX_IMPORT_ROWS)
    except ValidationError as exc:
        result.errors.append((0, "", exc.messages[0]))
        return result
    table = [row for row in table if any(_clean_cell(c) for c in row)]
    if not table:
        result.errors.append((0, "", _("Het bestand is leeg.")))
        return result
    if len(table) > MAX_IMPORT_ROWS + 1:
        result.errors.append(
            (0, "", _("Het bestand heeft meer dan %(max)s regels.") % {"max": MAX_IMPORT_ROWS})
        )
        return result
    variables, deps = _import_variables(survey)
    by_name = {v.name: v for v in variables}
    header = [_clean_cell(c).lstrip("\ufeff") for c in table[0]]
    unknown = [h for h in header if h and h not in by_name]
    for h in unknown:
        result.errors.append((1, h, _("Onbekende kolom “%(name)s”.") % {"name": h[:80]}))
    if not any(h in by_name for h in header):
        result.errors.append((1, "", _("De eerste regel moet de variabelenamen bevatten.")))
    if result.errors:
        return result
    columns = [(i, by_name[h]) for i, h in enumerate(header) if h]
    questions = question_index(survey.definition)
    new = []
    today = timezone.localdate()
    for line, row in enumerate(table[1:], start=2):
        answers: dict[str, Any] = {}
        for i, v in columns:
            raw = _clean_cell(row[i]) if i < len(row) else ""
            if raw == "":
                continue
            if v.kind == "department" and raw == OTHER_DEPARTMENTS:
                # Merged in an export: answered, department not known (counted as such).
                answers[v.question] = OTHER_DEPARTMENTS
                continue
            question = questions[v.question]
            qtype = question_type(question)
            value, error = qtype.parse_import(question, v, raw, deps)
            if error:
                result.errors.append((line, v.name, error))
                continue
            if value is None:
                continue
            qtype.add_imported(answers, v, value)
        for qid, answer in list(answers.items()):
            finished, errors = question_type(questions[qid]).finish_import(questions[qid], answer)
            if finished is None:
                del answers[qid]
                continue
            answers[qid] = finished
            result.errors.extend((line, qid, error) for error in errors)
        cleaned = routing.clean_answers(survey.definition, answers)
        for qid in sorted(set(answers) - set(cleaned)):
            result.notes.append(
                (
                    line,
                    qid,
                    _("Niet opgeslagen: deze vraag werd volgens de routering niet gesteld."),
                )
            )
        department = None
        dq = next((v for v in variables if v.kind == "department"), None)
        if dq is not None and str(cleaned.get(dq.question, "")) in deps["by_pk"]:
            department = deps["by_pk"][str(cleaned[dq.question])]
        new.append(
            ResponseSet(
                survey=survey,
                answers=cleaned,
                department=department,
                submitted=True,
                submitted_on=today,
                source=ResponseSource.IMPORT,
            )
        )
    if result.errors:
        return result
    with transaction.atomic():
        paper = PaperImport.objects.create(
            survey=survey, imported_by=imported_by, imported_on=today, rows=len(new)
        )
        for response in new:  # known to whoever imported them (see PaperImport)
            response.paper_import = paper
        ResponseSet.objects.bulk_create(new)
        add_responses(survey, [(r.answers, r.department_id, paper.pk) for r in new])
    result.created = len(new)
    return result
