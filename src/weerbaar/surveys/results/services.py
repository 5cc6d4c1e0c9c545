"""Results from the database: a survey's submitted responses through the pure engine."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import connection

from weerbaar.surveys.fieldwork import results_released
from weerbaar.surveys.models import InvitationState, PaperImport, ResponseSet, Survey
from weerbaar.surveys.types import Answers, SurveyResults

from .engine import compute_results_from_tallies
from .moments import restrict_to
from .stored import decoded_chunks, free_texts, knower, survey_tallies
from .suppression import Table, suppress

if TYPE_CHECKING:
    from weerbaar.scans.models import Scan


def organisation_k(survey: Survey) -> int:
    """The survey's minimum cell size: fixed when it opened (see ``Survey.effective_k``)."""
    return survey.effective_k


def department_labels(survey: Survey) -> dict[str, str]:
    return {str(d.pk): d.name for d in survey.scan.organisation.departments.all()}


Known = str | None
"""Who knows a row: ``"user:<id>"`` (or ``"import:<id>"`` when that user is gone) for a
paper questionnaire, None for a web response."""


def submitted_rows(survey: Survey) -> list[tuple[Answers, str | None]]:
    """(answers, department id) of every submitted response, in no meaningful order."""
    return submitted_rows_known(survey)[0]


def submitted_rows_known(
    survey: Survey,
) -> tuple[list[tuple[Answers, str | None]], list[Known]]:
    """(answers, department id) of every submitted response, in no meaningful order, and
    per row who knows it (the importer of a paper questionnaire; see :data:`Known`).

    On PostgreSQL the answers come as text through a server-side cursor, and each chunk of
    rows is decoded at once (one ``json.loads`` per chunk, not per response), so neither one
    huge string nor one decode per row is needed."""
    data: Iterable[tuple[Answers, int | None, int | None, int | None]]
    if connection.vendor == "postgresql":
        # Table names are the models' own (no user input); the survey id is a parameter.
        table = ResponseSet._meta.db_table
        imports = PaperImport._meta.db_table
        sql = (
            "SELECT r.answers::text, r.department_id, p.id, p.imported_by_id "  # noqa: S608
            f'FROM "{table}" r LEFT JOIN "{imports}" p ON p.id = r.paper_import_id '
            "WHERE r.survey_id = %s AND r.submitted"
        )
        data = (row for chunk in decoded_chunks(sql, [survey.pk]) for row in chunk)
    else:
        data = ResponseSet.objects.filter(survey=survey, submitted=True).values_list(
            "answers", "department_id", "paper_import_id", "paper_import__imported_by_id"
        )
    rows: list[tuple[Answers, str | None]] = []
    known: list[Known] = []
    for answers, dep, paper, user in data:
        rows.append((answers, None if dep is None else str(dep)))
        known.append(knower(paper, user))
    return rows, known


def survey_results(survey: Survey, *, include_texts: bool = False) -> SurveyResults:
    """All results of a survey, suppressed at the organisation's k; protected also for the
    rows each importer of paper questionnaires does not know (one page for every viewer)."""
    released = results_released(survey)
    # Before the field period closes nothing is computed from answers (counts only).
    tallies = survey_tallies(survey) if released else []
    texts = free_texts(survey, survey.definition) if released and include_texts else None
    k = organisation_k(survey)
    labels = department_labels(survey)

    def at(k_page: int) -> SurveyResults:
        return compute_results_from_tallies(
            survey.definition,
            tallies,
            k=k_page,
            department_labels=labels,
            include_texts=include_texts,
            texts=texts,
        )

    results = at(k)
    first_k = released_k(survey) if released else None
    if first_k is not None and first_k != k:
        results = restrict_to(results, at(first_k))
    results["survey"] = {"id": survey.pk, "title": survey.title, "audience": survey.audience}
    results["released"] = released
    return results


