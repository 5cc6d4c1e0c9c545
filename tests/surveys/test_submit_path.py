"""The page-submit path: the work per submit, and that the shortcuts change nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models.signals import post_init, pre_init
from django.test.utils import CaptureQueriesContext
from hypothesis import given

from weerbaar.surveys import pageload, routing
from weerbaar.surveys.models import Invitation, ResponseDraft, Survey

from .test_answering import Respondent, page_index, stored
from .test_routing import definition_and_answers


@pytest.fixture
def respondent(personal_link):
    _invitation, token = personal_link
    r = Respondent(token)
    r.start()
    return r


def _statements(queries: CaptureQueriesContext, verb: str) -> list[str]:
    return [
        q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(verb)
    ]


@pytest.mark.django_db
def test_the_department_page_looks_the_department_up_in_the_list_it_shows(
    respondent, staff_survey, voorbeeld
):
    """The page that asks for the department reads the organisation's departments once:
    the answer is checked against that list, without a second lookup."""
    department = voorbeeld.departments.order_by("pk").last()
    respondent.client.get(respondent.url("page"))  # the questionnaire is now cached
    with CaptureQueriesContext(connection) as queries:
        resp = respondent.post_page(0, q1_afdeling=str(department.pk))
    assert resp.status_code == 302
    reads = _statements(queries, "SELECT")
    assert len(reads) == 2, reads  # the link (one statement) and the departments
    assert len(_statements(queries, "UPDATE")) == 1
    draft = ResponseDraft.objects.get(survey=staff_survey)
    assert draft.department_id == department.pk
    assert draft.answers == {"q1_afdeling": str(department.pk)}


@pytest.mark.django_db
def test_a_department_of_another_organisation_is_refused_on_the_page(
    respondent, staff_survey, oosterveld
):
    foreign = oosterveld.departments.first()
    resp = respondent.post_page(0, q1_afdeling=str(foreign.pk))
    assert resp.status_code == 200  # shown again with an error
    draft = ResponseDraft.objects.get(survey=staff_survey)
    assert draft.department_id is None and draft.answers == {}


@pytest.mark.django_db
def test_the_fast_path_builds_the_same_instances_as_the_orm(respondent, personal_link):
    invitation, token = personal_link
    found = pageload.resolve_personal_link(token)
    assert not any(
        signal.has_listeners(model)
        for signal in (pre_init, post_init)
        for model in pageload.FAST_MODELS
    )
    survey = Survey.objects.select_related("scan__organisation").get(pk=invitation.survey_id)
    for field in Survey._meta.concrete_fields:
        assert getattr(found.survey, field.attname) == getattr(survey, field.attname), field
    organisation = survey.scan.organisation
    assert found.survey.scan.organisation.name == organisation.name
    assert found.survey.scan.organisation.logo == organisation.logo  # deferred, loads on use
    draft = ResponseDraft.objects.get(survey=survey)
    assert (found.draft.pk, found.draft.answers, found.draft.ready) == (
        draft.pk,
        draft.answers,
        draft.ready,
    )
    assert found.invitation.pk == invitation.pk
    assert found.invitation.email == Invitation.objects.get(pk=invitation.pk).email
    assert found.draft._state.adding is False and found.draft._state.db == "default"


@pytest.mark.django_db
def test_the_last_page_submits_and_a_closed_survey_refuses_it(respondent, staff_survey):
    """The submit's update only takes a draft while the field period runs."""
    from weerbaar.surveys import services

    last = len(staff_survey.definition["pages"]) - 1
    resp = respondent.post_page(last, action="submit")
    # Required questions on earlier pages are still open: back to the first of them.
    assert resp.status_code == 302 and "check=1" in resp["Location"]
    assert not ResponseDraft.objects.get(survey=staff_survey).ready
    draft = ResponseDraft.objects.get(survey=staff_survey)
    draft.survey = staff_survey
    services.close_survey(staff_survey)
    from weerbaar.surveys.respondents import LinkProblem, submit_response

    with pytest.raises(LinkProblem):
        submit_response(draft)


@pytest.mark.django_db
def test_answers_of_a_page_reach_the_draft(respondent, staff_survey):
    page = page_index(staff_survey, "signalen_maatschappij")
    respondent.post_page(page, q3_verdacht_gezien="nee")
    assert stored(staff_survey)["q3_verdacht_gezien"] == "nee"


@given(definition_and_answers)
def test_merging_returns_the_questions_shown_for_the_merged_answers(case):
    definition, answers = case
    for page in range(len(definition["pages"])):
        on_page = {q["id"] for q in definition["pages"][page]["questions"]}
        page_answers = {k: v for k, v in answers.items() if k in on_page}
        merged, visible = routing.merge_page_visible(definition, {}, page, page_answers)
        assert merged == routing.merge_page(definition, {}, page, page_answers)
        assert visible == set(routing.visible_questions(definition, merged))
        sequence = routing.pages_with(definition, visible)
        assert sequence == routing.page_sequence(definition, merged)
        assert routing.page_after(sequence, page) == routing.next_page(definition, merged, page)
