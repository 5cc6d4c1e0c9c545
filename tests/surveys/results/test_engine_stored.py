"""The stored tallies through the database: written with every batch and import, read by
the results page, rebuilt whenever they do not match the responses.

The results page must be exactly what counting the stored responses gives
(:func:`compute_results` over :func:`submitted_rows_known`), however the rows were written.
"""

from __future__ import annotations

import random
import secrets

import pytest
from django.db import connection

from weerbaar.organisations.models import Department
from weerbaar.surveys import fieldwork, routing
from weerbaar.surveys.demo import staff_answers
from weerbaar.surveys.imports import import_responses
from weerbaar.surveys.models import ResponseDraft, ResponseSet, ResultTally, Survey
from weerbaar.surveys.results import compute_results
from weerbaar.surveys.results.services import (
    department_labels,
    submitted_rows_known,
    survey_results,
)
from weerbaar.surveys.results.stored import survey_tallies

from .. import storage_attacker as attacker


def _departments(survey: Survey) -> list[Department]:
    org = survey.scan.organisation
    if org.departments.count() < 3:
        for i in range(3):
            Department.objects.create(organisation=org, name=f"Afdeling T{i}", position=90 + i)
    return list(org.departments.all())


def _drafts(survey: Survey, n: int, seed: int = 7) -> None:
    """``n`` submitted drafts (waiting for their batch), as the answering pages leave them."""
    departments = _departments(survey)
    by_pk = {str(d.pk): d for d in departments}
    for answers in staff_answers(random.Random(seed), n, departments):
        cleaned = routing.clean_answers(survey.definition, answers)
        ResponseDraft.objects.create(
            survey=survey,
            resume_hash=secrets.token_hex(32),
            answers=cleaned,
            department=by_pk.get(str(cleaned.get("q1_afdeling"))),
            ready=True,
        )


def _counted(survey: Survey, include_texts: bool = False) -> dict:
    """The results of counting every stored response (the reference)."""
    rows, known = submitted_rows_known(survey)
    return compute_results(
        survey.definition,
        rows,
        k=survey.effective_k,
        department_labels=department_labels(survey),
        include_texts=include_texts,
        known=known,
    )


def _page(survey: Survey, include_texts: bool = False) -> dict:
    results = survey_results(survey, include_texts=include_texts)
    results.pop("survey")
    results.pop("released")
    return results


def test_batches_and_imports_keep_the_tallies(open_staff_survey, user_for):
    survey: Survey = open_staff_survey
    _drafts(survey, 60)
    rng = random.Random(3)
    report = fieldwork.run_survey_batches(survey, rng)
    assert report.responses == 60 - survey.effective_k
    assert sum(ResultTally.objects.filter(survey=survey).values_list("n", flat=True)) == (
        report.responses
    )
    paper = b"q8_verwacht_signalen\nnee\nnee\nja\nja\nnee\nja\n"
    assert import_responses(survey, paper, "papier.csv", imported_by=user_for("coordinator")).ok
    fieldwork.close_survey(survey, rng)
    n = ResponseSet.objects.filter(survey=survey).count()
    assert n == 66
    tallies = list(ResultTally.objects.filter(survey=survey).values_list("pk", "n"))
    assert sum(t[1] for t in tallies) == n
    assert _page(survey) == _counted(survey)
    assert _page(survey, include_texts=True) == _counted(survey, include_texts=True)
    # The page read the tallies the batches wrote (nothing recounted).
    assert list(ResultTally.objects.filter(survey=survey).values_list("pk", "n")) == tallies
    assert {t.known for t in survey_tallies(survey)} == {
        None,
        f"user:{user_for('coordinator').pk}",
    }


def test_rows_written_without_tallies_are_recounted(open_staff_survey):
    """Rows written some other way (or a changed definition): the tallies do not match, so
    they are rebuilt from the rows before the page is computed."""
    survey: Survey = open_staff_survey
    _drafts(survey, 30)
    fieldwork.close_survey(survey, random.Random(1))
    before = _page(survey)
    ResponseSet.objects.bulk_create(
        ResponseSet(survey=survey, answers=row.answers, department_id=row.department_id)
        for row in ResponseSet.objects.filter(survey=survey)[:7]
    )
    assert _page(survey) == _counted(survey) != before
    assert sum(ResultTally.objects.filter(survey=survey).values_list("n", flat=True)) == 37
    # One tally off by its department (same total): recounted as well.
    tally = ResultTally.objects.filter(survey=survey, department__isnull=False).first()
    ResultTally.objects.filter(pk=tally.pk).update(department=None)
    assert _page(survey) == _counted(survey)
    # A changed definition (e.g. a label): counted again against it.
    survey.definition["pages"][0]["questions"][0]["text"]["nl"] = "Anders"
    survey.save()
    old = set(ResultTally.objects.filter(survey=survey).values_list("definition_hash", flat=True))
    assert _page(survey) == _counted(survey)
    new = set(ResultTally.objects.filter(survey=survey).values_list("definition_hash", flat=True))
    assert len(new) == 1 and new != old


def test_responses_without_tallies_are_counted_on_the_first_read(open_staff_survey):
    """Responses stored before tallies existed (or whose tallies were lost) are counted when
    their results are first read, and not again after that."""
    survey: Survey = open_staff_survey
    _drafts(survey, 25)
    fieldwork.close_survey(survey, random.Random(2))
    ResultTally.objects.all().delete()
    assert _page(survey) == _counted(survey)
    tallies = list(ResultTally.objects.filter(survey=survey).values_list("pk", flat=True))
    assert sum(ResultTally.objects.filter(survey=survey).values_list("n", flat=True)) == 25
    assert _page(survey) == _counted(survey)
    assert list(ResultTally.objects.filter(survey=survey).values_list("pk", flat=True)) == tallies


@pytest.fixture
def fresh_staff_survey(fresh_demo):
    from weerbaar.organisations.models import Organisation
    from weerbaar.surveys import services
    from weerbaar.surveys.models import Questionnaire

    scan = Organisation.objects.get(slug="voorbeeld").scans.order_by("period_start").first()
    questionnaire = Questionnaire.objects.get(key="medewerkers", organisation=None)
    made = services.create_survey(scan=scan, questionnaire=questionnaire, title="Tellingen")
    return services.open_survey(made)


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_tally_versions_are_written_only_with_their_batch(fresh_staff_survey, monkeypatch):
    """Every version of a tally (live or old, read with pageinspect) was written by a
    transaction that wrote final responses (a batch: never a respondent's request), and the
    closing VACUUM removes the old versions."""
    survey = fresh_staff_survey
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    monkeypatch.setattr(fieldwork, "vacuum", lambda *a, **kw: False)  # keep old versions
    before = {(t.block, t.lp, t.xmin) for t in attacker.heap_tuples("surveys_resulttally")}
    rng = random.Random(5)
    for seed in (1, 2):
        _drafts(survey, 20, seed)
        assert fieldwork.run_survey_batches(survey, rng).responses
    fieldwork.close_survey(survey, rng)
    tallies = [
        t
        for t in attacker.heap_tuples("surveys_resulttally")
        if (t.block, t.lp, t.xmin) not in before  # the demo's surveys' tallies
    ]
    responses = attacker.heap_tuples("surveys_responseset")
    assert len(tallies) > ResultTally.objects.filter(survey=survey).count()  # old versions
    assert {t.xmin for t in tallies} <= {r.xmin for r in responses}
    monkeypatch.undo()
    assert fieldwork.vacuum()
    assert len(attacker.heap_tuples("surveys_resulttally")) == ResultTally.objects.count()
