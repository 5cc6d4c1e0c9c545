"""Registers of vulnerable processes and functions (kwetsbare processen en functies).

Design: register rows belong to a **scan** (``scan`` FK, ``organisation_field =
"scan__organisation"``) and are **carried forward** to the next scan of the same
organisation by :func:`weerbaar.registers.services.carry_forward` (called by the repeat-scan
service when a herhaalmeting is started; every copy keeps ``copied_from`` so a trend can be
shown). A scan's register is thus the state at that scan — exactly what its report needs —
while the organisation never has to start again from an empty register.

Field names are stable: other apps (assessment recommendation rules, reports) read them.

ProcessEntry (kwetsbaar proces)
    scan, library_process_id ("" or a library process id, e.g. "PR-subsidieverlening"),
    own_name (name when not from the library), steps (text, one step per line; ``step_list``),
    owner_department (text), described ("yes" / "partly" / "no"; :class:`Described`),
    undermining_addressed (bool: undermining risk named in the description),
    discretion ("none" / "limited" / "large"; :class:`Discretion`),
    money_flows (bool), money_flow_size ("" / "small" / "medium" / "large" / "cash"),
    external_parties (text), notes (text), position, copied_from, created_at, updated_at.
    Related: ``criterion_scores`` (CriterionScore), ``controls`` (ControlMeasure).
    Helpers: ``name`` (display text), ``library_process`` (dict or None),
    ``criterion_score(criterion_id)`` (int or None), ``control_state(control_type)``
    (best recorded :class:`ControlState` value or None), ``has_working(control_type)``.

CriterionScore (score op een rode draad, seed 003 stap 1)
    process, criterion_id ("VC1".."VC8"), score (0..3), rationale (short text).
    Unique per (process, criterion_id).

ControlMeasure (beheersmaatregel bij een proces)
    process, control_type (key matching the library measures' ``control_type``:
    four_eyes, segregation_of_duties, two_signatures, rotation, bibob_check, authorisations,
    privacy_rules, cash_procedures, screening, training, reporting_procedure, policy, other),
    state ("absent" / "on_paper" / "in_practice" / "effective"; :class:`ControlState`, after
    SAINT: existence, operation, effectiveness), description (text), measure_id ("" or a
    library measure id).

FunctionEntry (kwetsbare functie — a function, never a named person: AVG)
    scan, library_function_id ("" or an example function id, e.g. "F-vergunningverlener"),
    name, department, description, has_mandate (bool), mandate_note,
    information_access ("normal" / "sensitive" / "broad"; :class:`InformationAccess`),
    external_contact (bool), decision_authority ("none" / "prepares" / "decides";
    :class:`DecisionAuthority`), financial_flows (bool), incumbents (int >= 1; 1 ->
    eenpitter), typical_tenure_years (int or None; long -> langzitter), dual_roles (bool ->
    dubbelzitter), dual_roles_note, local_ties (bool -> bankzitter), external_hires (bool:
    also filled by hired or external staff),
    screening_required ("none" / "vog" / "vog_p"; :class:`ScreeningLevel`),
    screening_done, screening_done_external, screening_on_change
    ("yes" / "partly" / "no" / "not_applicable"; :class:`ScreeningPractice`),
    rotation_possible (bool), rotation_state (ControlState),
    four_eyes_possible (bool), four_eyes_state (ControlState),
    compensating_control (text: e.g. the college looks along), compensating_state
    (ControlState), notes, position, copied_from, created_at, updated_at.
    Helpers: ``is_eenpitter``, ``is_langzitter`` (tenure >= method threshold),
    ``is_dubbelzitter``, ``is_bankzitter``, ``screening_gap`` (required but not done).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from weerbaar.core.locking import VersionedModel
from weerbaar.core.text import translate

DEFAULT_LONG_TENURE_YEARS = 5


class Described(models.TextChoices):
    YES = "yes", _("Ja")
    PARTLY = "partly", _("Deels")
    NO = "no", _("Nee")


class Discretion(models.TextChoices):
    """Afwegingsruimte."""

    NONE = "none", _("Geen (gebonden besluit)")
    LIMITED = "limited", _("Beperkt")
    LARGE = "large", _("Groot (maatwerk, discretionaire ruimte)")


class MoneyFlowSize(models.TextChoices):
    NONE = "", _("Geen of onbekend")
    SMALL = "small", _("Klein (minder dan € 50.000 per jaar)")
    MEDIUM = "medium", _("Middel (€ 50.000 tot € 1 miljoen per jaar)")
    LARGE = "large", _("Groot (meer dan € 1 miljoen per jaar)")
    CASH = "cash", _("Contant geld")


class ControlState(models.TextChoices):
    """State of a control measure, after SAINT: existence, operation, effectiveness."""

    ABSENT = "absent", _("Afwezig")
    ON_PAPER = "on_paper", _("Op papier")
    IN_PRACTICE = "in_practice", _("Werkt in de praktijk")
    EFFECTIVE = "effective", _("Aantoonbaar effectief")


CONTROL_STATE_ORDER = [s.value for s in ControlState]


class InformationAccess(models.TextChoices):
    NORMAL = "normal", _("Gewoon (alleen wat de taak vraagt)")
    SENSITIVE = "sensitive", _("Gevoelig (persoonsgegevens of vertrouwelijke informatie)")
    BROAD = "broad", _("Breed (strategische informatie of kwetsbare applicaties)")


class DecisionAuthority(models.TextChoices):
    NONE = "none", _("Geen")
    PREPARES = "prepares", _("Bereidt besluiten voor of adviseert")
    DECIDES = "decides", _("Neemt zelfstandig besluiten")


class ScreeningLevel(models.TextChoices):
    NONE = "none", _("Geen")
    VOG = "vog", _("VOG")
    VOG_P = "vog_p", _("VOG P")


class ScreeningPractice(models.TextChoices):
    YES = "yes", _("Ja")
    PARTLY = "partly", _("Deels")
    NO = "no", _("Nee")
    NOT_APPLICABLE = "not_applicable", _("Niet van toepassing")


class ProcessEntry(VersionedModel):
    """A vulnerable process in the register (kwetsbaar proces) of one scan."""

    scan = models.ForeignKey("scans.Scan", on_delete=models.CASCADE, related_name="process_entries")
    library_process_id = models.CharField(_("proces uit de bibliotheek"), max_length=80, blank=True)
    own_name = models.CharField(_("eigen naam"), max_length=200, blank=True)
    steps = models.TextField(_("processtappen"), blank=True)
    owner_department = models.CharField(_("eigenaar (afdeling)"), max_length=200, blank=True)
    described = models.CharField(
        _("beschreven"), max_length=10, choices=Described.choices, default=Described.NO
    )
    undermining_addressed = models.BooleanField(
        _("ondermijningsrisico benoemd in de beschrijving"), default=False
    )
    discretion = models.CharField(
        _("afwegingsruimte"), max_length=10, choices=Discretion.choices, default=Discretion.LIMITED
    )
    money_flows = models.BooleanField(_("geldstromen"), default=False)
    money_flow_size = models.CharField(
        _("omvang geldstromen"), max_length=10, choices=MoneyFlowSize.choices, blank=True
    )
    external_parties = models.TextField(_("externe partijen"), blank=True)
    notes = models.TextField(_("toelichting"), blank=True)
    position = models.PositiveIntegerField(default=0)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    organisation_field = "scan__organisation"
    audited = True

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("kwetsbaar proces")
        verbose_name_plural = _("kwetsbare processen")

    def __str__(self) -> str:
        return self.name

    @property
    def library_process(self) -> dict | None:
        if not self.library_process_id:
            return None
        return self.scan.framework.process_index.get(self.library_process_id)

    @property
    def name(self) -> str:
        if self.own_name:
            return self.own_name
        item = self.library_process
        return translate(item["name"]) if item else self.library_process_id

    @property
    def step_list(self) -> list[str]:
        return [s.strip() for s in self.steps.splitlines() if s.strip()]

    def criterion_score(self, criterion_id: str) -> int | None:
        for cs in self.criterion_scores.all():
            if cs.criterion_id == criterion_id:
                return cs.score
        return None

    def control_state(self, control_type: str) -> str | None:
        """The best recorded state of controls of this type, or None if none is recorded."""
        states = [c.state for c in self.controls.all() if c.control_type == control_type]
        if not states:
            return None
        return max(states, key=CONTROL_STATE_ORDER.index)

    def has_working(self, control_type: str) -> bool:
        """True when a control of this type works in practice or is shown to be effective."""
        state = self.control_state(control_type)
        return state in (ControlState.IN_PRACTICE, ControlState.EFFECTIVE)


class CriterionScore(models.Model):
    """A process's score (0-3) on one vulnerability criterion ('rode draad', seed 003)."""

    process = models.ForeignKey(
        ProcessEntry, on_delete=models.CASCADE, related_name="criterion_scores"
    )
    criterion_id = models.CharField(_("criterium"), max_length=20)
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(3)]
    )
    rationale = models.CharField(_("onderbouwing"), max_length=500, blank=True)

    organisation_field = "process__scan__organisation"
    audited = True

    class Meta:
        ordering = ["process", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "criterion_id"], name="registers_unique_criterion_score"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0) & models.Q(score__lte=3),
                name="registers_criterion_score_0_3",
            ),
        ]
        verbose_name = _("criteriumscore")
        verbose_name_plural = _("criteriumscores")

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"


