"""Everything a respondent's page needs, in one query (the hot path of answering).

A personal link's request needs its invitation, the survey and the link's draft (the intro
page also its scan and organisation). :func:`resolve_personal_link` reads them in ONE SQL
statement and takes the questionnaire from a per-process cache keyed by the survey's version
(:func:`.questionnaire.cached_definition`), so the large definition is neither transferred nor
parsed per request. Anything out of the ordinary (no draft yet, a submitted link, a survey
outside its field period, an unknown token) takes the general path
(:func:`.respondents.resolve_personal_link`), which applies every rule and raises the right
:class:`.respondents.LinkProblem`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class _Part:
    """One model's columns in the statement: ``only`` these fields, or all but ``skip``."""

    model: type[models.Model]
    alias: str
    skip: tuple[str, ...] = ()
    only: tuple[str, ...] = ()


#: What every page reads: the invitation, the survey (its state decides the path) and the
#: draft. Each further table costs the database about as much as a small query of its own.
PAGE_PARTS = (
    _Part(Invitation, "i", only=INVITATION_FIELDS),
    _Part(Survey, "s", skip=("definition",)),
    _Part(ResponseDraft, "d"),
)
#: The intro page also shows the organisation and its contact for the survey.
INTRO_PARTS = (
    *PAGE_PARTS,
    _Part(Scan, "sc", only=SCAN_FIELDS),
    _Part(Organisation, "o", only=ORGANISATION_FIELDS),
)


@cache
def _statement(parts: tuple[_Part, ...]) -> str:
    """The link's read. The invitation and the draft are each found by their own unique key
    first (materialised), so the plan never walks a survey's invitations or drafts: without
    fresh statistics (right after thousands of invitations are sent) the planner would
    otherwise join through the survey and filter every invitation of it per request."""
    columns = ", ".join(_columns(p.model, p.alias, p.skip, p.only)[1] for p in parts)
    sql = (
        f'WITH i AS MATERIALIZED (SELECT * FROM "{Invitation._meta.db_table}" '  # noqa: S608 (names from the models; values are parameters)
        f'WHERE "token_hash" = %s), '
        f'd AS MATERIALIZED (SELECT * FROM "{ResponseDraft._meta.db_table}" '
        f'WHERE "resume_hash" = %s) '
        f"SELECT {columns} FROM i "
        f'JOIN d ON d."survey_id" = i."survey_id" '
        f'JOIN "{Survey._meta.db_table}" s ON s."id" = i."survey_id"'
    )
    if parts == INTRO_PARTS:
        sql += (
            f' JOIN "{Scan._meta.db_table}" sc ON sc."id" = s."scan_id"'
            f' JOIN "{Organisation._meta.db_table}" o ON o."id" = sc."organisation_id"'
        )
    return sql


def _fast(token: str, parts: tuple[_Part, ...]) -> Respondent | None:
    with connection.cursor() as cursor:
        cursor.execute(
            _statement(parts), [invitation_token_hash(token), response_resume_hash(token)]
        )
        row = cursor.fetchone()
    if row is None:
        return None
    instances: list[Any] = []
    start = 0
    for part in parts:
        end = start + len(_columns(part.model, part.alias, part.skip, part.only)[0])
        instances.append(_instance(part.model, part.alias, row[start:end], part.skip, part.only))
        start = end
    invitation, survey, draft = instances[:3]
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
    if parts == INTRO_PARTS:
        scan, organisation = instances[3:]
        Scan._meta.get_field("organisation").set_cached_value(scan, organisation)
        Survey._meta.get_field("scan").set_cached_value(survey, scan)
    invitation.survey = survey
    draft.survey = survey
    return Respondent(survey, token, invitation, draft, draft_loaded=True)


def resolve_personal_link(token: str, *, with_organisation: bool = False) -> Respondent:
    """The respondent of a personal link (as :func:`.respondents.resolve_personal_link`).

    The survey's scan and organisation load on first use, unless ``with_organisation``
    (the intro page) reads them in the same statement."""
    if token and len(token) <= 100:
        found = _fast(token, INTRO_PARTS if with_organisation else PAGE_PARTS)
        if found is not None:
            return found
    return respondents.resolve_personal_link(token)
