"""The department of a response follows question 1 without a query on every page."""

from __future__ import annotations

import pytest

from weerbaar.surveys import questionnaire as qn
from weerbaar.surveys import respondents

pytestmark = pytest.mark.django_db


@pytest.fixture
def definition():
    return qn.load_file(qn.CONTENT_DIR / "medewerkers.yaml")


def test_unchanged_department_needs_no_query(
    definition, staff_survey, voorbeeld, django_assert_num_queries
):
    question = qn.department_question(definition)
    first, second = list(voorbeeld.departments.all()[:2])
    answers = {question["id"]: str(first.pk)}
    scan_id = staff_survey.scan_id
    with django_assert_num_queries(0):
        assert respondents._department_of(definition, answers, scan_id, first.pk) == first.pk
    with django_assert_num_queries(1):
        changed = {question["id"]: str(second.pk)}
        assert respondents._department_of(definition, changed, scan_id, first.pk) == second.pk


def test_department_of_another_organisation_is_not_taken(definition, staff_survey, oosterveld):
    question = qn.department_question(definition)
    foreign = oosterveld.departments.first()
    answers = {question["id"]: str(foreign.pk)}
    assert respondents._department_of(definition, answers, staff_survey.scan_id, None) is None
