"""Survey domain logic: questionnaires, surveys, links, saving and submitting answers.

Anonymity rules this module keeps (see docs/privacy.md):

* a link token is never stored; an invitation stores ``sha256("weerbaar-invitation:" + t)``;
* while answering, the response stores ``HMAC(SECRET_KEY, "weerbaar-response:" + t)`` so
  the same link resumes; submitting clears it, so afterwards no token leads to the response;
* an invitation only moves through not_started -> started -> submitted; it never learns
  which response is its own, and the response stores no time, only the submission date.
"""

from __future__ import annotations

import copy
import secrets
from dataclasses import dataclass

import yaml
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from weerbaar.core.locking import claim_version
from weerbaar.library.loader import LibraryError

from . import questionnaire as qn
from . import routing
from .models import (
    Audience,
    Invitation,
    InvitationState,
    OpenLinkNonce,
    Questionnaire,
    ResponseSet,
    Survey,
    SurveyMode,
    SurveyStatus,
)
from .tokens import invitation_token_hash, new_token, nonce_hash, response_resume_hash
from .types import QuestionnaireDefinition

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
    survey.save()
    return survey


def close_survey(survey: Survey) -> Survey:
    """End the field period: delete e-mail addresses and unlink unfinished responses."""
    with transaction.atomic():
        survey.status = SurveyStatus.CLOSED
        now = timezone.now()
        if survey.closes_at is None or survey.closes_at > now:
            survey.closes_at = now
        survey.save()
        survey.invitations.exclude(email=None).update(email=None)
        survey.responses.exclude(resume_hash=None).update(resume_hash=None)
    return survey


def close_expired_surveys(surveys=None) -> int:
    """Close every open survey whose closing time has passed (deletes e-mail addresses).

    Called whenever a survey is looked at (respondent link, survey page, scan page) and meant
    for a periodic task too, so addresses never outlive the field period.
    """
    queryset = Survey.objects.all() if surveys is None else surveys
    expired = queryset.filter(status=SurveyStatus.OPEN, closes_at__lte=timezone.now())
    count = 0
    for survey in expired:
        close_survey(survey)
        count += 1
    return count


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
        "submitted": survey.responses.filter(submitted=True).count(),
        "in_progress": survey.responses.filter(submitted=False).count(),
    }


# ----------------------------------------------------------------------------- respondents


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

    @property
    def departments(self) -> list:
        return list(self.survey.scan.organisation.departments.all())


def _check_period(survey: Survey) -> None:
    now = timezone.now()
    if survey.status == SurveyStatus.OPEN and survey.closes_at and now >= survey.closes_at:
        close_survey(survey)
    if survey.status == SurveyStatus.CLOSED or (survey.closes_at and now >= survey.closes_at):
        raise LinkProblem("closed", survey)
    if not survey.is_accepting(now):
        raise LinkProblem("not_open", survey)


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
    _check_period(survey)
    return Respondent(survey, token, invitation)


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


def find_response(respondent: Respondent) -> ResponseSet | None:
    """The unfinished response of this link (None once submitted)."""
    response = ResponseSet.objects.filter(
        survey=respondent.survey,
        resume_hash=response_resume_hash(respondent.token),
        submitted=False,
    ).first()
    if response is not None:
        response.survey = respondent.survey  # already loaded with its scan and organisation
    return response


def start_response(respondent: Respondent) -> ResponseSet:
    """The response being answered through this link; created on first use."""
    response = find_response(respondent)
    if response is not None:
        return response
    try:
        with transaction.atomic():
            response = ResponseSet.objects.create(
                survey=respondent.survey, resume_hash=response_resume_hash(respondent.token)
            )
    except IntegrityError:  # a parallel first request created it
        response = find_response(respondent)
        if response is None:
            raise LinkProblem("submitted", respondent.survey) from None
        return response
    if respondent.invitation is not None:
        Invitation.objects.filter(
            pk=respondent.invitation.pk, state=InvitationState.NOT_STARTED
        ).update(state=InvitationState.STARTED)
    return response


def claim_open_nonce(survey: Survey, nonce: str) -> bool:
    """Use a one-time start nonce of an open link; False if it was used before."""
    try:
        with transaction.atomic():
            OpenLinkNonce.objects.create(survey=survey, nonce_hash=nonce_hash(nonce))
    except IntegrityError:
        return False
    return True


def _department_of(
    definition: QuestionnaireDefinition, answers: dict, organisation, current_id: int | None
):
    """The department answered in Q1 (looked up only when the answer changed)."""
    question = qn.department_question(definition)
    if question is None:
        return None
    value = answers.get(question["id"])
    if not value or not str(value).isdigit():
        return None
    if current_id is not None and int(value) == current_id:
        return current_id
    department = organisation.departments.filter(pk=int(value)).first()
    return department.pk if department is not None else None


def save_answers(
    response: ResponseSet, page_answers: dict, page_index: int, resume_at: int | None = None
) -> ResponseSet:
    """Merge the answers of one page, drop answers to questions now hidden, remember the page.

    ``page_answers`` holds the page's visible questions: an absent key means "not answered"
    (a cleared answer is removed). ``resume_at``: the page the link reopens on (default:
    this page).
    """
    definition = response.survey.definition
    response.answers = routing.merge_page(definition, response.answers, page_index, page_answers)
    response.last_page = page_index if resume_at is None else resume_at
    response.department_id = _department_of(
        definition, response.answers, response.survey.scan.organisation, response.department_id
    )
    response.save(update_fields=["answers", "last_page", "department"])
    return response


def submit_response(response: ResponseSet, invitation: Invitation | None = None) -> bool:
    """Submit once: True the first time, False if it was already submitted (harmless)."""
    with transaction.atomic():
        locked = ResponseSet.objects.select_for_update().filter(pk=response.pk).first()
        if locked is None or locked.submitted:
            return False
        locked.answers = routing.clean_answers(locked.survey.definition, locked.answers)
        locked.submitted = True
        locked.submitted_on = timezone.localdate()
        locked.resume_hash = None
        locked.save(update_fields=["answers", "submitted", "submitted_on", "resume_hash"])
        if invitation is not None:
            Invitation.objects.filter(pk=invitation.pk).update(state=InvitationState.SUBMITTED)
    response.submitted = True
    response.resume_hash = None
    return True


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