class ControlMeasure(models.Model):
    """A control measure (beheersmaatregel) of a process, with its measured state."""

    process = models.ForeignKey(ProcessEntry, on_delete=models.CASCADE, related_name="controls")
    control_type = models.CharField(_("soort maatregel"), max_length=40)
    state = models.CharField(
        _("stand"), max_length=12, choices=ControlState.choices, default=ControlState.ABSENT
    )
    description = models.CharField(_("omschrijving"), max_length=300, blank=True)
    measure_id = models.CharField(_("maatregel uit de bibliotheek"), max_length=80, blank=True)

    organisation_field = "process__scan__organisation"
    audited = True

    class Meta:
        ordering = ["process", "control_type", "pk"]
        verbose_name = _("beheersmaatregel")
        verbose_name_plural = _("beheersmaatregelen")

    def __str__(self) -> str:
        return f"{self.control_type}: {self.state}"


class FunctionEntry(VersionedModel):
    """A vulnerable function (kwetsbare functie) of one scan: a function, never a person."""

    scan = models.ForeignKey(
        "scans.Scan", on_delete=models.CASCADE, related_name="function_entries"
    )
    library_function_id = models.CharField(
        _("voorbeeldfunctie uit de bibliotheek"), max_length=80, blank=True
    )
    name = models.CharField(_("functie"), max_length=200)
    department = models.CharField(_("afdeling"), max_length=200, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)
    has_mandate = models.BooleanField(_("mandaat"), default=False)
    mandate_note = models.CharField(_("toelichting mandaat"), max_length=300, blank=True)
    information_access = models.CharField(
        _("toegang tot informatie"),
        max_length=10,
        choices=InformationAccess.choices,
        default=InformationAccess.NORMAL,
    )
    external_contact = models.BooleanField(_("direct contact met externen"), default=False)
    decision_authority = models.CharField(
        _("beslissingsbevoegdheid"),
        max_length=10,
        choices=DecisionAuthority.choices,
        default=DecisionAuthority.NONE,
    )
    financial_flows = models.BooleanField(_("toegang tot geldstromen"), default=False)
    incumbents = models.PositiveSmallIntegerField(
        _("aantal functiehouders"), default=1, validators=[MinValueValidator(1)]
    )
    typical_tenure_years = models.PositiveSmallIntegerField(
        _("gebruikelijke zittingsduur (jaren)"), null=True, blank=True
    )
    dual_roles = models.BooleanField(_("dubbele rol in hetzelfde proces"), default=False)
    dual_roles_note = models.CharField(_("toelichting dubbele rol"), max_length=300, blank=True)
    local_ties = models.BooleanField(_("persoonlijke lokale banden"), default=False)
    external_hires = models.BooleanField(_("ook ingevuld door inhuur of externen"), default=False)
    screening_required = models.CharField(
        _("vereiste screening"),
        max_length=10,
        choices=ScreeningLevel.choices,
        default=ScreeningLevel.NONE,
    )
    screening_done = models.CharField(
        _("screening uitgevoerd bij indiensttreding"),
        max_length=16,
        choices=ScreeningPractice.choices,
        default=ScreeningPractice.NOT_APPLICABLE,
    )
    screening_done_external = models.CharField(
        _("screening uitgevoerd bij inhuur en externen"),
        max_length=16,
        choices=ScreeningPractice.choices,
        default=ScreeningPractice.NOT_APPLICABLE,
    )
    screening_on_change = models.CharField(
        _("opnieuw screenen bij functiewijziging"),
        max_length=16,
        choices=ScreeningPractice.choices,
        default=ScreeningPractice.NOT_APPLICABLE,
    )
    rotation_possible = models.BooleanField(_("roulatie mogelijk"), default=False)
    rotation_state = models.CharField(
        _("roulatie"), max_length=12, choices=ControlState.choices, default=ControlState.ABSENT
    )
    four_eyes_possible = models.BooleanField(_("vier-ogenprincipe mogelijk"), default=False)
    four_eyes_state = models.CharField(
        _("vier-ogenprincipe"),
        max_length=12,
        choices=ControlState.choices,
        default=ControlState.ABSENT,
    )
    compensating_control = models.CharField(
        _("compenserende maatregel"), max_length=300, blank=True
    )
    compensating_state = models.CharField(
        _("stand compenserende maatregel"),
        max_length=12,
        choices=ControlState.choices,
        default=ControlState.ABSENT,
    )
    notes = models.TextField(_("toelichting"), blank=True)
    position = models.PositiveIntegerField(default=0)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    organisation_field = "scan__organisation"
    audited = True

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(incumbents__gte=1), name="registers_function_incumbents_min_1"
            ),
        ]
        verbose_name = _("kwetsbare functie")
        verbose_name_plural = _("kwetsbare functies")

    def __str__(self) -> str:
        return self.name

    @property
    def is_eenpitter(self) -> bool:
        return self.incumbents == 1

    def long_tenure_threshold(self) -> int:
        from .method import method_for_scan

        return method_for_scan(self.scan).long_tenure_years

    @property
    def is_langzitter(self) -> bool:
        if self.typical_tenure_years is None:
            return False
        return self.typical_tenure_years >= self.long_tenure_threshold()

    @property
    def is_dubbelzitter(self) -> bool:
        return self.dual_roles

    @property
    def is_bankzitter(self) -> bool:
        return self.local_ties

    @property
    def screening_gap(self) -> bool:
        """Screening is required but not (fully) done for staff, hires or on a change."""
        if self.screening_required == ScreeningLevel.NONE:
            return False
        practices = [self.screening_done, self.screening_on_change]
        if self.external_hires:
            practices.append(self.screening_done_external)
        return any(p in (ScreeningPractice.NO, ScreeningPractice.PARTLY) for p in practices)
