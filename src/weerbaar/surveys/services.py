"""Survey domain logic: questionnaires, surveys, links, saving and submitting answers.

Respondents (links, drafts, submitting) are in :mod:`.respondents`; the batches that write
final responses and invitation states, and closing, in :mod:`.fieldwork`. Their public
functions are re-exported here.
"""

from __future__ import annotations

import copy
import secrets

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from weerbaar.core.locking import claim_version
from weerbaar.library.loader import LibraryError

from . import questionnaire as qn
from .fieldwork import close_expired_surveys, close_survey, results_released
from .models import (
    Audience,
    Invitation,
    InvitationState,
    Questionnaire,
    ResponseDraft,
    Survey,
    SurveyMode,
    SurveyStatus,
)
from .respondents import (
    LinkProblem,
    Respondent,
    claim_open_nonce,
    find_response,
    resolve_open_survey,
    resolve_personal_link,
    save_answers,
    start_response,
    submit_response,
)
from .tokens import invitation_token_hash, new_token, response_resume_hash
from .types import QuestionnaireDefinition

__all__ = [
    "LinkProblem",
    "Respondent",
    "claim_open_nonce",
    "close_expired_surveys",
    "close_survey",
    "find_response",
    "invitation_token_hash",
    "new_token",
    "resolve_open_survey",
    "resolve_personal_link",
    "response_resume_hash",
    "results_released",
    "save_answers",
    "start_response",
    "submit_response",
]

# ----------------------------------------------------------------------------- questionnaires


def latest_framework():
    from weerbaar.library.models import LibraryVersion

    version = LibraryVersion.objects.order_by("-loaded_at", "-pk").first()
    return version.framework if version else None


def known_library_ids(framework=None) -> set[str] | None:
    framework = framework or latest_framework()
    return qn.library_ids(framework) if framework is not None else None


def shipped_sources() -> list[tuple[str, str]]:
    """(name, YAML text) of every shipped questionnaire.

    Questionnaires in the current library bundle (kind ``questionnaire``) take precedence;
    the text of the shipped files is kept where it is the same document.
    """
    from weerbaar.library.models import LibraryVersion

    version = LibraryVersion.objects.order_by("-loaded_at", "-pk").first()
    documents = version.documents_of_kind("questionnaire") if version else []
    files = {p.name: p.read_text(encoding="utf-8") for p in qn.shipped_paths() if p.exists()}
    if not documents:
        return list(files.items())
    out = []
    for d in documents:
        name = f"{d['id']}.yaml"
        text = files.get(name)
        # Keep the shipped file's own text (comments, layout) when it is the same document.
        if text is None or yaml.safe_load(text) != d:
            text = yaml.safe_dump(d, allow_unicode=True, sort_keys=False)
        out.append((name, text))
    return out


def install_shipped_questionnaires() -> list[Questionnaire]:
    """Create (or return) the shipped questionnaires (organisation NULL). Idempotent."""
    out = []
    known = known_library_ids()
    for name, text in shipped_sources():
        data = qn.load_text(text, name, known)
        obj = Questionnaire.objects.filter(
            organisation__isnull=True, key=data["id"], version=data["version"]
        ).first()
        if obj is None:
            obj = Questionnaire.objects.create(
                key=data["id"],
                version=data["version"],
                audience=data["audience"],
                title=data["title"]["nl"],
                definition=data,
                source=text,
                is_valid=True,
            )
        out.append(obj)
    return out


def available_questionnaires(organisation):
    """Shipped questionnaires and the organisation's own copies."""
    from django.db.models import Q

    return Questionnaire.objects.filter(
        Q(organisation__isnull=True) | Q(organisation=organisation)
    ).order_by("organisation_id", "key", "pk")


def copy_questionnaire(questionnaire: Questionnaire, organisation) -> Questionnaire:
    """An editable copy of a questionnaire for one organisation (kopie)."""
    return Questionnaire.objects.create(
        key=questionnaire.key,
        version=questionnaire.version,
        audience=questionnaire.audience,
        title=_("%(title)s (kopie)") % {"title": questionnaire.title},
        definition=copy.deepcopy(questionnaire.definition),
        source=questionnaire.source,
        organisation=organisation,
        based_on=questionnaire,
        is_valid=questionnaire.is_valid,
    )


