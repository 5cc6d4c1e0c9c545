"""Everything a respondent's page needs, in one query (the hot path of answering).

A personal link's request needs its invitation, the survey (with its scan and organisation)
and the link's draft. :func:`resolve_personal_link` reads them in ONE SQL statement and
takes the questionnaire from a per-process cache keyed by the survey's version
(:func:`.questionnaire.cached_definition`), so the large definition is neither transferred nor
parsed per request. Anything out of the ordinary (no draft yet, a submitted link, a survey
outside its field period, an unknown token) takes the general path
(:func:`.respondents.resolve_personal_link`), which applies every rule and raises the right
:class:`.respondents.LinkProblem`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from django.db import connection, models
from django.db.models.base import ModelState
from django.utils import timezone

from weerbaar.organisations.models import Organisation
from weerbaar.scans.models import Scan

from . import questionnaire as qn
from . import respondents
from .models import Invitation, InvitationState, ResponseDraft, Survey, SurveyStatus
from .respondents import Respondent
from .tokens import invitation_token_hash, response_resume_hash

type Converter = Callable[[Any, Any, Any], Any]

# What the answering pages read of these rows (other fields load on first use).
INVITATION_FIELDS = ("id", "survey", "state")
SCAN_FIELDS = ("id", "organisation")
ORGANISATION_FIELDS = (
    "id",
    "name",
    "slug",
    "privacy_url",
    "survey_contact_name",
    "survey_contact_email",
)


@cache
def _columns(
    model: type[models.Model], alias: str, skip: tuple[str, ...] = (), only: tuple[str, ...] = ()
) -> tuple:
    """(fields, SQL column list, converters per field) of ``model`` under ``alias``: every
    concrete field but those in ``skip``, or only those in ``only`` (the rest deferred)."""
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.name not in skip and (not only or f.name in only)
    ]
    sql = ", ".join(f'{alias}."{f.column}"' for f in fields)
    converters: list[list[Converter]] = []
    for f in fields:
        col = f.get_col(model._meta.db_table)
        converters.append(
            [*connection.ops.get_db_converters(col), *f.get_db_converters(connection)]
        )
    return fields, sql, converters


def _instance(
    model: type[models.Model],
    alias: str,
    values: Sequence[Any],
    skip: tuple[str, ...] = (),
    only: tuple[str, ...] = (),
) -> Any:
    """A model instance from its row, as the ORM loads one (fields not read stay deferred).

    Built the way an unpickled instance is (``__new__`` plus its field values), which skips
    the per-field work of ``Model.__init__``; these models have no ``pre_init`` or
    ``post_init`` receivers (a test checks this)."""
    fields, _sql, converters = _columns(model, alias, skip, only)
    instance = model.__new__(model)
    state = instance.__dict__
    for field, value, convs in zip(fields, values, converters, strict=True):
        for conv in convs:
            value = conv(value, field, connection)
        state[field.attname] = value
    instance._state = ModelState()
    instance._state.adding = False
    instance._state.db = connection.alias
    return instance


#: The models :func:`_instance` builds (their init signals must stay without receivers).
FAST_MODELS = (Invitation, Survey, Scan, Organisation, ResponseDraft)


@cache
def _statement() -> tuple[str, int, int, int, int]:
    inv_names, inv_sql, _ = _columns(Invitation, "i", (), INVITATION_FIELDS)
    survey_names, survey_sql, _ = _columns(Survey, "s", ("definition",))
    scan_names, scan_sql, _ = _columns(Scan, "sc", (), SCAN_FIELDS)
    org_names, org_sql, _ = _columns(Organisation, "o", (), ORGANISATION_FIELDS)
    _draft_names, draft_sql, _ = _columns(ResponseDraft, "d")
    sql = (
        f"SELECT {inv_sql}, {survey_sql}, {scan_sql}, {org_sql}, {draft_sql} "  # noqa: S608 (names from the models; values are parameters)
        f'FROM "{Invitation._meta.db_table}" i '
        f'JOIN "{Survey._meta.db_table}" s ON s."id" = i."survey_id" '
        f'JOIN "{Scan._meta.db_table}" sc ON sc."id" = s."scan_id" '
        f'JOIN "{Organisation._meta.db_table}" o ON o."id" = sc."organisation_id" '
        f'JOIN "{ResponseDraft._meta.db_table}" d '
        f'ON d."survey_id" = i."survey_id" AND d."resume_hash" = %s '
        f'WHERE i."token_hash" = %s'
    )
    return sql, len(inv_names), len(survey_names), len(scan_names), len(org_names)


def _fast(token: str) -> Respondent | None:
    sql, n_inv, n_survey, n_scan, n_org = _statement()
    with connection.cursor() as cursor:
        cursor.execute(sql, [response_resume_hash(token), invitation_token_hash(token)])
        row = cursor.fetchone()
    if row is None:
        return None
    a = n_inv
    b = a + n_survey
    c = b + n_scan
    d = c + n_org
    invitation = _instance(Invitation, "i", row[:a], (), INVITATION_FIELDS)
    survey = _instance(Survey, "s", row[a:b], ("definition",))
    scan = _instance(Scan, "sc", row[b:c], (), SCAN_FIELDS)
    organisation = _instance(Organisation, "o", row[c:d], (), ORGANISATION_FIELDS)
    draft = _instance(ResponseDraft, "d", row[d:])
    now = timezone.now()
    if (
        invitation.state == InvitationState.SUBMITTED
        or draft.ready
        or survey.status != SurveyStatus.OPEN
        or not survey.is_accepting(now)
        or (survey.closes_at is not None and now >= survey.closes_at)
    ):
        return None  # the general path raises the right LinkProblem
    survey.definition = qn.cached_definition(survey.pk, survey.lock_version, survey.created_at)
    Scan._meta.get_field("organisation").set_cached_value(scan, organisation)
    Survey._meta.get_field("scan").set_cached_value(survey, scan)
    invitation.survey = survey
    draft.survey = survey
    return Respondent(survey, token, invitation, draft, draft_loaded=True)


def resolve_personal_link(token: str) -> Respondent:
    """The respondent of a personal link (as :func:`.respondents.resolve_personal_link`)."""
    if token and len(token) <= 100:
        found = _fast(token)
        if found is not None:
            return found
    return respondents.resolve_personal_link(token)
