"""The benchmarks' data: a municipality with a scan and a large employee survey."""

from __future__ import annotations

import datetime
import random
import time
from typing import Any


def build_municipality(n_respondents: int, seed: int = 2026):
    """A fresh municipality with a scan and an employee survey of ``n_respondents``."""
    from django.db import transaction

    from weerbaar.library.loader import load_shipped, require_current_version
    from weerbaar.organisations.demo import DEPARTMENTS
    from weerbaar.organisations.models import Department, Organisation
    from weerbaar.scans.services import create_scan
    from weerbaar.surveys import routing, services
    from weerbaar.surveys.demo import staff_answers
    from weerbaar.surveys.models import ResponseSet

    rng = random.Random(seed)
    with transaction.atomic():
        load_shipped()
        suffix = f"{int(time.time())}{rng.randrange(10**6)}"
        org = Organisation.objects.create(
            name=f"Gemeente Benchdam {suffix}", slug=f"benchdam-{suffix}"
        )
        Department.objects.bulk_create(
            Department(organisation=org, name=name, position=i)
            for i, name in enumerate(DEPARTMENTS)
        )
        today = datetime.date.today()
        scan = create_scan(
            organisation=org,
            title="Benchmark-scan",
            library_version=require_current_version(),
            period_start=today - datetime.timedelta(days=30),
            period_end=today + datetime.timedelta(days=60),
            created_by=None,
            description="",
        )
        shipped = {q.key: q for q in services.install_shipped_questionnaires()}
        survey = services.create_survey(
            scan=scan, questionnaire=shipped["medewerkers"], title="Enquête medewerkers (bench)"
        )
        survey = services.open_survey(survey)
        departments = list(org.departments.all())
        by_pk = {str(d.pk): d for d in departments}
        answers = staff_answers(rng, n_respondents, departments) if n_respondents else []
        batch = []
        for a in answers:
            cleaned = routing.clean_answers(survey.definition, a)
            batch.append(
                ResponseSet(
                    survey=survey,
                    answers=cleaned,
                    department=by_pk.get(str(cleaned.get("q1_afdeling"))),
                    submitted=True,
                    submitted_on=today,
                )
            )
            if len(batch) >= 2000:
                _store(batch)
                batch = []
        _store(batch)
    return org, scan, survey


def _store(batch: list[Any]) -> None:
    """Write final responses as the batches of the field period do (with their tallies)."""
    from weerbaar.surveys.models import ResponseSet
    from weerbaar.surveys.results.stored import add_responses

    if batch:
        ResponseSet.objects.bulk_create(batch)
        add_responses(batch[0].survey, [(r.answers, r.department_id, None) for r in batch])
