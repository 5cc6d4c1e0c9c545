"""Anonymity by design: nothing in the data model links a link token to a response set."""

from __future__ import annotations

from django.db import models
from django.test import Client
from django.urls import reverse

from weerbaar.audit.models import AuditEvent
from weerbaar.surveys import services
from weerbaar.surveys.models import Invitation, ResponseSet


def test_invitation_and_response_share_no_foreign_key_or_id():
    for model, other in ((Invitation, ResponseSet), (ResponseSet, Invitation)):
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            assert related is not other, f"{model.__name__}.{field.name} links to {other.__name__}"
    invitation_fields = {f.name for f in Invitation._meta.concrete_fields}
    response_fields = {f.name for f in ResponseSet._meta.concrete_fields}
    # Only the survey (and the department, a category) are shared; nothing identifying.
    assert invitation_fields & response_fields <= {"id", "survey", "department"}
    assert isinstance(ResponseSet._meta.pk, models.UUIDField)
    assert not ResponseSet._meta.ordering and not Invitation._meta.ordering
    assert ResponseSet._meta.pk.default.__name__ == "uuid4"


def test_no_precise_timestamps_on_responses_or_invitations():
    for model in (ResponseSet, Invitation):
        for field in model._meta.concrete_fields:
            assert not isinstance(field, models.DateTimeField), f"{model.__name__}.{field.name}"
    submitted_on = ResponseSet._meta.get_field("submitted_on")
    assert type(submitted_on) is models.DateField


def test_tokens_are_stored_only_as_hashes_and_the_resume_hash_is_cleared(
    personal_link, staff_survey
):
    invitation, token = personal_link
    client = Client()
    client.post(reverse("respond:personal_intro", kwargs={"token": token}))
    response = ResponseSet.objects.get(survey=staff_survey)
    assert token not in invitation.token_hash and token not in (response.resume_hash or "")
    assert response.resume_hash and response.resume_hash != invitation.token_hash
    assert services.invitation_token_hash(token) == invitation.token_hash
    services.submit_response(response, invitation)
    response.refresh_from_db()
    assert response.resume_hash is None
    # After submitting, the token leads to the invitation's state only, not to the response.
    assert services.find_response(services.Respondent(staff_survey, token)) is None
    assert not ResponseSet.objects.filter(resume_hash=services.response_resume_hash(token))


def test_responses_and_invitations_are_not_audited(personal_link, staff_survey):
    invitation, token = personal_link
    Client().post(reverse("respond:personal_intro", kwargs={"token": token}))
    response = ResponseSet.objects.get(survey=staff_survey)
    services.save_answers(response, {"q1_afdeling": "andere"}, 0)
    services.submit_response(response, invitation)
    labels = set(AuditEvent.objects.values_list("object_type", flat=True))
    assert "surveys.ResponseSet" not in labels
    assert "surveys.Invitation" not in labels
    assert not getattr(ResponseSet, "audited", False)
    assert not getattr(Invitation, "audited", False)


def test_closing_deletes_email_addresses_and_unlinks_unfinished_responses(
    personal_link, staff_survey
):
    invitation, token = personal_link
    Client().post(reverse("respond:personal_intro", kwargs={"token": token}))
    services.close_survey(staff_survey)
    invitation.refresh_from_db()
    assert invitation.email is None
    assert not ResponseSet.objects.filter(survey=staff_survey).exclude(resume_hash=None)


def test_start_does_not_happen_on_get(personal_link, staff_survey):
    """Mail scanners open links: a GET must not create a response or change the state."""
    invitation, token = personal_link
    client = Client()
    for name in ("intro", "page", "thanks"):
        client.get(reverse(f"respond:personal_{name}", kwargs={"token": token}))
    invitation.refresh_from_db()
    assert invitation.state == "not_started"
    assert not ResponseSet.objects.filter(survey=staff_survey).exists()


def test_email_addresses_are_deleted_when_the_closing_time_passes(personal_link, staff_survey):
    import datetime

    from django.utils import timezone

    invitation, token = personal_link
    staff_survey.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    staff_survey.save()
    response = Client().get(reverse("respond:personal_intro", kwargs={"token": token}))
    assert response.status_code == 410
    invitation.refresh_from_db()
    staff_survey.refresh_from_db()
    assert invitation.email is None and staff_survey.status == "closed"


def test_close_expired_surveys_leaves_running_surveys_alone(personal_link, staff_survey):
    invitation, _token = personal_link
    assert services.close_expired_surveys() == 0
    invitation.refresh_from_db()
    assert invitation.email
