"""The region's and the benchmark's stored data.

* :class:`BenchmarkOptIn` — a municipality takes part in the anonymous benchmark (its
  gemeentesecretaris decided); deleting it removes the municipality's contributions.
* :class:`ReportSummary` — what one approved report version shows, reduced to the figures
  the region compares (pillar phases, norm verdicts, survey items after suppression). Made
  once per published version, so neither the dashboard nor the benchmark reads reports,
  surveys or responses at request time.
* :class:`ScopeFigures` — the computed benchmark figures of one scope (median and
  quartiles over municipalities, or why a figure is withheld); :class:`Population` —
  every set of contributions a shown figure ever rested on (see
  :mod:`.stats`); :class:`SyncState` — what the stored figures were computed from.
* :class:`RoleScoreOptIn` and :class:`ContributedScore` — the gemeentesecretaris' roles
  self-scan scores contributed to the regional comparison (see :mod:`.rolescores`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BenchmarkOptIn(models.Model):
    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="benchmark_opt_in"
    )
    opted_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opted_in_at = models.DateTimeField(auto_now_add=True)

    organisation_field = "organisation"
    audited = True

    class Meta:
        verbose_name = _("deelname aan de benchmark")
        verbose_name_plural = _("deelnames aan de benchmark")

    def __str__(self) -> str:
        return str(self.organisation)


class ReportSummary(models.Model):
    """The comparable figures of one published report version (or demo aggregates)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="report_summaries"
    )
    scan = models.ForeignKey("scans.Scan", on_delete=models.CASCADE, related_name="+")
    version = models.OneToOneField(
        "reports.ReportVersion",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="regional_summary",
    )
    published_at = models.DateTimeField()
    # {pillar id: phase}, {norm id: 0|1|2}, {item key: integer value}
    pillars = models.JSONField(default=dict)
    norms = models.JSONField(default=dict)
    items = models.JSONField(default=dict)
    # {key: bilingual label} of the pillars, norms and items above
    labels = models.JSONField(default=dict)

    organisation_field = "organisation"
    audited = True

    class Meta:
        ordering = ["organisation", "-published_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-published_at"])]
        verbose_name = _("samenvatting van een rapport")
        verbose_name_plural = _("samenvattingen van rapporten")

    def __str__(self) -> str:
        return f"{self.organisation} {self.published_at:%Y-%m-%d}"


class ScopeFigures(models.Model):
    """Every benchmark figure of one scope (the country, a size class, a region): per item
    the median and quartiles over municipalities (never one of them), or why it is withheld.
    One row per scope, so a page reads one to three rows."""

    scope = models.CharField(max_length=40, unique=True)
    # {item: {"unit":, "n":, "q1":, "median":, "q3":, "withheld":}}
    figures = models.JSONField(default=dict)

    platform_level = True

    def __str__(self) -> str:
        return self.scope


class Population(models.Model):
    """A set of contributions (``s<summary id>``, ``p<progress report id>``) shown figures
    rested on, and the items they were shown for (kept for ever; see :mod:`.stats`)."""

    digest = models.CharField(max_length=64, unique=True)
    members = models.JSONField(default=list)
    items = models.JSONField(default=list)

    platform_level = True

    def __str__(self) -> str:
        return self.digest[:8]


class SyncState(models.Model):
    """What the stored summaries and figures were computed from (one row)."""

    stamp = models.CharField(max_length=200, blank=True)
    labels = models.JSONField(default=dict)  # item -> bilingual label
    computed_at = models.DateTimeField(null=True)

    platform_level = True

    def __str__(self) -> str:
        return self.stamp


class RoleScoreOptIn(models.Model):
    """The gemeentesecretaris contributes the roles self-scan's scores anonymously to the
    regional comparison (separate from :class:`BenchmarkOptIn`). Holds no scores: the audit
    log records joining and leaving, never a value. The contribution is the secretaris' own:
    it goes when their account goes (as their self-scans do)."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    opted_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    opted_in_at = models.DateTimeField(auto_now_add=True)

    organisation_field = "organisation"
    audited = True

    class Meta:
        verbose_name = _("bijdrage van de zelfscan aan de regionale vergelijking")
        verbose_name_plural = _("bijdragen van de zelfscan aan de regionale vergelijking")

    def __str__(self) -> str:
        return str(self.organisation)


class ContributedScore(models.Model):
    """One contributed self-scan score (1..5) of one item, of the organisation's latest year.

    Deliberately not audited: the audit log is readable by the organisation's insiders and
    would show the value. A changed value is a new row (a new contribution, see
    :mod:`.roles`); the rows go with the opt-in and with the organisation."""

    opt_in = models.ForeignKey(RoleScoreOptIn, on_delete=models.CASCADE, related_name="scores")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    item = models.CharField(max_length=60)
    value = models.PositiveSmallIntegerField()

    organisation_field = "organisation"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "item"], name="regional_one_score_per_item"
            )
        ]

    def __str__(self) -> str:
        return self.item
