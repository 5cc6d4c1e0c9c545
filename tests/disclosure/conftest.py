"""A closed staff survey with known answers, and an external researcher of Voorbeeld."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from weerbaar.audit.context import acting_as
from weerbaar.organisations.models import Membership, Role
from weerbaar.surveys import services
from weerbaar.surveys.models import Questionnaire, ResponseSet, Survey, SurveyMode, SurveyStatus


def make_survey(scan, responses: list[tuple[dict, object]], *, closed: bool = True) -> Survey:
    with acting_as(None, "test-setup"):
        survey = services.create_survey(
            scan=scan,
            questionnaire=Questionnaire.objects.get(key="medewerkers", organisation=None),
            mode=SurveyMode.PERSONAL,
            title="Openbaarmaking (test)",
        )
        services.open_survey(survey)
    ResponseSet.objects.bulk_create(
        ResponseSet(survey=survey, answers=answers, department=dep, submitted=True)
        for answers, dep in responses
    )
    if closed:
        Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.CLOSED)
    return Survey.objects.select_related("scan__organisation").get(pk=survey.pk)


def staff_rows(
    voorbeeld, n: int, *, texts: int = 0, small_dep: int = 3
) -> list[tuple[dict, object]]:
    """``n`` respondents: most in the first department, ``small_dep`` in the third (< k);
    q8 "ja" for 2 of them (a whole-survey count below k); ``texts`` free texts."""
    deps = list(voorbeeld.departments.all())
    rows = []
    for i in range(n):
        dep = deps[2] if i < small_dep else deps[0] if i % 2 else deps[1]
        answers = {
            "q1_afdeling": str(dep.pk),
            "q8_verwacht_signalen": "ja" if i in (5, 6) else "nee",
        }
        if i < texts:
            answers["q20_opmerkingen"] = f"Opmerking nummer {i} over team Zuid"
        rows.append((answers, dep))
    return rows


@pytest.fixture
def closed_survey(baseline_scan, voorbeeld):
    return make_survey(baseline_scan, staff_rows(voorbeeld, 40, texts=8))


@pytest.fixture
def researcher(voorbeeld):
    user = get_user_model().objects.create_user(
        email="onderzoeker@rekenkamer.demo", password=None, full_name="Onderzoeker"
    )
    Membership.objects.create(user=user, organisation=voorbeeld, role=Role.ONDERZOEKER)
    return user
