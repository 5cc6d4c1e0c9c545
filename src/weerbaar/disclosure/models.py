"""What leaves a survey beyond its suppressed results, each one a recorded decision.

* :class:`ResearchGrant` — an external researcher may download the row-level research file
  of one survey (given by the gemeentesecretaris, with a reason);
* :class:`TextRedaction` — the coördinator's redacted version of one free text (a name, a
  unit taken out) that every report uses instead of the original;
* :class:`Release` — a deliberate release of one whole-survey count below k (never a
  breakdown), with a reason.

All are audited (who, when, what). None refers to a response: a redaction names its text
by a digest of the text itself, so it links no answer to any other.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from weerbaar.surveys.models import Survey


class ResearchGrant(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="research_grants")
    researcher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="research_grants"
    )
    reason = models.TextField(_("reden"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_on = models.DateField(_("toegekend op"))
    withdrawn = models.BooleanField(_("ingetrokken"), default=False)

    organisation_field = "survey__scan__organisation"
    audited = True

    class Meta:
        unique_together = [("survey", "researcher")]
        verbose_name = _("toegang tot het onderzoeksbestand")
        verbose_name_plural = _("toegang tot onderzoeksbestanden")

    def __str__(self) -> str:
        return f"{self.researcher} — {self.survey}"


class TextRedaction(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="text_redactions")
    item = models.CharField(_("vraag"), max_length=200)
    text_key = models.CharField(max_length=64)  # digest of (survey, item, original text)
    redacted = models.TextField(_("geredigeerde tekst"))
    redacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    organisation_field = "survey__scan__organisation"
    audited = True

    class Meta:
        unique_together = [("survey", "item", "text_key")]
        verbose_name = _("geredigeerde open tekst")
        verbose_name_plural = _("geredigeerde open teksten")

    def __str__(self) -> str:
        return f"{self.survey} — {self.item}"


class Release(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="releases")
    item = models.CharField(_("vraag"), max_length=200)
    value = models.CharField(_("antwoord"), max_length=200)
    count = models.PositiveIntegerField(_("aantal"))
    base = models.PositiveIntegerField(_("basis"))
    reason = models.TextField(_("reden"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(_("besloten op"))

    organisation_field = "survey__scan__organisation"
    audited = True

    class Meta:
        unique_together = [("survey", "item", "value")]
        verbose_name = _("bewuste vrijgave")
        verbose_name_plural = _("bewuste vrijgaven")

    def __str__(self) -> str:
        return f"{self.survey} — {self.item}: {self.count}"
