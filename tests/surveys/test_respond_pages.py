"""Respondent pages: a page number and progress bar that never go back while answering
forward, an intro that says who asks and until when, a text field for "Andere", and the
page's data read in one query."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings

from weerbaar.surveys import pageload, routing
from weerbaar.surveys import questionnaire as qn
from weerbaar.surveys.models import ResponseDraft

from .test_answering import Respondent, page_index, stored
from .test_routing import DEFINITIONS, definition_and_answers


@pytest.fixture
def respondent(personal_link):
    _invitation, token = personal_link
    r = Respondent(token)
    r.start()
    return r


def forward_walk(definition: dict, answers: dict) -> list[tuple[int, int, int]]:
    """(page, x, percent) as shown on each page of a respondent answering forward."""
    shown = []
    stored_answers: dict = {}
    page: int | None = routing.page_sequence(definition, stored_answers)[0]
    while page is not None:
        x, percent = routing.progress(definition, stored_answers, page)
        shown.append((page, x, percent))
        on_page = routing.visible_on_page(definition, page, stored_answers)
        page_answers = {q["id"]: answers[q["id"]] for q in on_page if q["id"] in answers}
        stored_answers = routing.merge_page(definition, stored_answers, page, page_answers)
        page = routing.next_page(definition, stored_answers, page)
    return shown


@settings(max_examples=150, deadline=None)
@given(definition_and_answers)
def test_progress_never_goes_back_while_answering_forward(case):
    definition, answers = case
    walk = forward_walk(definition, answers)
    percents = [p for _page, _x, p in walk]
    assert percents == sorted(percents)
    assert percents[-1] == 100
    assert [x for _page, x, _p in walk] == list(range(1, len(walk) + 1))


def test_the_old_page_total_grew_while_answering_and_the_progress_does_not():
    """The case of the issue: "Pagina 2 van 8" became "van 15" on later pages."""
    definition = DEFINITIONS["medewerkers"]
    opening = {"q3_verdacht_gezien": "ja"}  # opens the pages with Q4-Q7 on the next page
    page = next(i for i, p in enumerate(definition["pages"]) if p["id"] == "signalen_maatschappij")
    before = routing.merge_page(definition, {}, page, {})
    after = routing.merge_page(definition, {}, page, opening)
    assert (
        routing.page_position(definition, after, page)[1]
        > routing.page_position(definition, before, page)[1]
    )  # the old "van y" grows
    assert routing.progress(definition, after, page) == routing.progress(definition, before, page)


def test_the_page_shows_its_number_and_a_progress_bar(respondent, staff_survey, voorbeeld):
    r = respondent
    first = r.client.get(r.url("page")).content.decode()
    assert '<p id="survey-progress-label">Pagina 1 van ten hoogste ' in first
    department = voorbeeld.departments.first()
    resp = r.post_page(0, q1_afdeling=str(department.pk))
    second = r.client.get(resp["Location"]).content.decode()
    values = [int(v) for v in re.findall(r'<progress max="100" value="(\d+)"', first + second)]
    assert len(values) == 2 and 0 < values[0] < values[1] < 100


def test_the_intro_names_the_organisation_and_the_closing_date(personal_link, staff_survey):
    import datetime

    from django.utils import timezone

    staff_survey.closes_at = timezone.now() + datetime.timedelta(days=30)
    staff_survey.save()
    _invitation, token = personal_link
    r = Respondent(token)
    body = r.client.get(r.url()).content.decode()
    assert staff_survey.scan.organisation.name in body
    assert "Invullen kan tot" in body
    assert str(timezone.localtime(staff_survey.closes_at).year) in body
    assert "Over dit onderzoek" in body


# ----------------------------------------------------------------------------- "Andere"


def test_other_gets_a_text_field_whose_text_is_kept_with_the_answer(respondent, staff_survey):
    r = respondent
    page = r.client.get(r.url("page")).content.decode()
    assert 'name="q-q1_afdeling-other"' in page
    assert "Andere, namelijk:" in page
    resp = r.client.post(
        r.url("page"),
        {"page": 0, "action": "next", "q-q1_afdeling": "andere", "q-q1_afdeling-other": " Stad  "},
    )
    assert resp.status_code == 302
    assert stored(staff_survey) == {"q1_afdeling": "andere", "q1_afdeling:other": "Stad"}
    again = r.client.get(r.url("page") + "?p=0").content.decode()
    assert 'value="Stad"' in again


def test_a_text_without_choosing_other_is_refused_and_kept(respondent, staff_survey, voorbeeld):
    r = respondent
    department = voorbeeld.departments.first()
    resp = r.client.post(
        r.url("page"),
        {
            "page": 0,
            "action": "next",
            "q-q1_afdeling": str(department.pk),
            "q-q1_afdeling-other": "Stad",
        },
    )
    assert resp.status_code == 200
    body = resp.content.decode()
    assert "Kies “Andere” als u hier iets invult" in body
    assert 'value="Stad"' in body  # nothing typed is lost


def test_choosing_something_else_drops_the_other_text(respondent, staff_survey, voorbeeld):
    r = respondent
    r.client.post(
        r.url("page"),
        {"page": 0, "action": "next", "q-q1_afdeling": "andere", "q-q1_afdeling-other": "Stad"},
    )
    department = voorbeeld.departments.first()
    r.post_page(0, q1_afdeling=str(department.pk))
    assert stored(staff_survey) == {"q1_afdeling": str(department.pk)}


def test_other_text_follows_the_routing_rules():
    definition = DEFINITIONS["medewerkers"]
    kept = routing.clean_answers(definition, {"q1_afdeling": "andere", "q1_afdeling:other": "Stad"})
    assert kept == {"q1_afdeling": "andere", "q1_afdeling:other": "Stad"}
    assert routing.clean_answers(definition, {"q1_afdeling": "11", "q1_afdeling:other": "x"}) == {
        "q1_afdeling": "11"
    }
    assert routing.clean_answers(definition, {"q1_afdeling:other": "x"}) == {}
    assert routing.clean_answers(definition, {"q1_afdeling": "andere", "q2:other": "x"}) == {
        "q1_afdeling": "andere"
    }


def test_other_is_refused_on_a_question_type_without_options():
    text = (qn.CONTENT_DIR / "medewerkers.yaml").read_text()
    assert "other: true" in text
    data, node, errors = qn.parse_text(text, "m.yaml")
    assert not errors
    question = data["pages"][0]["questions"][0]
    question["type"] = "text"
    question.pop("options_from")
    errors = qn.validate(data, node, "m.yaml")
    assert errors


# ----------------------------------------------------------------------------- one query


def test_a_page_submit_reads_its_data_in_one_query(respondent, staff_survey, voorbeeld):
    """One read (invitation, survey, draft; the organisation is not needed past the
    department question) and one write."""
    r = respondent
    department = voorbeeld.departments.first()
    r.post_page(0, q1_afdeling=str(department.pk))
    rows = {f"q2_gedragslijnen__{x}": "ken_duidelijk" for x in "abcdefg"}
    r.post_page(1, **rows)  # the definition is now cached in this process
    with CaptureQueriesContext(connection) as queries:
        resp = r.post_page(
            page_index(staff_survey, "signalen_maatschappij"), q3_verdacht_gezien="nee"
        )
    assert resp.status_code == 302
    sql = [q["sql"] for q in queries.captured_queries]
    reads = [s for s in sql if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    writes = [s for s in sql if s.lstrip().upper().startswith("UPDATE")]
    assert len(reads) == 1 and len(writes) == 1, sql
    assert "organisations_organisation" not in reads[0] and "scans_scan" not in reads[0]


def test_the_fast_path_sees_a_changed_questionnaire(personal_link, staff_survey):
    _invitation, token = personal_link
    r = Respondent(token)
    r.start()
    first = pageload.resolve_personal_link(token)
    assert first.survey.definition == staff_survey.definition
    staff_survey.definition["title"] = {"nl": "Nieuwe titel", "en": "New title"}
    staff_survey.save()
    again = pageload.resolve_personal_link(token)
    assert again.survey.definition["title"]["nl"] == "Nieuwe titel"
    assert again.draft is not None and again.survey.scan.organisation is not None


@pytest.mark.parametrize("state", ["submitted", "closed", "unknown"])
def test_the_fast_path_leaves_every_problem_to_the_general_rules(
    personal_link, staff_survey, state
):
    from weerbaar.surveys import services
    from weerbaar.surveys.respondents import LinkProblem

    _invitation, token = personal_link
    r = Respondent(token)
    r.start()
    if state == "submitted":
        ResponseDraft.objects.filter(survey=staff_survey).update(ready=True)
    elif state == "closed":
        services.close_survey(staff_survey)
    else:
        token = token[:-2] + "xx"
    with pytest.raises(LinkProblem) as problem:
        pageload.resolve_personal_link(token)
    assert problem.value.reason == state


def test_every_option_that_promises_a_text_field_has_one():
    """An option labelled "..., namelijk" shows its text field (``other: true``); an option
    whose text is asked on a later page says so instead of promising a field."""
    for name, definition in DEFINITIONS.items():
        for question in qn.iter_questions(definition):
            for option in question.get("options", []):
                label = option["label"]["nl"].lower()
                if "namelijk" in label:
                    assert option.get("other"), (name, question["id"], option["value"])
