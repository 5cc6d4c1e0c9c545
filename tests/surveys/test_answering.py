"""Answering through a personal or open link: pages, validation, resume, submit once."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from weerbaar.surveys import services
from weerbaar.surveys.models import Invitation, InvitationState, ResponseDraft, ResponseSet


def page_index(survey, page_id: str) -> int:
    return next(i for i, p in enumerate(survey.definition["pages"]) if p["id"] == page_id)


class Respondent:
    """A browser answering a personal link."""

    def __init__(self, token: str, client: Client | None = None):
        self.client = client or Client()
        self.token = token

    def url(self, name: str = "intro") -> str:
        return reverse(f"respond:personal_{name}", kwargs={"token": self.token})

    def start(self):
        return self.client.post(self.url())

    def post_page(self, page: int, action: str = "next", **fields):
        data = {"page": page, "action": action}
        data.update({f"q-{k}".replace("__", "-"): v for k, v in fields.items()})
        return self.client.post(self.url("page"), data)


@pytest.fixture
def respondent(personal_link):
    _invitation, token = personal_link
    r = Respondent(token)
    r.start()
    return r


def stored(survey) -> dict:
    return ResponseDraft.objects.get(survey=survey).answers


def test_intro_shows_the_questionnaire_and_starting_creates_a_response(personal_link):
    invitation, token = personal_link
    r = Respondent(token)
    page = r.client.get(r.url())
    assert page.status_code == 200
    assert "Weerbaarheid medewerkers tegen ondermijning" in page.content.decode()
    # Merely opening the link (e.g. a mail scanner) starts nothing.
    assert not ResponseDraft.objects.filter(survey=invitation.survey).exists()
    response = r.start()
    assert response.status_code == 302 and response["Location"] == r.url("page")
    # Starting writes only the draft; the state follows in a batch of the worker.
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.NOT_STARTED
    assert ResponseDraft.objects.filter(survey=invitation.survey).count() == 1
    first = r.client.get(r.url("page"))
    body = first.content.decode()
    assert "Pagina 1 van " in body
    assert "Bij welke afdeling bent u werkzaam?" in body
    assert "Vorige" not in body  # first page


def test_pages_follow_routing_and_show_the_page_number(respondent, staff_survey, voorbeeld):
    department = voorbeeld.departments.first()
    r = respondent
    resp = r.post_page(0, q1_afdeling=str(department.pk))
    assert resp.status_code == 302
    page = r.client.get(resp["Location"])
    assert "Pagina 2 van " in page.content.decode()
    rows = {f"q2_gedragslijnen__{x}": "ken_duidelijk" for x in "abcdefg"}
    r.post_page(1, **rows)
    resp = r.post_page(2, q3_verdacht_gezien="nee")
    # Q3 = nee: the pages with Q4–Q7 are skipped, the next page holds Q8.
    assert resp["Location"].endswith(f"?p={page_index(staff_survey, 'verwachting')}")
    answers = stored(staff_survey)
    assert answers["q1_afdeling"] == str(department.pk)
    assert ResponseDraft.objects.get(survey=staff_survey).department == department


def test_an_answer_outside_the_options_is_refused_and_the_page_keeps_the_rest(
    respondent, staff_survey
):
    r = respondent
    r.post_page(0, q1_afdeling="andere")
    fields = {f"q2_gedragslijnen__{x}": "ken_duidelijk" for x in "abcdef"}
    fields["q2_gedragslijnen__g"] = "hacked"
    resp = r.post_page(1, **fields)
    assert resp.status_code == 200
    body = resp.content.decode()
    assert "Kies bij elk onderdeel een van de getoonde antwoorden" in body
    assert body.count("checked") == 6  # the six valid rows are still ticked
    assert "q2_gedragslijnen" not in stored(staff_survey)


def test_text_over_its_maximum_is_refused_with_the_text_kept(respondent, staff_survey):
    r = respondent
    r.post_page(0, q1_afdeling="andere")
    r.post_page(1, **{f"q2_gedragslijnen__{x}": "weet_bestaat" for x in "abcdefg"})
    r.post_page(2, q3_verdacht_gezien="ja")
    page = page_index(staff_survey, "signalen_opvolging")
    long_text = "x" * 2001
    resp = r.post_page(page, q4_verdachte_feiten=long_text, q5_signalen_gedaan=["politie"])
    assert resp.status_code == 200
    body = resp.content.decode()
    assert "ten hoogste 2000 tekens" in body
    assert long_text in body
    assert 'value="politie" checked' in body
    assert "q4_verdachte_feiten" not in stored(staff_survey)


def test_required_question_and_exclusive_option(respondent, staff_survey):
    r = respondent
    resp = r.post_page(0)
    assert resp.status_code == 200 and "Beantwoord deze vraag" in resp.content.decode()
    r.post_page(0, q1_afdeling="andere")
    r.post_page(1, **{f"q2_gedragslijnen__{x}": "weet_bestaat" for x in "abcdefg"})
    r.post_page(2, q3_verdacht_gezien="ja")
    page = page_index(staff_survey, "signalen_opvolging")
    resp = r.post_page(page, q5_signalen_gedaan=["niets", "politie"])
    assert resp.status_code == 200
    assert "niet combineren" in resp.content.decode()


def test_a_tampered_page_index_or_department_is_harmless(respondent, staff_survey, oosterveld):
    r = respondent
    resp = r.post_page(999, q1_afdeling="andere")
    assert resp.status_code == 302
    other = oosterveld.departments.first()
    resp = r.post_page(0, q1_afdeling=str(other.pk))
    assert resp.status_code == 200
    assert "Kies een van de getoonde antwoorden" in resp.content.decode()


def answer_everything(r: Respondent, survey, q3="nee", q8="nee") -> None:
    r.post_page(0, q1_afdeling="liever_niet")
    r.post_page(1, **{f"q2_gedragslijnen__{x}": "ken_duidelijk" for x in "abcdefg"})
    r.post_page(2, q3_verdacht_gezien=q3)
    r.post_page(page_index(survey, "verwachting"), q8_verwacht_signalen=q8)
    r.post_page(page_index(survey, "druk"), q11_onaanvaardbare_druk="nee")
    r.post_page(page_index(survey, "collega"), q15_collega_niet_integer="nee")
    fields = {"q18_cijfers__a": "8", "q18_cijfers__b": "6"}
    fields.update({f"q19_integriteit__{x}": "eens" for x in "abcdefgh"})
    r.post_page(page_index(survey, "bewustzijn_integriteit"), **fields)


def test_resume_through_the_same_link_and_submit_once(personal_link, staff_survey):
    invitation, token = personal_link
    first = Respondent(token)
    first.start()
    answer_everything(first, staff_survey)
    # The browser is closed; a new browser with the same link continues.
    second = Respondent(token)
    intro = second.client.get(second.url())
    assert "Verder gaan" in intro.content.decode()
    page = second.client.get(second.url("page"))
    last = page_index(staff_survey, "afsluiting")
    assert page.context["page_index"] == last
    assert "Verzenden" in page.content.decode()
    resp = second.post_page(last, action="submit", q20_opmerkingen="Prima")
    assert resp.status_code == 302 and resp["Location"] == second.url("thanks")
    thanks = second.client.get(resp["Location"])
    assert "Bedankt voor uw deelname" in thanks.content.decode()
    # A double submit (the first browser still had the page open) changes nothing.
    again = first.post_page(last, action="submit", q20_opmerkingen="Nog een keer")
    assert again.status_code == 200
    assert "al ingevuld" in again.content.decode()
    # Submitting marks the draft ready; nothing else is written until the worker's batch.
    draft = ResponseDraft.objects.get(survey=staff_survey)
    assert draft.ready and draft.answers["q20_opmerkingen"] == "Prima"
    assert not ResponseSet.objects.filter(survey=staff_survey).exists()
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.NOT_STARTED
    # Closing writes the last batch: the final response, without any hash.
    services.close_survey(staff_survey)
    response = ResponseSet.objects.get(survey=staff_survey)
    assert response.submitted and response.answers["q20_opmerkingen"] == "Prima"
    assert not hasattr(response, "resume_hash")
    assert response.submitted_on == timezone.localdate()
    assert not ResponseDraft.objects.filter(survey=staff_survey).exists()
    # One response is fewer than k: its invitation's state is not applied (it would name it).
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.NOT_STARTED
    assert ResponseSet.objects.filter(survey=staff_survey).count() == 1


def test_submit_with_a_skipped_required_page_goes_back_to_it(respondent, staff_survey):
    r = respondent
    r.post_page(0, q1_afdeling="andere")
    last = page_index(staff_survey, "afsluiting")
    resp = r.post_page(last, action="submit")
    # The last page is reachable only after the earlier ones; the respondent is sent back.
    assert resp.status_code == 302
    assert not ResponseDraft.objects.get(survey=staff_survey).ready


def test_previous_keeps_valid_answers_without_requiring_the_page(respondent, staff_survey):
    r = respondent
    r.post_page(0, q1_afdeling="andere")
    resp = r.post_page(1, action="previous", q2_gedragslijnen__a="ken_duidelijk")
    assert resp["Location"].endswith("?p=0")
    assert stored(staff_survey)["q2_gedragslijnen"] == {"a": "ken_duidelijk"}


@pytest.mark.parametrize("token", ["onbekend", "x" * 43, "%2E%2E", "a" * 500, "<script>"])
def test_unknown_or_tampered_links_reveal_nothing(token, staff_survey):
    client = Client()
    for name in ("intro", "page", "thanks"):
        resp = client.get(reverse(f"respond:personal_{name}", kwargs={"token": token}))
        assert resp.status_code == 404
        body = resp.content.decode()
        assert "Deze link werkt niet" in body
        assert "Voorbeeld" not in body and "medewerkers" not in body.lower()


def test_closed_and_not_yet_open_links(personal_link, staff_survey):
    invitation, token = personal_link
    r = Respondent(token)
    staff_survey.opens_at = timezone.now() + datetime.timedelta(days=2)
    staff_survey.save()
    resp = r.client.get(r.url())
    assert resp.status_code == 200 and "nog niet geopend" in resp.content.decode()
    assert r.start().status_code == 200
    assert not ResponseDraft.objects.filter(survey=staff_survey).exists()
    staff_survey.opens_at = timezone.now() - datetime.timedelta(days=1)
    staff_survey.save()
    r.start()
    services.close_survey(staff_survey)
    for name in ("intro", "page"):
        resp = r.client.get(r.url(name))
        assert resp.status_code == 410 and "gesloten" in resp.content.decode()
    resp = r.post_page(0, q1_afdeling="andere")
    assert resp.status_code == 410
    invitation.refresh_from_db()
    assert invitation.email is None


def test_english_respondent_gets_english_texts_and_messages(respondent):
    r = respondent
    r.client.cookies["django_language"] = "en"
    resp = r.post_page(0)
    body = resp.content.decode()
    assert "In which department do you work?" in body


class OpenRespondent:
    def __init__(self, survey):
        self.client = Client()
        self.code = survey.open_code

    def url(self, name: str = "intro") -> str:
        return reverse(f"respond:open_{name}", kwargs={"code": self.code})

    def start(self):
        intro = self.client.get(self.url())
        return self.client.post(self.url(), {"nonce": intro.context["nonce"]}), intro


def council_pages(survey):
    return {p["id"]: i for i, p in enumerate(survey.definition["pages"])}


def test_open_link_flow_and_protection_against_repeated_submissions(council_open_survey):
    survey = council_open_survey
    r = OpenRespondent(survey)
    resp, intro = r.start()
    assert resp.status_code == 302
    # Replaying the same start form does not create a second response.
    replay = Client().post(r.url(), {"nonce": intro.context["nonce"]})
    assert replay.status_code == 200 and "al gebruikt" in replay.content.decode()
    forged = Client().post(r.url(), {"nonce": "forged"})
    assert forged.status_code == 200
    assert ResponseDraft.objects.filter(survey=survey).count() == 1
    pages = council_pages(survey)

    def post(page_id, action="next", **fields):
        data = {"page": pages[page_id], "action": action}
        data.update({f"q-{k}".replace("__", "-"): v for k, v in fields.items()})
        return r.client.post(r.url("page"), data)

    post("eigen_ervaringen", r1_beinvloeding="ja_enkele")
    post("beinvloeding_opvolging", r3_gedaan=["griffier"])
    resp = post("beinvloeding_steun", r5_steun="nee")
    assert resp["Location"].endswith(f"?p={pages['steun_toelichting']}")
    post("steun_toelichting", r6_geen_steun="Niets gehoord")
    post("collega_raadsleden", r7_collega_vermoeden="nee")
    post("infiltratie", r10_infiltratie="nee")
    post("maatregelen", r12_protocol="ken_niet", r13_aandacht="weet_niet")
    post("steun_raad", r16_geholpen="nee")
    post("weerbaarheid", r18_cijfers__a="8", r18_cijfers__b="6", r19_aannemelijk="eens")
    resp = post("afsluiting", action="submit")
    assert resp["Location"] == r.url("thanks")
    response = ResponseDraft.objects.get(survey=survey)
    assert response.ready
    assert response.answers["r6_geen_steun"] == "Niets gehoord"
    assert "r5a_steun_inhoud" not in response.answers
    # The same browser cannot start again.
    again = r.client.get(r.url())
    assert "al ingevuld" in again.content.decode()
    assert r.client.post(r.url(), {"nonce": "x"}).status_code == 200
    assert ResponseDraft.objects.filter(survey=survey).count() == 1
    services.close_survey(survey)
    assert ResponseSet.objects.filter(survey=survey).count() == 1


def test_open_link_with_unknown_code(council_open_survey):
    resp = Client().get(reverse("respond:open_intro", kwargs={"code": "bestaat-niet"}))
    assert resp.status_code == 404


def test_submitted_invitation_link_shows_thanks(personal_link):
    invitation, token = personal_link
    Invitation.objects.filter(pk=invitation.pk).update(state=InvitationState.SUBMITTED)
    resp = Client().get(reverse("respond:personal_page", kwargs={"token": token}))
    assert resp.status_code == 200 and "al ingevuld" in resp.content.decode()


def test_a_page_submit_needs_few_queries(respondent, staff_survey, django_assert_max_num_queries):
    """Answering must stay cheap: the benchmark asks for 200 page submits per second."""
    respondent.post_page(0, q1_afdeling="andere")
    fields = {f"q2_gedragslijnen__{x}": "ken_duidelijk" for x in "abcdefg"}
    with django_assert_max_num_queries(4):
        resp = respondent.post_page(1, **fields)
    assert resp.status_code == 302
    with django_assert_max_num_queries(3):
        assert respondent.client.get(resp["Location"]).status_code == 200


def _random_posts():
    from hypothesis import strategies as st

    from weerbaar.surveys import questionnaire as qn

    definition = qn.load_file(qn.CONTENT_DIR / "medewerkers.yaml")
    names = []
    values = ["ja", "nee", "weet_niet", "andere", "eens", "8", "x" * 2100, "", "12", "gemeente"]
    for q in qn.iter_questions(definition):
        if q["type"] in ("matrix", "grade_matrix"):
            names += [f"q-{q['id']}-{r['id']}" for r in q["rows"]]
        else:
            names.append(f"q-{q['id']}")
    post = st.fixed_dictionaries(
        {
            "page": st.one_of(st.integers(-1, 16).map(str), st.text(max_size=3)),
            "action": st.sampled_from(["next", "previous", "submit", "other"]),
        },
        optional={n: st.sampled_from(values) for n in names},
    )
    return st.lists(post, min_size=1, max_size=8)


def test_random_page_posts_never_fail_and_never_store_hidden_answers(respondent, staff_survey):
    from hypothesis import HealthCheck, given, settings

    from weerbaar.surveys import routing

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(_random_posts())
    def run(posts):
        for data in posts:
            resp = respondent.client.post(respondent.url("page"), data)
            assert resp.status_code in (200, 302)
            response = ResponseDraft.objects.filter(survey=staff_survey).first()
            if response is None or response.ready:
                return
            answers = response.answers
            assert set(answers) <= set(routing.visible_questions(staff_survey.definition, answers))
            index = {q["id"]: q for p in staff_survey.definition["pages"] for q in p["questions"]}
            for qid, value in answers.items():
                if index[qid]["type"] == "text":
                    assert len(value) <= index[qid]["max_length"]

    run()
