"""Respondents: resolving a link, and the draft answers behind it (see :mod:`.fieldwork`).

Anonymity rules this module keeps (see docs/privacy.md, "Survey anonymity"):

* a link token is never stored; an invitation stores its SHA-256 *link hash*;
* while answering, the draft (:class:`.models.ResponseDraft`) is keyed by
  ``HMAC(SECRET_KEY, link hash)`` so the same link resumes;
* a respondent's request writes ONLY their draft: never the invitation and never a final
  response. Submitting marks the draft ready; the background worker later writes it as a
  final response in a shuffled batch of at least k and marks invitations in batches;
* a link knows it was submitted from its ready draft until the batch, and from the
  invitation's state after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Field
from django.utils import timezone

from weerbaar.organisations.models import Department
from weerbaar.scans.models import Scan

from . import questionnaire as qn
from . import routing
from .fieldwork import close_survey
from .models import (
    Invitation,
    InvitationState,
    OpenLinkNonce,
    ResponseDraft,
    Survey,
    SurveyMode,
    SurveyStatus,
)
from .tokens import invitation_token_hash, legacy_resume_hash, nonce_hash, response_resume_hash
from .types import Answers, QuestionnaireDefinition


class LinkProblem(Exception):
    """A link that cannot be used: ``reason`` is unknown | not_open | closed | submitted."""

    def __init__(self, reason: str, survey: Survey | None = None):
        self.reason = reason
        self.survey = survey
        super().__init__(reason)


@dataclass
class Respondent:
    """Who is answering, as far as the server needs to know: a survey and a link token."""

    survey: Survey
    token: str
    invitation: Invitation | None = None
    draft: ResponseDraft | None = None  # this link's draft, once looked up
    draft_loaded: bool = False

    @property
    def departments(self) -> list[Department]:
        """The departments of the survey's organisation, in their order (one statement)."""
        return list(Department.objects.raw(_departments_statement(), [self.survey.scan_id]))


@cache
def _departments_statement() -> str:
    """The organisation's departments by the survey's scan, without loading either."""
    q = connection.ops.quote_name
    table = q(Department._meta.db_table)
    return (
        f"SELECT {table}.* FROM {table} "  # noqa: S608 (names from the models; values are parameters)
        f"JOIN {q(Scan._meta.db_table)} ON {q(Scan._meta.db_table)}.{q('organisation_id')} "
        f"= {table}.{q('organisation_id')} "
        f"WHERE {q(Scan._meta.db_table)}.{q('id')} = %s "
        f"ORDER BY {table}.{q('position')}, {table}.{q('name')}"
    )


def _check_period(survey: Survey) -> None:
    now = timezone.now()
    if survey.status == SurveyStatus.OPEN and survey.closes_at and now >= survey.closes_at:
        close_survey(survey)
    if survey.status == SurveyStatus.CLOSED or (survey.closes_at and now >= survey.closes_at):
        raise LinkProblem("closed", survey)
    if not survey.is_accepting(now):
        raise LinkProblem("not_open", survey)


def _draft_of(survey: Survey, token: str) -> ResponseDraft | None:
    """This link's draft (ready or not). A draft from before drafts were keyed by the link
    hash is found by its old key once and rekeyed."""
    draft = ResponseDraft.objects.filter(
        survey=survey, resume_hash=response_resume_hash(token)
    ).first()
    if draft is None:
        old = legacy_resume_hash(token)
        changed = ResponseDraft.objects.filter(survey=survey, resume_hash=old).update(
            resume_hash=response_resume_hash(token)
        )
        if changed:
            return _draft_of(survey, token)
        return None
    draft.survey = survey  # already loaded with its scan and organisation
    return draft


def resolve_personal_link(token: str) -> Respondent:
    """The respondent of a personal link, or :class:`LinkProblem`."""
    if not token or len(token) > 100:
        raise LinkProblem("unknown")
    invitation = (
        Invitation.objects.select_related("survey__scan__organisation")
        .filter(token_hash=invitation_token_hash(token))
        .first()
    )
    if invitation is None:
        raise LinkProblem("unknown")
    survey = invitation.survey
    if invitation.state == InvitationState.SUBMITTED:
        raise LinkProblem("submitted", survey)
    draft = _draft_of(survey, token)
    if draft is not None and draft.ready:
        raise LinkProblem("submitted", survey)
    _check_period(survey)
    return Respondent(survey, token, invitation, draft, draft_loaded=True)


def resolve_open_survey(code: str) -> Survey:
    """The survey of an open link, or :class:`LinkProblem`."""
    survey = (
        Survey.objects.select_related("scan__organisation")
        .filter(open_code=code, mode=SurveyMode.OPEN)
        .first()
        if code and len(code) <= 64
        else None
    )
    if survey is None:
        raise LinkProblem("unknown")
    _check_period(survey)
    return survey


def find_response(respondent: Respondent) -> ResponseDraft | None:
    """The draft being answered through this link (None once submitted)."""
    if respondent.draft_loaded:
        draft = respondent.draft
    else:
        draft = _draft_of(respondent.survey, respondent.token)
    return draft if draft is not None and not draft.ready else None


def start_response(respondent: Respondent) -> ResponseDraft:
    """The draft answered through this link; created on first use. Writes nothing else."""
    draft = find_response(respondent)
    if draft is not None:
        return draft
    try:
        with transaction.atomic():
            draft = ResponseDraft.objects.create(
                survey=respondent.survey, resume_hash=response_resume_hash(respondent.token)
            )
    except IntegrityError:  # a parallel first request created it, or it was submitted
        draft = find_response(respondent)
        if draft is None:
            raise LinkProblem("submitted", respondent.survey) from None
    respondent.draft, respondent.draft_loaded = draft, True
    return draft


