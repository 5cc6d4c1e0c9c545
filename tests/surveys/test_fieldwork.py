"""The field period: batches written by the worker, results only after closing, k fixed."""

from __future__ import annotations

import random
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from weerbaar.audit.models import AuditEvent
from weerbaar.surveys import fieldwork, invitations, respondents, services
from weerbaar.surveys.models import Invitation, InvitationState, ResponseDraft, ResponseSet
from weerbaar.surveys.results.services import survey_results

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def link_of(survey, email="x@voorbeeld.nl"):
    return services.new_invitation(survey, email=email)


def submitted_draft(survey, email: str, answers: dict | None = None):
    invitation, token = link_of(survey, email)
    respondent = respondents.resolve_personal_link(token)
    draft = respondents.start_response(respondent)
    respondents.save_answers(draft, answers or {"q1_afdeling": "andere"}, 0)
    assert respondents.submit_response(draft)
    return invitation, token


def states(survey) -> dict[str, int]:
    out: dict[str, int] = {}
    for state in survey.invitations.values_list("state", flat=True):
        out[state] = out.get(state, 0) + 1
    return out


def test_responses_are_written_in_batches_of_at_least_k_keeping_k_back(staff_survey):
    services.set_survey_k(staff_survey, 5)
    rng = random.Random(1)
    for i in range(9):
        submitted_draft(staff_survey, f"p{i}@voorbeeld.nl")
    report = fieldwork.run_batches(rng=rng)
    # 9 ready < 2k: no response batch yet; 9 started >= k: one state batch.
    assert report.responses == 0 and not staff_survey.responses.exists()
    assert states(staff_survey) == {"started": 9}
    last, _token = submitted_draft(staff_survey, "p9@voorbeeld.nl")
    report = fieldwork.run_batches(rng=rng)
    assert report.responses == 5  # 10 ready: 5 written, 5 kept for the last batch
    # Which 5 go is drawn at random. The tenth invitation (1 < k not started) gets no state
    # batch of its own: it is "submitted" if drawn, else it still says "not started".
    last.refresh_from_db()
    drawn = last.state == InvitationState.SUBMITTED
    expected = {"submitted": 5, "started": 5 if drawn else 4}
    if not drawn:
        expected["not_started"] = 1
    assert states(staff_survey) == expected
    assert ResponseDraft.objects.filter(survey=staff_survey, ready=True).count() == 5
    assert set(staff_survey.responses.values_list("submitted_on", flat=True)) == {
        staff_survey.responses.first().submitted_on
    }
    services.close_survey(staff_survey)
    assert staff_survey.responses.count() == 10
    assert states(staff_survey) == {"submitted": 10}
    assert not ResponseDraft.objects.filter(survey=staff_survey).exists()


def test_a_last_batch_under_k_writes_no_invitation_states(staff_survey):
    services.set_survey_k(staff_survey, 5)
    for i in range(2):
        submitted_draft(staff_survey, f"p{i}@voorbeeld.nl")
    services.close_survey(staff_survey)
    assert staff_survey.responses.count() == 2
    assert states(staff_survey) == {"not_started": 2}  # else they would name the two


def test_a_submitted_link_says_thank_you_before_and_after_its_batch(staff_survey):
    _invitation, token = submitted_draft(staff_survey, "a@voorbeeld.nl")
    url = reverse("respond:personal_page", kwargs={"token": token})
    assert "al ingevuld" in Client().get(url).content.decode()  # ready draft
    Invitation.objects.filter(survey=staff_survey).update(state=InvitationState.SUBMITTED)
    ResponseDraft.objects.filter(survey=staff_survey).delete()  # as after the batch
    assert "al ingevuld" in Client().get(url).content.decode()
    intro = reverse("respond:personal_intro", kwargs={"token": token})
    Client().post(intro)
    assert not ResponseDraft.objects.filter(survey=staff_survey).exists()  # no second start


def test_submitting_after_closing_is_refused_with_a_clear_message(staff_survey):
    from tests.surveys.test_answering import Respondent, answer_everything, page_index

    _invitation, token = link_of(staff_survey)
    r = Respondent(token)
    r.start()
    answer_everything(r, staff_survey)
    draft = ResponseDraft.objects.get(survey=staff_survey)
    # The coordinator closes while the respondent is on the last page.
    services.close_survey(staff_survey)
    assert not ResponseDraft.objects.filter(pk=draft.pk).exists()  # discarded at closing
    with pytest.raises(respondents.LinkProblem):
        respondents.submit_response(draft)
    # A submit that raced past the link check: the page explains, nothing is stored.
    staff_survey.status = "open"
    staff_survey.save()
    draft.save()
    staff_survey.status = "closed"
    staff_survey.save()
    resp = r.post_page(page_index(staff_survey, "afsluiting"), action="submit")
    assert resp.status_code == 410 and "gesloten" in resp.content.decode()
    assert not ResponseSet.objects.filter(survey=staff_survey).exists()


def test_a_late_submit_is_refused_by_the_submit_itself(staff_survey):
    _invitation, token = link_of(staff_survey)
    draft = respondents.start_response(respondents.resolve_personal_link(token))
    type(staff_survey).objects.filter(pk=staff_survey.pk).update(status="closed")
    with pytest.raises(respondents.LinkProblem) as problem:
        respondents.submit_response(draft)
    assert problem.value.reason == "closed"
    assert not ResponseDraft.objects.get(pk=draft.pk).ready


