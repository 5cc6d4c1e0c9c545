"""Surveys (enquêtes): questionnaires, surveys in a scan, invitations and anonymous responses.

Final field names (the results engineer builds on these):

``Questionnaire`` (vragenlijst) — a validated questionnaire definition.
    key             str, the questionnaire id in the YAML (``medewerkers``, ``raadsleden``)
    version         str, e.g. ``"2026.2"``
    audience        ``Audience``: ``staff`` | ``council``
    title           str (Dutch title, for lists; the bilingual title is in ``definition``)
    definition      JSON: the parsed, validated questionnaire (format: questionnaire.py)
    source          text: the YAML text (what the coordinator edits)
    organisation    FK Organisation, NULL = shipped with the platform (read-only)
    based_on        FK Questionnaire (the one this copy was made from), nullable
    is_valid        bool: the last save validated without errors
    created_at / updated_at
    organisation_field = "organisation"; audited

``Survey`` (enquête) — one questionnaire fielded in one scan.
    scan            FK scans.Scan
    questionnaire   FK Questionnaire (PROTECT)
    definition      JSON: copy of the questionnaire definition, pinned when the survey is
                    created, so later edits of the questionnaire never change a running survey
    title           str
    audience        ``Audience``: ``staff`` | ``council``
    mode            ``SurveyMode``: ``personal`` (one link per invitee) | ``open`` (one link)
    open_code       str, unique, nullable: the code of the open link (``/o-link/<code>/``)
    opens_at / closes_at   datetime, nullable: the field period (veldwerkperiode)
    status          ``SurveyStatus``: ``draft`` | ``open`` | ``closed``
    k               int, nullable: the minimum cell size, fixed when the survey opens (the
                    organisation's k then); may be raised, never lowered, once there are
                    responses (services.set_survey_k); every change is audited
    created_at
    organisation_field = "scan__organisation"; audited

``Invitation`` (uitnodiging) — one personal link. Knows NOTHING of the response.
    survey          FK Survey
    token_hash      str, unique: sha256("weerbaar-invitation:" + token); the token itself is
                    never stored
    email           str, nullable: deleted when the field period closes
    department      FK organisations.Department, nullable (for response rates per department)
    state           ``InvitationState``: ``not_started`` | ``started`` | ``submitted``
    reminder_count  int
    organisation_field = "survey__scan__organisation"; NOT audited (the audit log would keep
    e-mail addresses and precise times of state changes forever)

``ResponseSet`` (ingevulde vragenlijst) — the final anonymous answers of one respondent.
    id              UUID4 primary key (random: no sequence, no ordering)
    survey          FK Survey
    answers         JSON: {question_id: answer}, shapes: single/likert -> str,
                    multiple -> list[str], matrix -> {row_id: str}, grade_matrix ->
                    {row_id: int}, text -> str, number -> int | float.
                    Only answers to questions that were shown (routing.clean_answers).
    department      FK organisations.Department, nullable: copied from the answer to the
                    ``options_from: departments`` question only (for breakdowns)
    submitted       bool, always True (kept for the queries of other apps)
    submitted_on    date: the date of the BATCH that wrote the row (web) or of the import;
                    every row of a batch has the same date
    source          ``ResponseSource``: ``web`` | ``import`` (paper questionnaires)
    Web responses are written only by the batch worker (:mod:`.fieldwork`), in shuffled order,
    at least k per survey per batch (all remaining at close); a respondent's request never
    writes this table. No resume hash, no page, no time.
    organisation_field = "survey__scan__organisation"; NOT audited (anonymity)

``ResponseDraft`` (antwoorden in bewerking) — answers while a link is being answered.
    id              UUID4 primary key
    survey          FK Survey
    resume_hash     str, unique: HMAC(SECRET_KEY, "weerbaar-response:" + sha256 link hash)
    answers / department / last_page   as above, plus the page to resume on
    ready           bool: submitted by the respondent, waiting for the next batch (the link
                    says "thank you" from now on)
    Deleted by the batch worker when it writes the final ``ResponseSet``; unfinished drafts
    are deleted when the survey closes. No timestamps.

``ResultTally`` — the counts of a survey's final responses of one department and one paper
    import (or the web), for the results (see :mod:`.results.tallies`).
    survey / department / paper_import   as on ``ResponseSet`` (SET_NULL with them)
    definition_hash str: sha256 of the definition the counts were made against
    n               int: the number of responses counted
    counts          JSON: per question, who was shown it, answered it and how often each
                    answer was given (numbers: value -> count; no free texts)
    Written in the transaction that writes the responses it counts (a batch, an import), so
    it holds no more than those rows; rebuilt from the rows whenever it does not match them.
    organisation_field = "survey__scan__organisation"; NOT audited (anonymity)

``OpenLinkNonce`` — one-time start nonces of open-link surveys (protection against replaying
    the start form); ``nonce_hash`` only, no link to a response.

No foreign key, shared id, ordering field, timestamp or shared transaction links an
Invitation to a ResponseDraft or ResponseSet; see docs/privacy.md ("Survey anonymity").
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerbaar.core.locking import VersionedModel


class Audience(models.TextChoices):
    STAFF = "staff", _("Medewerkers")
    COUNCIL = "council", _("Raadsleden")
    BESTUUR = "bestuur", _("Burgemeester en wethouders")


class SurveyMode(models.TextChoices):
    PERSONAL = "personal", _("Persoonlijke links")
    OPEN = "open", _("Open link")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("In voorbereiding")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Gesloten")


class InvitationState(models.TextChoices):
    NOT_STARTED = "not_started", _("Niet begonnen")
    STARTED = "started", _("Begonnen")
    SUBMITTED = "submitted", _("Verzonden")


class ResponseSource(models.TextChoices):
    WEB = "web", _("Online")
    IMPORT = "import", _("Geïmporteerd")


class Questionnaire(VersionedModel):
    """A questionnaire definition (vragenlijst): shipped (organisation NULL) or an edited copy."""

    key = models.SlugField(_("code"), max_length=64)
    version = models.CharField(_("versie"), max_length=32)
    audience = models.CharField(_("doelgroep"), max_length=16, choices=Audience.choices)
    title = models.CharField(_("titel"), max_length=300)
    definition = models.JSONField(_("definitie"), default=dict)
    source = models.TextField(_("YAML-tekst"), blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="questionnaires",
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("gebaseerd op"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    is_valid = models.BooleanField(_("gevalideerd"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    organisation_field = "organisation"
    audited = True

    class Meta:
        ordering = ["key", "version", "pk"]
        verbose_name = _("vragenlijst")
        verbose_name_plural = _("vragenlijsten")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "version"],
                condition=models.Q(organisation__isnull=True),
                name="surveys_shipped_questionnaire_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @property
    def is_shipped(self) -> bool:
        return self.organisation_id is None


class Survey(VersionedModel):
    """A survey (enquête) of one scan: a pinned questionnaire, a field period, a link mode."""

    scan = models.ForeignKey("scans.Scan", on_delete=models.CASCADE, related_name="surveys")
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("vragenlijst"),
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    definition = models.JSONField(_("definitie"), default=dict)
    title = models.CharField(_("titel"), max_length=300)
    audience = models.CharField(_("doelgroep"), max_length=16, choices=Audience.choices)
    mode = models.CharField(
        _("soort link"), max_length=16, choices=SurveyMode.choices, default=SurveyMode.PERSONAL
    )
    open_code = models.CharField(max_length=64, unique=True, null=True, blank=True)
    opens_at = models.DateTimeField(_("opent op"), null=True, blank=True)
    closes_at = models.DateTimeField(_("sluit op"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    k = models.PositiveSmallIntegerField(
        _("minimale celgrootte (k)"),
        null=True,
        blank=True,
        help_text=_("Vastgelegd bij het openen van de enquête; kan daarna alleen omhoog."),
    )
    # The k of the first results page (set when the field period closes): a page at a k
    # raised later shows only what that page showed (see results.moments).
    released_k = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    organisation_field = "scan__organisation"
    audited = True

    class Meta:
        ordering = ["scan", "audience", "pk"]
        verbose_name = _("enquête")
        verbose_name_plural = _("enquêtes")

    def __str__(self) -> str:
        return self.title

    def is_accepting(self, now=None) -> bool:
        """Whether respondents can answer now (status open and inside the field period)."""
        now = now or timezone.now()
        if self.status != SurveyStatus.OPEN:
            return False
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)

    @property
    def effective_k(self) -> int:
        """The survey's k: fixed at opening; the organisation's current k before that."""
        return self.k if self.k is not None else self.scan.organisation.k


class Invitation(models.Model):
    """A personal survey link (uitnodiging). Holds no reference to any response."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField(_("e-mailadres"), null=True, blank=True)
    department = models.ForeignKey(
        "organisations.Department",
        verbose_name=_("afdeling"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("status"),
        max_length=16,
        choices=InvitationState.choices,
        default=InvitationState.NOT_STARTED,
    )
    reminder_count = models.PositiveSmallIntegerField(_("herinneringen"), default=0)

    organisation_field = "survey__scan__organisation"

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")

    def __str__(self) -> str:
        return f"{_('Uitnodiging')} {self.pk}"


class ResponseSet(models.Model):
    """The final anonymous answers of one respondent (ingevulde vragenlijst). Not audited."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    answers = models.JSONField(default=dict)
    department = models.ForeignKey(
        "organisations.Department",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted = models.BooleanField(default=True)
    submitted_on = models.DateField(null=True, blank=True)
    source = models.CharField(
        max_length=16, choices=ResponseSource.choices, default=ResponseSource.WEB
    )
    # Paper rows: the import they came from. Whoever imported them knows them, so the results
    # protect everything for the other rows as well (never a link to an invitation).
    paper_import = models.ForeignKey(
        "PaperImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    organisation_field = "survey__scan__organisation"

    class Meta:
        verbose_name = _("ingevulde vragenlijst")
        verbose_name_plural = _("ingevulde vragenlijsten")

    def __str__(self) -> str:
        return str(_("Ingevulde vragenlijst"))


class PaperImport(models.Model):
    """One import of paper questionnaires (papieren vragenlijsten): who, when, how many.

    Audited, so the log says who added how many rows to which survey and when; the rows
    are anonymous responses (source ``import``) tagged with this import, because the person
    who imported them knows them: the results are protected for the remaining rows too.
    Imports are possible only while the survey is open: after its results are released, one
    more row would show its answers as the difference between two moments.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="paper_imports")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_on = models.DateField(_("ingevoerd op"))
    rows = models.PositiveIntegerField(_("aantal vragenlijsten"))

    organisation_field = "survey__scan__organisation"
    audited = True

    class Meta:
        verbose_name = _("import van papieren vragenlijsten")
        verbose_name_plural = _("imports van papieren vragenlijsten")

    def __str__(self) -> str:
        return f"{self.survey} ({self.rows})"


class ResponseDraft(models.Model):
    """Answers being given through one link, kept apart from the final responses."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="drafts")
    resume_hash = models.CharField(max_length=64, unique=True)
    answers = models.JSONField(default=dict)
    department = models.ForeignKey(
        "organisations.Department",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_page = models.PositiveSmallIntegerField(default=0)
    ready = models.BooleanField(default=False)

    organisation_field = "survey__scan__organisation"

    class Meta:
        verbose_name = _("antwoorden in bewerking")
        verbose_name_plural = _("antwoorden in bewerking")

    def __str__(self) -> str:
        return str(_("Antwoorden in bewerking"))


class OpenLinkNonce(models.Model):
    """A used one-time start nonce of an open-link survey (only its hash)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    nonce_hash = models.CharField(max_length=64, unique=True)

    organisation_field = "survey__scan__organisation"

    def __str__(self) -> str:
        return self.nonce_hash[:8]


class ResultTally(models.Model):
    """Counts of the final responses of one survey, department and paper import (or web)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(
        "organisations.Department",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    paper_import = models.ForeignKey(
        "PaperImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    definition_hash = models.CharField(max_length=64)
    n = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict)

    organisation_field = "survey__scan__organisation"

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.n}"