def released_k(survey: Survey) -> int:
    """The k of the survey's first results page (recorded when it was first computed, for
    surveys closed without it): later pages show only what that page showed."""
    if survey.released_k is None:
        survey.released_k = organisation_k(survey)
        Survey.objects.filter(pk=survey.pk, released_k__isnull=True).update(
            released_k=survey.released_k
        )
    return survey.released_k


def scan_results(scan: Scan, *, include_texts: bool = False) -> list[SurveyResults]:
    """Results of every survey of a scan."""
    return [
        survey_results(s, include_texts=include_texts)
        for s in Survey.objects.filter(scan=scan).select_related("scan__organisation")
    ]


def response_rates(survey: Survey) -> dict[str, Any]:
    """Response rate (respons) overall and per department (from the invitations).

    Counts per department under k are suppressed, with complementary suppression so that
    no department's number of responders follows from the totals.
    """
    k = organisation_k(survey)
    labels = department_labels(survey)
    invited: dict[str | None, int] = {}
    submitted: dict[str | None, int] = {}
    for dep, state in survey.invitations.values_list("department_id", "state").iterator(5000):
        key = None if dep is None else str(dep)
        invited[key] = invited.get(key, 0) + 1
        if state == InvitationState.SUBMITTED:
            submitted[key] = submitted.get(key, 0) + 1
    n_invited = sum(invited.values())
    n_submitted_inv = sum(submitted.values())
    n_responses = ResponseSet.objects.filter(survey=survey, submitted=True).count()
    overall = {
        "invited": n_invited,
        "responses": n_responses,
        "rate": round(100.0 * n_responses / n_invited, 1) if n_invited else None,
        "suppressed": 0 < n_responses < k,
    }
    if overall["suppressed"]:
        overall["responses"] = overall["rate"] = None
    # Departments: merge departments with fewer than k invitees, then suppress.
    keys = sorted((d for d in invited if d is not None), key=lambda d: labels.get(d, d))
    small = [d for d in keys if invited[d] < k]
    rows = [d for d in keys if invited[d] >= k]
    pooled = small + ([None] if None in invited else [])
    pooled_n = sum(invited[d] for d in pooled)
    while rows and 0 < pooled_n < k:
        smallest = min(rows, key=lambda d: invited[d])
        rows.remove(smallest)
        pooled.append(smallest)
        pooled_n += invited[smallest]
    groups = [(d, labels.get(d, d), invited[d], submitted.get(d, 0)) for d in rows]
    if pooled_n:
        groups.append(
            ("_other", "Overige / onbekend", pooled_n, sum(submitted.get(d, 0) for d in pooled))
        )
    t = Table()
    t.add("invited", n_invited, fixed=True)
    t.add("submitted", n_submitted_inv, fixed=True)  # public: the overall response count
    t.add("open", n_invited - n_submitted_inv, is_count=False, priority=2)
    t.add_line([("invited", -1), ("submitted", 1), ("open", 1)])
    for key, _label, inv, sub in groups:
        t.add(f"I:{key}", inv, fixed=True)
        t.add(f"S:{key}", sub, upper=inv)
        t.add(f"O:{key}", inv - sub, is_count=False, upper=inv)
        t.add_line([(f"I:{key}", -1), (f"S:{key}", 1), (f"O:{key}", 1)])
    if groups:
        t.add_line([("submitted", -1)] + [(f"S:{g[0]}", 1) for g in groups])
    sup = suppress(t, k) if n_invited >= k else None
    departments = []
    for key, label, inv, sub in groups:
        shown = sup is not None and sup.shown(f"S:{key}")
        departments.append(
            {
                "key": key,
                "label": label,
                "invited": inv,
                "submitted": sub if shown else None,
                "rate": round(100.0 * sub / inv, 1) if shown and inv else None,
                "suppressed": not shown,
            }
        )
    return {
        "k": k,
        "overall": overall,
        "invitations_submitted": n_submitted_inv if sup and sup.shown("submitted") else None,
        "departments": departments,
    }