def test_results_appear_only_after_closing(staff_survey, client_for):
    for i in range(6):
        submitted_draft(staff_survey, f"p{i}@voorbeeld.nl", {"q1_afdeling": "liever_niet"})
    fieldwork.run_batches()
    ResponseSet.objects.bulk_create(
        ResponseSet(survey=staff_survey, answers={"q1_afdeling": "andere"}) for _ in range(20)
    )
    results = survey_results(staff_survey)
    assert results["released"] is False and results["n_respondents"] == 0
    client = client_for("coordinator")
    url = reverse(
        "survey_results:results",
        kwargs={"org": staff_survey.scan.organisation.slug, "survey_id": staff_survey.pk},
    )
    page = client.get(url).content.decode()
    assert "verschijnen zodra het veldwerk is gesloten" in page
    assert "Respons" in page
    services.close_survey(staff_survey)
    results = survey_results(staff_survey)
    assert results["released"] is True and results["n_respondents"] == 26
    assert "verschijnen zodra" not in client.get(url).content.decode()


def test_k_is_fixed_when_the_survey_opens_and_never_lowered_once_answered(staff_survey, voorbeeld):
    assert staff_survey.k == voorbeeld.k
    original = voorbeeld.min_cell_size
    voorbeeld.min_cell_size = voorbeeld.k + 4
    voorbeeld.save()
    staff_survey.refresh_from_db()
    assert staff_survey.effective_k == voorbeeld.k - 4  # the organisation's change stays out
    org_events = AuditEvent.objects.filter(
        object_type="organisations.Organisation", object_id=str(voorbeeld.pk)
    ).order_by("sequence")
    last = org_events.last()
    assert last.after["min_cell_size"] == voorbeeld.min_cell_size
    assert last.before["min_cell_size"] == original
    voorbeeld.min_cell_size = original
    voorbeeld.save()
    services.set_survey_k(staff_survey, 10)
    services.set_survey_k(staff_survey, 9)  # no answers yet: may go down
    submitted_draft(staff_survey, "a@voorbeeld.nl")
    with pytest.raises(ValidationError, match="alleen omhoog"):
        services.set_survey_k(staff_survey, 8)
    with pytest.raises(ValidationError, match="ten minste"):
        services.set_survey_k(staff_survey, 1)
    services.set_survey_k(staff_survey, 12)
    survey_events = AuditEvent.objects.filter(
        object_type="surveys.Survey", object_id=str(staff_survey.pk)
    )
    ks = [e.after.get("k") for e in survey_events.order_by("sequence") if e.after]
    assert ks[-3:] == [10, 9, 12]


def test_a_reminder_never_replaces_a_link_that_has_answers(staff_survey, smtp_settings):
    messages = smtp_settings
    upload = invitations.read_address_file(
        b"anna@voorbeeld.nl\nbram@voorbeeld.nl\n", "a.csv", staff_survey.scan.organisation
    )
    invitations.add_invitations(staff_survey, upload.rows)
    invitations.send_invitations(staff_survey)
    links = {to[0]: re.search(r"/r/([\w-]+)/", m.get_content()).group(1) for to, m in messages}
    Client().post(reverse("respond:personal_intro", kwargs={"token": links["anna@voorbeeld.nl"]}))
    messages.clear()
    # Anna's state still says "not started" (states come in batches) ...
    assert states(staff_survey) == {"not_started": 2}
    assert invitations.send_reminders(staff_survey) == 2
    reminded = {to[0]: m.get_content() for to, m in messages}
    # ... yet her link is kept (it resumes her answers); Bram gets a fresh one.
    assert "/r/" not in reminded["anna@voorbeeld.nl"]
    assert "/r/" in reminded["bram@voorbeeld.nl"]
    assert respondents.resolve_personal_link(links["anna@voorbeeld.nl"])


def test_the_background_worker_runs_the_batches(staff_survey):
    from io import StringIO

    services.set_survey_k(staff_survey, 5)
    for i in range(10):
        submitted_draft(staff_survey, f"p{i}@voorbeeld.nl")
    out = StringIO()
    call_command("reminders", "run", stdout=out)
    assert "Surveys: 5 responses" in out.getvalue()
    assert staff_survey.responses.count() == 5


def test_the_coordinator_raises_k_on_the_survey_page_and_cannot_lower_it(staff_survey, client_for):
    client = client_for("coordinator")
    org = staff_survey.scan.organisation.slug
    url = reverse("surveys:k", kwargs={"org": org, "survey_id": staff_survey.pk})
    detail = client.get(
        reverse("surveys:detail", kwargs={"org": org, "survey_id": staff_survey.pk})
    )
    assert url in detail.content.decode()
    submitted_draft(staff_survey, "a@voorbeeld.nl")
    response = client.post(url, {"k": staff_survey.effective_k + 3})
    assert response.status_code == 302
    staff_survey.refresh_from_db()
    raised = staff_survey.k
    # Lowering after answers exist: a Dutch message on the same page, the value kept.
    response = client.post(url, {"k": raised - 1})
    body = response.content.decode()
    assert response.status_code == 200
    assert "alleen omhoog" in body and f'value="{raised - 1}"' in body
    staff_survey.refresh_from_db()
    assert staff_survey.k == raised
    assert AuditEvent.objects.filter(
        object_type="surveys.Survey", object_id=str(staff_survey.pk), after__k=raised
    ).exists()


def test_a_reader_cannot_change_k(staff_survey, client_for):
    org = staff_survey.scan.organisation.slug
    url = reverse("surveys:k", kwargs={"org": org, "survey_id": staff_survey.pk})
    assert client_for("lezer").post(url, {"k": 20}).status_code == 403
