"""Anonymity by design: nothing in the data model links a link token to a response set.

The attacks on the database itself (transaction ids, row order, old row versions, commit
times) are in test_storage_attacks.py."""

from __future__ import annotations

import re

from django.db import models
from django.test import Client, override_settings
from django.urls import reverse

from weerbaar.audit.models import AuditEvent
from weerbaar.surveys import services
from weerbaar.surveys.models import Invitation, ResponseDraft, ResponseSet


def test_invitation_and_response_share_no_foreign_key_or_id():
    pairs = [(Invitation, ResponseSet), (ResponseSet, Invitation)]
    pairs += [(Invitation, ResponseDraft), (ResponseDraft, Invitation)]
    for model, other in pairs:
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
    for model in (ResponseSet, Invitation, ResponseDraft):
        for field in model._meta.concrete_fields:
            assert not isinstance(field, models.DateTimeField), f"{model.__name__}.{field.name}"
            assert not getattr(field, "auto_now", False) and not getattr(field, "auto_now_add", 0)
    submitted_on = ResponseSet._meta.get_field("submitted_on")
    assert type(submitted_on) is models.DateField
    assert not any(isinstance(f, models.DateField) for f in ResponseDraft._meta.concrete_fields)
    # The final response never holds a resume hash or a page: only answers and a batch date
    # (and, for paper rows, the import they came from: known to whoever imported them).
    names = {f.name for f in ResponseSet._meta.concrete_fields}
    assert names == {
        "id",
        "survey",
        "answers",
        "department",
        "submitted",
        "submitted_on",
        "source",
        "paper_import",
    }


def test_tokens_are_stored_only_as_hashes_and_the_final_response_has_none(
    personal_link, staff_survey
):
    invitation, token = personal_link
    client = Client()
    client.post(reverse("respond:personal_intro", kwargs={"token": token}))
    draft = ResponseDraft.objects.get(survey=staff_survey)
    assert token not in invitation.token_hash and token not in draft.resume_hash
    assert draft.resume_hash != invitation.token_hash
    assert services.invitation_token_hash(token) == invitation.token_hash
    # The draft key is a keyed hash of the link hash: without SECRET_KEY no join exists.
    with override_settings(SECRET_KEY="another-key-" + "x" * 40):
        assert services.response_resume_hash(token) != draft.resume_hash
    services.submit_response(draft)
    services.close_survey(staff_survey)
    response = ResponseSet.objects.get(survey=staff_survey)
    assert draft.resume_hash not in str(vars(response))
    assert not ResponseDraft.objects.filter(survey=staff_survey).exists()
    # After the batch, the token leads to nothing at all.
    assert services.find_response(services.Respondent(staff_survey, token)) is None


def _may_write(sql: str) -> bool:
    """Every statement but a plain read (SELECT, or WITH … SELECT without a data change)."""
    text = sql.lstrip().upper()
    if text.startswith("SELECT"):
        return False
    if text.startswith("WITH"):
        return re.search(r"\b(INSERT\s+INTO|UPDATE\s+\"|DELETE\s+FROM)", text) is not None
    return True


def test_submitting_never_writes_the_invitation(personal_link, staff_survey):
    """A respondent's request writes only their draft: never the invitation, never a final
    response (the worker does both, in separate batches)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    invitation, token = personal_link
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        client.post(reverse("respond:personal_intro", kwargs={"token": token}))
        draft = ResponseDraft.objects.get(survey=staff_survey)
        services.save_answers(draft, {"q1_afdeling": "andere"}, 0)
        services.submit_response(draft)
    writes = [q["sql"] for q in queries if _may_write(q["sql"])]
    tables = {Invitation._meta.db_table, ResponseSet._meta.db_table}
    assert writes and not [w for w in writes if any(f'"{t}"' in w for t in tables)]


def test_responses_and_invitations_are_not_audited(personal_link, staff_survey):
    invitation, token = personal_link
    Client().post(reverse("respond:personal_intro", kwargs={"token": token}))
    draft = ResponseDraft.objects.get(survey=staff_survey)
    services.save_answers(draft, {"q1_afdeling": "andere"}, 0)
    services.submit_response(draft)
    services.close_survey(staff_survey)
    labels = set(AuditEvent.objects.values_list("object_type", flat=True))
    assert {"surveys.ResponseSet", "surveys.ResponseDraft", "surveys.Invitation"}.isdisjoint(labels)
    for model in (ResponseSet, ResponseDraft, Invitation):
        assert not getattr(model, "audited", False)


def test_closing_deletes_email_addresses_and_discards_unfinished_drafts(
    personal_link, staff_survey
):
    invitation, token = personal_link
    Client().post(reverse("respond:personal_intro", kwargs={"token": token}))
    services.close_survey(staff_survey)
    invitation.refresh_from_db()
    assert invitation.email is None
    assert not ResponseDraft.objects.filter(survey=staff_survey).exists()
    assert not ResponseSet.objects.filter(survey=staff_survey).exists()


def test_start_does_not_happen_on_get(personal_link, staff_survey):
    """Mail scanners open links: a GET must not create a response or change the state."""
    invitation, token = personal_link
    client = Client()
    for name in ("intro", "page", "thanks"):
        client.get(reverse(f"respond:personal_{name}", kwargs={"token": token}))
    invitation.refresh_from_db()
    assert invitation.state == "not_started"
    assert not ResponseDraft.objects.filter(survey=staff_survey).exists()


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
