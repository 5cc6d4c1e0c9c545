"""The field period's background work: batches of final responses and invitation states,
and closing a survey.

A respondent's request writes only their own draft (:class:`.models.ResponseDraft`); it never
touches an invitation and never writes a final response. This module, run by the background
worker (``weerbaar reminders worker``, see docs/operations.md) and when a survey closes, does
the rest so that no database artefact links an invitation to a response:

* **invitation states** (``started`` / ``submitted``, for reminders and response rates) are
  derived from the drafts (the worker recomputes each link's draft key from the invitation's
  link hash, which needs the server's SECRET_KEY) and applied in shuffled order, in
  transactions of their own, only in groups of at least k invitations per survey;
* **final responses** are written from ready drafts in one transaction per batch, in shuffled
  order (so row position says nothing), with the batch's date, and the drafts are deleted.
  A batch is written once at least 2·k drafts are ready and moves all but k of them, chosen
  at random: the k kept back guarantee that the last batch, at closing, holds at least k too.
  The invitations of a batch are marked ``submitted`` in the transaction just before the
  batch (so a link never looks unsubmitted in between): both say only "one of these ≥ k";
* **closing** discards unfinished drafts, writes the remaining ready drafts (their states
  only when there are at least k of them), deletes the e-mail addresses and, on PostgreSQL,
  vacuums the tables so that old row versions go too.

``rng`` parameters exist for the tests; the product shuffles with ``random.SystemRandom``.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import (
    Invitation,
    InvitationState,
    ResponseDraft,
    ResponseSet,
    ResponseSource,
    ResultTally,
    Survey,
    SurveyStatus,
)
from .results.stored import add_responses
from .tokens import resume_hash_of_link

ORDER = {InvitationState.NOT_STARTED: 0, InvitationState.STARTED: 1, InvitationState.SUBMITTED: 2}


@dataclass
class BatchReport:
    """What one pass did (numbers only)."""

    closed: int = 0  # surveys closed because their closing time passed
    states: int = 0  # invitation states applied
    responses: int = 0  # final responses written
    discarded: int = 0  # unfinished drafts deleted at closing

    def add(self, other: BatchReport) -> None:
        self.closed += other.closed
        self.states += other.states
        self.responses += other.responses
        self.discarded += other.discarded


def _shuffler(rng: random.Random | None) -> random.Random:
    return rng if rng is not None else random.SystemRandom()


def _draft_owners(survey: Survey, drafts: dict[str, tuple[str, bool]]) -> dict[str, int]:
    """Draft id -> invitation id, for the drafts of personal links (needs SECRET_KEY)."""
    by_hash = {h: pk for pk, (h, _ready) in drafts.items()}
    owners: dict[str, int] = {}
    rows = survey.invitations.exclude(state=InvitationState.SUBMITTED).values_list(
        "pk", "token_hash"
    )
    for invitation_pk, link_hash in rows.iterator(5000):
        draft = by_hash.get(resume_hash_of_link(link_hash))
        if draft is not None:
            owners[draft] = invitation_pk
    return owners


def _apply_states(pks: Iterable[int], state: str, rng: random.Random) -> int:
    """One transaction: move these invitations to ``state`` (never backwards), shuffled."""
    order = list(pks)
    rng.shuffle(order)
    lower = [s for s, rank in ORDER.items() if rank < ORDER[InvitationState(state)]]
    changed = 0
    with transaction.atomic():
        for pk in order:
            changed += Invitation.objects.filter(pk=pk, state__in=lower).update(state=state)
    return changed


def _write_responses(survey: Survey, draft_pks: list[str], rng: random.Random) -> int:
    """One transaction: ready drafts -> final responses in shuffled order; drafts deleted."""
    with transaction.atomic():
        drafts = list(
            ResponseDraft.objects.select_for_update().filter(
                pk__in=draft_pks, survey=survey, ready=True
            )
        )
        rng.shuffle(drafts)
        today = timezone.localdate()
        ResponseSet.objects.bulk_create(
            [
                ResponseSet(
                    survey=survey,
                    answers=d.answers,
                    department_id=d.department_id,
                    submitted=True,
                    submitted_on=today,
                    source=ResponseSource.WEB,
                )
                for d in drafts
            ]
        )
        add_responses(survey, [(d.answers, d.department_id, None) for d in drafts])
        ResponseDraft.objects.filter(pk__in=[d.pk for d in drafts]).delete()
    return len(drafts)


def _drafts(survey: Survey) -> dict[str, tuple[str, bool]]:
    rows = ResponseDraft.objects.filter(survey=survey).values_list("pk", "resume_hash", "ready")
    return {str(pk): (h, ready) for pk, h, ready in rows}


def run_survey_batches(survey: Survey, rng: random.Random | None = None) -> BatchReport:
    """One pass over an open survey: a state batch and a response batch when each is due."""
    shuffle = _shuffler(rng)
    k = survey.effective_k
    report = BatchReport()
    drafts = _drafts(survey)
    if not drafts:
        return report
    owners = _draft_owners(survey, drafts)
    # "started": every invitation with a draft whose state still says not started.
    not_started = set(
        survey.invitations.filter(
            pk__in=list(owners.values()), state=InvitationState.NOT_STARTED
        ).values_list("pk", flat=True)
    )
    if len(not_started) >= k:
        report.states += _apply_states(not_started, InvitationState.STARTED, shuffle)
    ready = [pk for pk, (_h, is_ready) in drafts.items() if is_ready]
    if len(ready) >= 2 * k:
        shuffle.shuffle(ready)
        batch = ready[: len(ready) - k]  # keep k back for the last batch at closing
        owned = [owners[pk] for pk in batch if pk in owners]
        if owned:
            report.states += _apply_states(owned, InvitationState.SUBMITTED, shuffle)
        report.responses += _write_responses(survey, batch, shuffle)
    return report


def finalise_survey(survey: Survey, rng: random.Random | None = None) -> BatchReport:
    """The closing batch of a closed survey (idempotent; safe to repeat after a crash)."""
    shuffle = _shuffler(rng)
    report = BatchReport()
    with transaction.atomic():
        # Waits for a submit in flight; a submit that comes later finds its draft gone.
        locked = list(ResponseDraft.objects.select_for_update().filter(survey=survey))
        unfinished = [d.pk for d in locked if not d.ready]
        report.discarded = ResponseDraft.objects.filter(pk__in=unfinished).delete()[0]
    drafts = _drafts(survey)
    ready = list(drafts)
    if ready:
        if len(ready) >= survey.effective_k:
            owners = _draft_owners(survey, drafts)
            owned = [owners[pk] for pk in ready if pk in owners]
            if owned:
                report.states += _apply_states(owned, InvitationState.SUBMITTED, shuffle)
        report.responses += _write_responses(survey, ready, shuffle)
    survey.invitations.exclude(email=None).update(email=None)
    vacuum()
    return report


def vacuum(
    tables: Iterable[type] = (ResponseDraft, Invitation, ResponseSet, ResultTally),
) -> bool:
    """Remove old row versions (PostgreSQL; not possible inside a transaction)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f'VACUUM "{model._meta.db_table}"')  # type: ignore[attr-defined]
    return True