def claim_open_nonce(survey: Survey, nonce: str) -> bool:
    """Use a one-time start nonce of an open link; False if it was used before."""
    try:
        with transaction.atomic():
            OpenLinkNonce.objects.create(survey=survey, nonce_hash=nonce_hash(nonce))
    except IntegrityError:
        return False
    return True


def _department_of(
    definition: QuestionnaireDefinition,
    answers: dict,
    scan_id: int,
    current_id: int | None,
    departments: list | None = None,
) -> int | None:
    """The department answered in Q1 among those of the scan's organisation (looked up only
    when the answer changed).

    ``departments``: the organisation's departments when the caller has them already (the
    page that asks Q1 lists them), so no query is needed at all.
    """
    question = qn.department_question(definition)
    if question is None:
        return None
    value = answers.get(question["id"])
    if not value or not str(value).isdigit():
        return None
    if current_id is not None and int(value) == current_id:
        return current_id
    if departments:
        return next((d.pk for d in departments if d.pk == int(value)), None)
    return (
        Department.objects.filter(pk=int(value), organisation__scans=scan_id)
        .values_list("pk", flat=True)
        .first()
    )


@cache
def _save_statement() -> str:
    """The draft update of :func:`save_answers` (built once; the hot path of answering)."""
    q = connection.ops.quote_name
    return (
        f"UPDATE {q(ResponseDraft._meta.db_table)} "  # noqa: S608 (names from the model; values are parameters)
        f"SET {q('answers')} = %s, {q('last_page')} = %s, {q('department_id')} = %s "
        f"WHERE {q('id')} = %s AND {q('ready')} = %s"
    )


@cache
def _submit_statement() -> str:
    """The update of :func:`submit_response`: ready only while the field period runs."""
    q = connection.ops.quote_name
    return (
        f"UPDATE {q(ResponseDraft._meta.db_table)} "  # noqa: S608 (names from the models; values are parameters)
        f"SET {q('answers')} = %s, {q('last_page')} = %s, {q('department_id')} = %s, "
        f"{q('ready')} = %s "
        f"WHERE {q('id')} = %s AND {q('ready')} = %s AND {q('survey_id')} IN ("
        f"SELECT {q('id')} FROM {q(Survey._meta.db_table)} WHERE {q('status')} = %s "
        f"AND ({q('closes_at')} IS NULL OR {q('closes_at')} > %s))"
    )


def _prep(name: str, value: Any) -> Any:
    field = ResponseDraft._meta.get_field(name)
    assert isinstance(field, Field)
    return field.get_db_prep_save(value, connection)


def _merge_into(
    draft: ResponseDraft,
    page_answers: dict,
    page_index: int,
    resume_at: int | None,
    merged: Answers | None,
    departments: list | None,
) -> None:
    """The draft after one page (in memory): merged answers, resume page, department."""
    definition = draft.survey.definition
    if merged is None:
        merged = routing.merge_page(definition, draft.answers, page_index, page_answers)
    draft.answers = merged
    draft.last_page = page_index if resume_at is None else resume_at
    draft.department_id = _department_of(
        definition,
        draft.answers,
        draft.survey.scan_id,
        draft.department_id,
        departments,
    )


def save_answers(
    draft: ResponseDraft,
    page_answers: dict,
    page_index: int,
    resume_at: int | None = None,
    *,
    merged: Answers | None = None,
    departments: list | None = None,
) -> ResponseDraft:
    """Merge the answers of one page, drop answers to questions now hidden, remember the page.

    ``page_answers`` holds the page's visible questions: an absent key means "not answered"
    (a cleared answer is removed). ``resume_at``: the page the link reopens on (default:
    this page). ``merged``: the result of :func:`.routing.merge_page` for these answers when
    the caller computed it already; ``departments``: the organisation's departments when the
    caller read them already. The update is committed before this returns (autocommit).
    """
    _merge_into(draft, page_answers, page_index, resume_at, merged, departments)
    with connection.cursor() as cursor:
        cursor.execute(
            _save_statement(),
            [
                _prep("answers", draft.answers),
                _prep("last_page", draft.last_page),
                _prep("department", draft.department_id),
                _prep("id", draft.pk),
                _prep("ready", False),
            ],
        )
    return draft


def submit_response(
    draft: ResponseDraft,
    page_answers: dict | None = None,
    page_index: int | None = None,
    *,
    merged: Answers | None = None,
    departments: list | None = None,
) -> bool:
    """Submit once: mark the draft ready for the next batch. True the first time, False if it
    was already submitted (harmless). :class:`LinkProblem` ``closed`` when the field period
    has ended (the closing batch has discarded or will not take this draft).

    With ``page_index`` the answers of the last page are merged first (as
    :func:`save_answers` does) and saved by the same statement."""
    survey = draft.survey
    if page_index is not None:
        _merge_into(draft, page_answers or {}, page_index, None, merged, departments)
    answers = routing.clean_answers(survey.definition, draft.answers)
    closes_at = Survey._meta.get_field("closes_at")
    with connection.cursor() as cursor:
        cursor.execute(
            _submit_statement(),
            [
                _prep("answers", answers),
                _prep("last_page", draft.last_page),
                _prep("department", draft.department_id),
                _prep("ready", True),
                _prep("id", draft.pk),
                _prep("ready", False),
                SurveyStatus.OPEN.value,
                closes_at.get_db_prep_value(timezone.now(), connection),
            ],
        )
        changed = cursor.rowcount
    if changed:
        draft.answers, draft.ready = answers, True
        return True
    if ResponseDraft.objects.filter(pk=draft.pk, ready=True).exists():
        return False
    raise LinkProblem("closed", survey)
