"""The demo municipality's closed surveys."""

from __future__ import annotations

from collections import Counter

from weerbaar.surveys import routing
from weerbaar.surveys.models import Invitation, ResponseSet, Survey, SurveyStatus


def test_voorbeeld_has_closed_staff_and_council_surveys(baseline_scan):
    surveys = {s.audience: s for s in Survey.objects.filter(scan=baseline_scan)}
    assert surveys["staff"].status == SurveyStatus.CLOSED
    assert surveys["council"].status == SurveyStatus.CLOSED
    staff = surveys["staff"].responses.filter(submitted=True)
    assert staff.count() == 40  # small size in tests
    assert surveys["council"].responses.filter(submitted=True).count() == 18
    invitations = Invitation.objects.filter(survey=surveys["staff"])
    assert invitations.filter(state="submitted").count() == 40
    assert round(100 * 40 / invitations.count()) == 34
    assert not invitations.exclude(email=None).exists()


def test_demo_responses_respect_routing_and_store_no_resume_hash(baseline_scan):
    for response in ResponseSet.objects.filter(survey__scan=baseline_scan):
        definition = response.survey.definition
        assert routing.clean_answers(definition, response.answers) == response.answers
        assert not hasattr(response, "resume_hash") and response.submitted_on


def test_council_demo_reproduces_the_published_counts(baseline_scan):
    survey = Survey.objects.get(scan=baseline_scan, audience="council")
    answers = [r.answers for r in survey.responses.all()]

    def count(qid):
        return Counter(a.get(qid) for a in answers)

    assert count("r1_beinvloeding")["nee"] == 16  # C2: 2 influenced
    assert count("r7_collega_vermoeden")["ja_meerdere"] == 3  # C7
    assert count("r7_collega_vermoeden")["ja_een"] == 2
    assert count("r7_collega_vermoeden")["liever_niet"] == 2  # C6
    assert count("r13_aandacht") == {"nee": 8, "weet_niet": 10}  # C15–C17
    assert count("r16_geholpen") == {"ja": 1, "nee": 11, "weet_niet": 6}  # C18–C20
    r19 = count("r19_aannemelijk")
    assert r19["zeer_eens"] + r19["eens"] == 8 and r19["weet_niet"] == 6  # C12–C14
    r18b = [a["r18_cijfers"]["b"] for a in answers]
    assert round(sum(r18b) / 18, 1) == 6.2  # C22
    r8 = [a["r8_gedaan"] for a in answers if "r8_gedaan" in a]
    assert len(r8) == 5 and not any("zelf_besproken" in x for x in r8)  # C8
    assert sum("griffier" in x for x in r8) == 2 and sum("burgemeester" in x for x in r8) == 1


def test_staff_demo_is_shaped_after_the_published_figures(baseline_scan):
    survey = Survey.objects.get(scan=baseline_scan, audience="staff")
    answers = [r.answers for r in survey.responses.all()]
    n = len(answers)
    q8_yes = [a for a in answers if a["q8_verwacht_signalen"] == "ja"]
    assert round(100 * len(q8_yes) / n) == 30  # E1
    grades = [a["q18_cijfers"]["a"] for a in answers]
    assert round(sum(grades) / n, 1) == 7.4  # E5
    assert all("q9_stellingen_risico" in a for a in q8_yes)


def test_the_demo_has_an_open_survey_with_response_counts_only(voorbeeld, client_for):
    from django.urls import reverse

    from weerbaar.surveys.fieldwork import results_released
    from weerbaar.surveys.models import ResponseDraft

    survey = Survey.objects.get(scan__organisation=voorbeeld, title="Pulsmeting medewerkers")
    assert survey.status == SurveyStatus.OPEN and not results_released(survey)
    assert survey.responses.count() == 7  # one batch of the worker (12 ready, 5 kept back)
    assert ResponseDraft.objects.filter(survey=survey).count() == 8
    assert Invitation.objects.filter(survey=survey, state="submitted").count() == 7
    client = client_for("coordinator")
    kwargs = {"org": voorbeeld.slug, "survey_id": survey.pk}
    page = client.get(reverse("survey_results:results", kwargs=kwargs)).content.decode()
    assert "verschijnen zodra het veldwerk is gesloten" in page
    for closed in Survey.objects.filter(scan__organisation=voorbeeld).exclude(pk=survey.pk):
        assert closed.status == SurveyStatus.CLOSED and results_released(closed)
