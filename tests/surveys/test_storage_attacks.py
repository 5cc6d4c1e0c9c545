"""Attacks on the stored survey data by someone with full database access (see
storage_attacker.py for the flow and the scoring): no transaction id, commit order, row
order or old row version links an invitation to a response better than one-in-k."""

from __future__ import annotations

import random

import pytest
from django.db import connection

from weerbaar.surveys import fieldwork
from weerbaar.surveys.models import Invitation, InvitationState, ResponseDraft, ResponseSet

from . import storage_attacker as attacker

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
SEED = 20261129

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's rowid")


@pytest.fixture
def survey(fresh_demo):
    from weerbaar.organisations.models import Organisation
    from weerbaar.surveys import services
    from weerbaar.surveys.models import Questionnaire

    voorbeeld = Organisation.objects.get(slug="voorbeeld")
    scan = voorbeeld.scans.order_by("period_start").first()
    questionnaire = Questionnaire.objects.get(key="medewerkers", organisation=None)
    made = services.create_survey(scan=scan, questionnaire=questionnaire, title="Aanval")
    return services.open_survey(made)


def check_outcome(run: attacker.Run) -> None:
    """The flow itself: 22 responses in batches of at least k, invitation states right."""
    survey = run.survey
    assert ResponseSet.objects.filter(survey=survey).count() == 22
    assert not ResponseDraft.objects.filter(survey=survey).exists()
    assert run.batch_sizes == [7, 10, 5] and min(run.batch_sizes) >= attacker.K
    states = Invitation.objects.filter(survey=survey)
    assert states.filter(state=InvitationState.SUBMITTED).count() == 22
    markers = sorted(r.answers["q20_opmerkingen"] for r in survey.responses.all())
    assert markers == sorted(run.submit_order)


