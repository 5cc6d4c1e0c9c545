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


def _reads(queries: CaptureQueriesContext) -> list[str]:
    return _statements(queries, "SELECT") + _statements(queries, "WITH")


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
    reads = _reads(queries)
    assert len(reads) == 2, reads  # the link (one statement) and the departments
    assert len(_statements(queries, "UPDATE")) == 1
    draft = ResponseDraft.objects.get(survey=staff_survey)
    assert draft.department_id == department.pk
    assert draft.answers == {"q1_afdeling": str(department.pk)}


@pytest.mark.django_db
def test_the_departments_of_a_respondent_are_those_of_the_organisation_in_order(
    personal_link, voorbeeld
):
    _invitation, token = personal_link
    Respondent(token).start()
    found = pageload.resolve_personal_link(token)
    assert found.departments == list(voorbeeld.departments.all())
    assert [d.name for d in found.departments] == [d.name for d in voorbeeld.departments.all()]


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
@pytest.mark.parametrize("with_organisation", [False, True])
def test_the_fast_path_builds_the_same_instances_as_the_orm(
    respondent, personal_link, with_organisation
):
    """The page's statement leaves the scan and organisation to load on first use; the
    intro page's reads them too. Either way the instances equal the ORM's."""
    invitation, token = personal_link
    found = pageload.resolve_personal_link(token, with_organisation=with_organisation)
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


@pytest.mark.django_db
def test_the_last_page_and_the_submit_are_one_write(respondent, staff_survey):
    """Submitting saves the last page's answers and marks the draft ready in one statement;
    sent back to an unanswered page, the last page's answers are kept."""
    from .test_answering import answer_everything

    last = page_index(staff_survey, "afsluiting")
    early = respondent.post_page(last, action="submit", q20_opmerkingen="Eerst dit")
    assert "check=1" in early["Location"]
    draft = ResponseDraft.objects.get(survey=staff_survey)
    assert not draft.ready and draft.answers["q20_opmerkingen"] == "Eerst dit"
    answer_everything(respondent, staff_survey)
    with CaptureQueriesContext(connection) as queries:
        resp = respondent.post_page(last, action="submit", q20_opmerkingen="Prima")
    assert resp["Location"] == respondent.url("thanks")
    assert len(_reads(queries)) == 1 and len(_statements(queries, "UPDATE")) == 1
    draft.refresh_from_db()
    assert draft.ready and draft.answers["q20_opmerkingen"] == "Prima"
    assert draft.last_page == last


def _plan_nodes(node: dict):
    yield node
    for child in node.get("Plans", []):
        yield from _plan_nodes(child)


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db
def test_the_link_read_touches_only_its_own_rows_without_statistics(staff_survey):
    """Right after thousands of invitations are sent the tables have no statistics yet; the
    page's read must still find the invitation and the draft by their own keys, not walk
    the survey's invitations (which made every page slower the larger the survey)."""
    import json

    from weerbaar.surveys import services
    from weerbaar.surveys.tokens import invitation_token_hash, response_resume_hash

    tokens = [services.new_invitation(staff_survey)[1] for _ in range(400)]
    for token in tokens:
        ResponseDraft.objects.create(survey=staff_survey, resume_hash=response_resume_hash(token))
    token = tokens[-1]
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (ANALYZE, FORMAT JSON) " + pageload._statement(pageload.PAGE_PARTS),
            [invitation_token_hash(token), response_resume_hash(token)],
        )
        raw = cursor.fetchone()[0]
    plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
    nodes = list(_plan_nodes(plan))
    assert plan["Actual Rows"] == 1
    assert all(n.get("Rows Removed by Filter", 0) == 0 for n in nodes), nodes
    scanned = {n.get("Relation Name") for n in nodes if n.get("Relation Name")}
    assert {"surveys_invitation", "surveys_responsedraft"} <= scanned