def check_source(
    text: str, display: str = "vragenlijst.yaml"
) -> tuple[QuestionnaireDefinition | None, list[LibraryError]]:
    """Validate questionnaire YAML text; returns (definition or None, errors)."""
    data, node, errors = qn.parse_text(text, display)
    if not errors:
        errors = qn.validate(data, node, display, known_library_ids())
    return (None if errors else data), errors


def save_questionnaire_source(
    questionnaire: Questionnaire, text: str, *, expected_version: int | None = None
) -> list[LibraryError]:
    """Store edited YAML of an organisation's copy.

    Valid text replaces the definition. Invalid text is kept (nothing typed is lost) but the
    copy is marked not valid and keeps its last valid definition; it cannot be used for a new
    survey until it validates. :class:`~weerbaar.core.locking.ConflictError` when someone else
    saved the copy after ``expected_version``.
    """
    if questionnaire.is_shipped:
        raise ValidationError(
            _("Een meegeleverde vragenlijst kunt u niet wijzigen; maak een kopie.")
        )
    definition, errors = check_source(text)
    questionnaire.source = text
    if errors or definition is None:
        questionnaire.is_valid = False
    else:
        questionnaire.definition = definition
        questionnaire.key = definition["id"]
        questionnaire.audience = definition["audience"]
        questionnaire.version = definition["version"]
        questionnaire.is_valid = True
    with transaction.atomic():
        claim_version(questionnaire, expected_version)
        questionnaire.save()
    return errors


# ----------------------------------------------------------------------------- surveys


def create_survey(
    *,
    scan,
    questionnaire: Questionnaire,
    mode: str = SurveyMode.PERSONAL,
    opens_at=None,
    closes_at=None,
    title: str = "",
) -> Survey:
    """A survey of a scan; the questionnaire definition is copied (pinned) into the survey."""
    if questionnaire.organisation_id not in (None, scan.organisation_id):
        raise ValidationError(_("Deze vragenlijst hoort niet bij deze organisatie."))
    if not questionnaire.is_valid:
        raise ValidationError(
            {"questionnaire": _("Deze vragenlijst is niet gevalideerd. Herstel eerst de fouten.")}
        )
    if opens_at and closes_at and closes_at <= opens_at:
        raise ValidationError({"closes_at": _("De sluitdatum moet na de openingsdatum liggen.")})
    problems = qn.semantic_errors(
        questionnaire.definition, None, questionnaire.key, qn.library_ids(scan.framework)
    )
    if problems:
        raise ValidationError(
            {
                "questionnaire": _(
                    "Deze vragenlijst past niet bij het referentiekader van de scan: %(errors)s"
                )
                % {"errors": "; ".join(str(p) for p in problems[:5])}
            }
        )
    survey = Survey(
        scan=scan,
        questionnaire=questionnaire,
        definition=copy.deepcopy(questionnaire.definition),
        title=title or questionnaire.definition.get("title", {}).get("nl", questionnaire.title),
        audience=questionnaire.audience,
        mode=mode,
        opens_at=opens_at,
        closes_at=closes_at,
    )
    if mode == SurveyMode.OPEN:
        survey.open_code = secrets.token_urlsafe(12)
    survey.save()
    return survey


def change_period(
    survey: Survey, opens_at, closes_at, *, expected_version: int | None = None
) -> Survey:
    """Set the field period of a survey that is not closed (checked against the version the
    form was loaded with: :class:`~weerbaar.core.locking.ConflictError`)."""
    if survey.status == SurveyStatus.CLOSED:
        raise ValidationError(_("Een gesloten enquête kan niet opnieuw worden geopend."))
    if opens_at and closes_at and closes_at <= opens_at:
        raise ValidationError({"closes_at": _("De sluitdatum moet na de openingsdatum liggen.")})
    survey.opens_at = opens_at
    survey.closes_at = closes_at
    with transaction.atomic():
        claim_version(survey, expected_version)
        survey.save(update_fields=["opens_at", "closes_at"])
    return survey