@pytest.mark.postgres_only
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_no_database_artefact_links_an_invitation_to_a_response(survey, smtp_settings, monkeypatch):
    rng = random.Random(SEED)
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        cursor.execute("SHOW track_commit_timestamp")
        commit_times = cursor.fetchone()[0] == "on"
    monkeypatch.setattr(fieldwork, "vacuum", lambda *a, **kw: False)  # keep old versions
    run = attacker.drive(survey, smtp_settings, survey.scan.organisation, rng)
    truth = run.truth

    # During the field period: live rows and every old row version.
    evidence = attacker.gather(run)
    assert evidence.dead_versions > 50  # the drafts' history is there to attack
    by_xid = attacker.candidate_sets(evidence, truth, lambda x: x, reach=3)
    smallest = attacker.smallest_set(by_xid)
    assert smallest is None or smallest >= attacker.K, by_xid

    attacker.close(run, rng)
    check_outcome(run)
    evidence = attacker.gather(run)
    # 1. Shared or adjacent transaction ids (xmin/xmax of live and dead versions).
    by_xid = attacker.candidate_sets(evidence, truth, lambda x: x, reach=3)
    smallest = attacker.smallest_set(by_xid)
    assert smallest is not None and smallest >= attacker.K, by_xid
    naive = {x for _m, x, _b, _l in evidence.live_responses} & set(evidence.state_writes)
    assert not naive  # "JOIN ... ON r.xmin = i.xmin" finds nothing
    # 2. Commit order (pg_xact_commit_timestamp), neighbours within three commits.
    if commit_times:
        by_commit = attacker.candidate_sets(
            evidence, truth, attacker.commit_order(evidence), reach=3
        )
        smallest_commit = attacker.smallest_set(by_commit)
        assert smallest_commit is None or smallest_commit >= attacker.K, by_commit
    # 3. Physical order: within a batch, the n-th response (ctid) is guessed to be the n-th
    #    invitation written by the state transaction just before it, or the n-th by id.
    writes = sorted(evidence.state_writes)

    def state_order(batch_xmin: int) -> list[int]:
        before = [x for x in writes if x < batch_xmin]
        if not before:
            return []
        tx = before[-1]
        rows = [(b, lp, i) for i, x, b, lp, s in evidence.invitation_versions if x == tx]
        return [i for _b, _lp, i in sorted(rows)]

    def id_order(batch_xmin: int) -> list[int]:
        return sorted(truth.values())

    # A guess at random hits about one response per batch (the fixed points of a random
    # permutation), whatever the ids and pages the earlier tests of this database left; a
    # link would hit most of the 22. More than three per batch happens by chance about once
    # in a thousand runs.
    for order in (state_order, id_order):
        hits, batches = attacker.rank_guess_hits(evidence.live_responses, order, truth)
        assert batches == 3 and hits <= 3 * batches, (order.__name__, hits)

    # 4. After the closing batch's VACUUM the drafts' old versions are gone.
    monkeypatch.undo()
    assert fieldwork.vacuum()
    left = attacker.heap_tuples("surveys_responsedraft")  # only the live drafts of the demo
    assert len(left) == ResponseDraft.objects.exclude(survey=survey).count()
    assert not [t for t in left for m in truth if m.encode() in t.data]


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_sqlite_rowid_order_does_not_follow_the_respondents(survey, smtp_settings):
    rng = random.Random(SEED)
    run = attacker.drive(survey, smtp_settings, survey.scan.organisation, rng)
    attacker.close(run, rng)
    check_outcome(run)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid, answers FROM surveys_responseset WHERE survey_id = %s ORDER BY rowid",
            [survey.pk],
        )
        import json

        by_rowid = [json.loads(a)["q20_opmerkingen"] for _r, a in cursor.fetchall()]
    truth = run.truth
    # Batches are contiguous runs of rowids (7, 10, 5): the attacker knows each response's
    # batch, and guesses rank for rank inside it, by submit order or by invitation order.
    submitted_ids = sorted(truth.values())
    guesses = {
        "submit order": [truth[m] for m in run.submit_order],
        "invitation order": submitted_ids,
    }
    for name, guess in guesses.items():
        hits, start = 0, 0
        for size in run.batch_sizes:
            batch = by_rowid[start : start + size]
            in_batch = [i for i in guess if i in {truth[m] for m in batch}]
            hits += sum(truth[m] == i for m, i in zip(batch, in_batch, strict=True))
            start += size
        assert hits <= len(run.batch_sizes), (name, hits)
    # Without batches the rowid order would be the submit order itself: 22 of 22.
    assert by_rowid != run.submit_order


@pytest.mark.postgres_only
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_the_attack_finds_a_state_written_with_the_answers(survey, smtp_settings, monkeypatch):
    """The attacker is real: with the invitation's state written in the submit's own
    transaction (as before batches existed) it links responses to their e-mail addresses,
    through every old row version that PostgreSQL's page pruning has not yet removed."""
    from django.db import transaction

    from weerbaar.surveys import respondents

    original = respondents.submit_response
    owner: dict[str, int] = {}

    def submit_and_mark(draft, *args, **kwargs):
        with transaction.atomic():
            done = original(draft, *args, **kwargs)
            Invitation.objects.filter(pk=owner[draft.resume_hash]).update(
                state=InvitationState.SUBMITTED
            )
        return done

    def remember(survey_, token):
        from weerbaar.surveys.tokens import invitation_token_hash, response_resume_hash

        invitation = Invitation.objects.get(token_hash=invitation_token_hash(token))
        owner[response_resume_hash(token)] = invitation.pk
        return original_draft_of(survey_, token)

    original_draft_of = respondents._draft_of
    monkeypatch.setattr(respondents, "_draft_of", remember)
    monkeypatch.setattr(respondents, "submit_response", submit_and_mark)
    monkeypatch.setattr(fieldwork, "vacuum", lambda *a, **kw: False)
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    rng = random.Random(SEED)
    run = attacker.drive(survey, smtp_settings, survey.scan.organisation, rng)
    evidence = attacker.gather(run)
    by_xid = attacker.candidate_sets(evidence, run.truth, lambda x: x, reach=0)
    linked = [m for m, sizes in by_xid.items() if 1 in sizes]
    assert len(run.submit_order) == 22 and len(linked) >= 10, linked
