"""Screening compliance per function and the candidate-bestuurder checklist.

FunctionScreening
    One row per vulnerable function of the register (``registers.FunctionEntry``): the VOG P
    domain the function lies in (a library ``vog_p_domains`` id, or "" when none or when the
    library's example function already says) and, per screening, the date it was last
    completed for the function's post holders. Never a name and never an outcome: a date per
    function. A herhaalmeting copies functions forward; the record of the nearest earlier copy
    counts until the new copy gets its own (:func:`weerbaar.screening.selectors.record_for`).
CandidateRound / CandidateStep
    A round of appointing wethouders (e.g. "Collegevorming 2026") and, per step of the
    library checklist, the date it was taken and the role that took it. There is no text field
    for a finding or an outcome, by design.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

SCREENING_FIELDS = {
    "vog": "vog_last_done",
    "vog_p": "vog_p_last_done",
    "integrity_check": "integrity_last_done",
}


class FunctionScreening(models.Model):
    function = models.OneToOneField(
        "registers.FunctionEntry", on_delete=models.CASCADE, related_name="+"
    )
    vog_p_domain = models.CharField(_("domein met verplichte VOG P"), max_length=80, blank=True)
    vog_last_done = models.DateField(_("VOG laatst afgerond op"), null=True, blank=True)
    vog_p_last_done = models.DateField(_("VOG P laatst afgerond op"), null=True, blank=True)
    integrity_last_done = models.DateField(
        _("integriteitscheck laatst afgerond op"), null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    organisation_field = "function__scan__organisation"
    audited = True

    class Meta:
        verbose_name = _("screening van een functie")
        verbose_name_plural = _("screening van functies")

    def __str__(self) -> str:
        return f"screening {self.function_id}"

    def last_done(self, screening: str):
        return getattr(self, SCREENING_FIELDS[screening])


class CandidateRound(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("ronde"), max_length=120)
    candidates = models.PositiveSmallIntegerField(_("aantal kandidaten"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    organisation_field = "organisation"
    audited = True

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("ronde kandidaat-wethouders")
        verbose_name_plural = _("rondes kandidaat-wethouders")

    def __str__(self) -> str:
        return self.title


class CandidateStep(models.Model):
    round = models.ForeignKey(CandidateRound, on_delete=models.CASCADE, related_name="steps")
    step_id = models.CharField(max_length=80)
    done_on = models.DateField(_("gezet op"), null=True, blank=True)
    done_by = models.CharField(_("door (rol)"), max_length=80, blank=True)
    not_applicable = models.BooleanField(_("niet van toepassing"), default=False)

    organisation_field = "round__organisation"
    audited = True

    class Meta:
        ordering = ["round", "step_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "step_id"], name="screening_unique_step")
        ]
        verbose_name = _("stap kandidaat-wethouders")
        verbose_name_plural = _("stappen kandidaat-wethouders")

    def __str__(self) -> str:
        return f"{self.round_id} {self.step_id}"