def open_survey(survey: Survey) -> Survey:
    """Start the field period (veldwerk). A closed survey cannot be reopened."""
    if survey.status == SurveyStatus.CLOSED:
        raise ValidationError(_("Een gesloten enquête kan niet opnieuw worden geopend."))
    survey.status = SurveyStatus.OPEN
    if survey.opens_at is None:
        survey.opens_at = timezone.now()
    if survey.k is None:  # fixed now: the organisation's later changes do not reach it
        survey.k = survey.scan.organisation.k
    survey.save()
    return survey


def has_responses(survey: Survey) -> bool:
    return survey.responses.exists() or ResponseDraft.objects.filter(survey=survey).exists()


def unclosed_surveys(scan) -> list[Survey]:
    """The scan's surveys that are not closed yet (in preparation or open), oldest first."""
    return list(scan.surveys.exclude(status=SurveyStatus.CLOSED).order_by("pk"))


def set_survey_k(survey: Survey, k: int) -> Survey:
    """Change a survey's minimum cell size (audited: Survey is an audited model).

    Never below the platform floor or the organisation's k; once the survey has responses
    (or answers in progress) only upwards, so no two views of the same data differ in k.
    """
    from django.conf import settings

    floor = max(settings.MIN_CELL_SIZE_FLOOR, survey.scan.organisation.k)
    if survey.k is not None:  # a k fixed before the organisation raised its own may rise
        floor = max(settings.MIN_CELL_SIZE_FLOOR, min(floor, survey.k))
    if k < floor:
        raise ValidationError(
            {"k": _("De minimale celgrootte is ten minste %(k)s.") % {"k": floor}}
        )
    if survey.k is not None and k < survey.k and has_responses(survey):
        raise ValidationError(
            {
                "k": _(
                    "Er zijn al antwoorden: de minimale celgrootte kan alleen omhoog (nu %(k)s)."
                )
                % {"k": survey.k}
            }
        )
    survey.k = k
    survey.save(update_fields=["k"])
    return survey


def new_invitation(survey: Survey, email: str | None = None, department=None):
    """A personal link: returns (invitation, token). The token is shown once, never stored."""
    token = new_token()
    invitation = Invitation.objects.create(
        survey=survey,
        token_hash=invitation_token_hash(token),
        email=email or None,
        department=department,
    )
    return invitation, token


def survey_counts(survey: Survey) -> dict:
    """Status figures for the coordinator: invitations per state and responses."""
    from django.db.models import Count

    states = {
        row["state"]: row["n"]
        for row in survey.invitations.order_by().values("state").annotate(n=Count("pk"))
    }
    return {
        "invited": sum(states.values()),
        "not_started": states.get(InvitationState.NOT_STARTED, 0),
        "started": states.get(InvitationState.STARTED, 0),
        "invitations_submitted": states.get(InvitationState.SUBMITTED, 0),
        "submitted": survey.responses.count(),
        "in_progress": ResponseDraft.objects.filter(survey=survey).count(),
    }


def audience_label(audience: str) -> str:
    return str(Audience(audience).label)


def carry_forward(previous_scan, new_scan) -> int:
    """A draft survey in ``new_scan`` per questionnaire of ``previous_scan``; the number made.

    Only into a scan without surveys (so it reuses once). A questionnaire that no longer fits
    the new scan's framework is skipped: the coordinator chooses another one.
    """
    if new_scan.surveys.exists():
        return 0
    made, seen = 0, set()
    for old in previous_scan.surveys.select_related("questionnaire").order_by("pk"):
        if old.questionnaire_id in seen:
            continue
        seen.add(old.questionnaire_id)
        try:
            create_survey(
                scan=new_scan, questionnaire=old.questionnaire, mode=old.mode, title=old.title
            )
        except ValidationError:
            continue
        made += 1
    return made
