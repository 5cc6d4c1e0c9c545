"""Storing editor changes of an organisation's questionnaire copy, with version locking.

The stored ``definition`` is the questionnaire; after every editor change its YAML
``source`` is generated again from it (see :func:`.validation.source_for`). Changes are
audited through the model (``Questionnaire.audited``). Surveys keep their own pinned copy
of the definition (``Survey.definition``), so an edit never changes a survey in the field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils.text import slugify
from django.utils.translation import gettext as _

from weerbaar.core.locking import claim_version
from weerbaar.organisations.models import Organisation

from .. import services
from ..models import Questionnaire, Survey
from ..types import QuestionnaireDefinition
from .validation import EditError, Problem, describe_problems, problems_of, source_for


def questionnaire_for(organisation: Any, pk: int) -> Questionnaire:
    """A shipped questionnaire or one of ``organisation``'s own copies; 404 otherwise."""
    found = Questionnaire.objects.filter(
        Q(organisation__isnull=True) | Q(organisation=organisation), pk=pk
    ).first()
    if found is None:
        raise Http404
    return found


Edit = Callable[[QuestionnaireDefinition], QuestionnaireDefinition]


def apply_edit(
    questionnaire: Questionnaire, edit: Edit, *, expected_version: int | None
) -> Questionnaire:
    """Apply ``edit`` to the stored definition of an own copy and store the result.

    :class:`~weerbaar.core.locking.ConflictError` when someone saved the copy after
    ``expected_version``; :class:`.EditError` when the edit is refused (nothing stored).
    """
    if questionnaire.is_shipped:
        raise EditError([_("Een meegeleverde vragenlijst kunt u niet wijzigen; maak een kopie.")])
    with transaction.atomic():
        claim_version(questionnaire, expected_version)
        definition = edit(questionnaire.definition)
        questionnaire.definition = definition
        questionnaire.source = source_for(definition, questionnaire.source)
        questionnaire.is_valid = True
        questionnaire.save()
    return questionnaire


def validate_questionnaire(questionnaire: Questionnaire) -> list[Problem]:
    """Every problem of the stored questionnaire, checked as a survey would use it
    (including the library's dimensions and norms); empty when it can be used."""
    problems = describe_problems(
        questionnaire.definition,
        problems_of(questionnaire.definition, services.known_library_ids()),
    )
    if not questionnaire.is_valid:
        problems.insert(
            0,
            Problem(
                where=_("YAML-tekst"),
                message=_("de laatst opgeslagen YAML-tekst bevat fouten en is niet toegepast"),
            ),
        )
    return problems


@dataclass(frozen=True)
class SurveyUse:
    """A survey made from this questionnaire, and whether it holds responses."""

    survey: Survey
    has_responses: bool


def surveys_using(questionnaire: Questionnaire, organisation: Organisation) -> list[SurveyUse]:
    """The surveys of ``organisation`` made from ``questionnaire`` (each keeps its own copy of
    the questions). A shipped questionnaire serves every organisation: only this one's count."""
    surveys = questionnaire.surveys.filter(scan__organisation=organisation)
    return [
        SurveyUse(survey, services.has_responses(survey))
        for survey in surveys.select_related("scan").order_by("pk")
    ]


def export_text(questionnaire: Questionnaire) -> str:
    """The YAML of the questionnaire as stored (its definition; an imported text keeps its
    comments while it is the same document)."""
    return source_for(questionnaire.definition, questionnaire.source)


def export_filename(questionnaire: Questionnaire) -> str:
    return f"{slugify(questionnaire.key)}-{slugify(questionnaire.version)}.yaml"