def close_survey(survey: Survey, rng: random.Random | None = None) -> Survey:
    """End the field period: no more answers, the closing batch, e-mail addresses deleted."""
    with transaction.atomic():
        survey.status = SurveyStatus.CLOSED
        now = timezone.now()
        if survey.closes_at is None or survey.closes_at > now:
            survey.closes_at = now
        if survey.released_k is None:  # the k of the first results page
            survey.released_k = survey.effective_k
        survey.save()
    finalise_survey(survey, rng)
    return survey


def close_expired_surveys(surveys: QuerySet[Survey] | None = None) -> int:
    """Close every open survey whose closing time has passed (deletes e-mail addresses).

    Called whenever a survey is looked at (respondent link, survey page, scan page) and by the
    background worker, so addresses never outlive the field period.
    """
    queryset = Survey.objects.all() if surveys is None else surveys
    expired = queryset.filter(status=SurveyStatus.OPEN, closes_at__lte=timezone.now())
    count = 0
    for survey in expired.select_related("scan__organisation"):
        close_survey(survey)
        count += 1
    return count


def run_batches(rng: random.Random | None = None) -> BatchReport:
    """One pass of the background worker over every survey with drafts."""
    report = BatchReport(closed=close_expired_surveys())
    with_drafts = Survey.objects.filter(drafts__isnull=False).distinct()
    for survey in with_drafts.select_related("scan__organisation"):
        if survey.status == SurveyStatus.OPEN:
            report.add(run_survey_batches(survey, rng))
        elif survey.status == SurveyStatus.CLOSED:
            report.add(finalise_survey(survey, rng))
    if report.responses or report.discarded:
        vacuum((ResponseDraft,))
    return report


def results_released(survey: Survey) -> bool:
    """Results are shown once the field period is closed and its last batch is written."""
    return (
        survey.status == SurveyStatus.CLOSED
        and not ResponseDraft.objects.filter(survey=survey, ready=True).exists()
    )
