"""Importing a LimeSurvey structure file as an organisation's own questionnaire.

:func:`preview` reads and converts an upload and validates the result as any questionnaire
YAML is validated (:func:`weerbaar.surveys.services.check_source`); nothing is stored.
:func:`create_questionnaire` stores a previewed questionnaire for an organisation.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from weerbaar.core.uploads import check_upload
from weerbaar.surveys import services as survey_services
from weerbaar.surveys.models import Audience, Questionnaire
from weerbaar.surveys.types import QuestionnaireDefinition

from .common import Report
from .convert import build_definition
from .reader import LssError, read_survey


@dataclass
class Preview:
    """A converted survey: the questionnaire YAML, the report, and validation problems."""

    source: str
    definition: QuestionnaireDefinition | None
    report: Report
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.definition is not None and not self.problems

    def as_dict(self) -> dict[str, Any]:
        data = self.report.as_dict()
        definition: dict[str, Any] = dict(self.definition or {})
        data["questionnaire"] = {
            "id": definition.get("id"),
            "title": (definition.get("title") or {}).get("nl"),
            "pages": len(definition.get("pages", [])),
            "questions": len(self.report.created),
        }
        data["problems"] = self.problems
        return data


def check_file(data: bytes) -> None:
    """Refuse an upload that is empty, too large, or not an XML text file."""
    try:
        check_upload(io.BytesIO(data), {"csv"})
    except ValidationError as exc:
        if exc.code != "type":
            raise
        raise LssError(
            _(
                "Kies een LimeSurvey-vragenlijststructuur (.lss). Een archief (.lsa, .zip) "
                "of een PDF wordt hier niet aangenomen."
            ),
            code="type",
        ) from None


def preview(data: bytes, audience: str = Audience.STAFF) -> Preview:
    """The questionnaire an ``.lss`` file becomes; :class:`LssError` if it cannot be read."""
    check_file(data)
    survey = read_survey(data)
    definition, report = build_definition(survey, audience)
    source = yaml.safe_dump(definition, allow_unicode=True, sort_keys=False, width=100)
    checked, errors = survey_services.check_source(source, "limesurvey.yaml")
    return Preview(source, checked, report, [str(e) for e in errors])


def create_questionnaire(organisation: Any, source: str) -> Questionnaire:
    """Store questionnaire YAML (from :func:`preview`) as the organisation's own copy.

    The text is validated again; ``ValidationError`` when it does not validate.
    """
    definition, errors = survey_services.check_source(source, "limesurvey.yaml")
    if errors or definition is None:
        raise ValidationError(
            _("De geïmporteerde vragenlijst is niet geldig: %(errors)s")
            % {"errors": "; ".join(str(e) for e in errors[:5])}
        )
    return Questionnaire.objects.create(
        key=definition["id"][:64],
        version=definition["version"],
        audience=definition["audience"],
        title=definition["title"]["nl"][:300],
        definition=definition,
        source=source,
        organisation=organisation,
        is_valid=True,
    )
