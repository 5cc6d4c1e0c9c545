from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from weerbaar.core.locking import VersionedModel


class Region(models.Model):
    """A RIEC region (RIEC-regio): the municipalities one RIEC works with."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("RIEC-regio")
        verbose_name_plural = _("RIEC-regio's")

    def __str__(self) -> str:
        return self.name


class Organisation(VersionedModel):
    """A municipality (gemeente) or other public organisation that runs scans."""

    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(unique=True)
    cbs_code = models.CharField(
        _("CBS-gemeentecode"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^GM\d{4}$", _("Een CBS-code heeft de vorm GM0123."))],
    )
    inhabitants = models.PositiveIntegerField(_("aantal inwoners"), null=True, blank=True)
    province = models.CharField(_("provincie"), max_length=100, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("RIEC-regio"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )
    min_cell_size = models.PositiveSmallIntegerField(
        _("minimale celgrootte (k)"),
        default=settings.MIN_CELL_SIZE_DEFAULT,
        validators=[MinValueValidator(settings.MIN_CELL_SIZE_FLOOR)],
        help_text=_("Resultaten van minder dan k respondenten worden nooit getoond."),
    )

    # Shown to respondents on a survey's first page.
    privacy_url = models.URLField(
        _("adres van de privacyverklaring"),
        blank=True,
        help_text=_("De privacyverklaring van de gemeente; respondenten zien deze link."),
    )
    survey_contact_name = models.CharField(
        _("contactpersoon voor respondenten"), max_length=200, blank=True
    )
    survey_contact_email = models.EmailField(_("e-mailadres van de contactpersoon"), blank=True)
    # The organisation's own look: a primary colour and a logo (PNG, JPEG or WebP).
    theme_primary_colour = models.CharField(
        _("hoofdkleur"),
        max_length=7,
        blank=True,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Een kleur heeft de vorm #1a5f8a."))],
    )
    logo = models.FileField(_("logo"), upload_to="logos/", blank=True)

    organisation_field = "self"
    audited = True

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.min_cell_size is not None and self.min_cell_size < settings.MIN_CELL_SIZE_FLOOR:
            raise ValidationError(
                {
                    "min_cell_size": _("De minimale celgrootte is ten minste %(k)s.")
                    % {"k": settings.MIN_CELL_SIZE_FLOOR}
                }
            )

    @property
    def k(self) -> int:
        """Effective minimum cell size: never below the platform floor."""
        return max(self.min_cell_size or 0, settings.MIN_CELL_SIZE_FLOOR)


class Department(models.Model):
    """A department (afdeling) of an organisation, e.g. for survey question Q1."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(_("naam"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    organisation_field = "organisation"
    audited = True

    class Meta:
        ordering = ["organisation", "position", "name"]
        unique_together = [("organisation", "name")]
        verbose_name = _("afdeling")
        verbose_name_plural = _("afdelingen")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """Roles a user can have within one organisation."""

    COORDINATOR = "coordinator", _("Scancoördinator")
    SECRETARIS = "gemeentesecretaris", _("Gemeentesecretaris")
    ACTIEHOUDER = "actiehouder", _("Actiehouder")
    LEZER = "lezer", _("Lezer (college, raad, rekenkamer)")
    ONDERZOEKER = "onderzoeker", _("Onderzoeker (extern, bijv. rekenkamer)")
    AFDELINGSHOOFD = "afdelingshoofd", _("Afdelingshoofd (intake van de eigen afdeling)")
    BURGEMEESTER = "burgemeester", _("Burgemeester")


class Membership(models.Model):
    """A user's role in one organisation (lidmaatschap)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    # Only for the afdelingshoofd: the one department the membership is scoped to.
    department = models.ForeignKey(
        Department,
        verbose_name=_("afdeling"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
    )

    organisation_field = "organisation"
    audited = True

    class Meta:
        unique_together = [("user", "organisation", "role")]
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("wacht op bevestiging")
    CONFIRMED = "confirmed", _("bevestigd")
    REJECTED = "rejected", _("afgewezen")


class MembershipRequest(models.Model):
    """A proposed role that grants nothing until someone else in the organisation confirms it.

    Roles that see the organisation's data in progress (see
    :data:`weerbaar.organisations.governance.CONFIRMED_ROLES`) are requested, not given; the
    gemeentesecretaris or a scancoördinator other than the requester decides. The address is
    kept as typed (normalised), so the request says nothing about accounts elsewhere.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="membership_requests"
    )
    email = models.EmailField(_("e-mailadres"))
    full_name = models.CharField(_("naam"), max_length=200, blank=True)
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    organisation_field = "organisation"
    audited = True

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("verzoek om een rol")
        verbose_name_plural = _("verzoeken om een rol")

    def __str__(self) -> str:
        return f"{self.email} — {self.get_role_display()} — {self.organisation}"


class RegionMembership(models.Model):
    """A RIEC adviser's access to all organisations of a region."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="region_memberships"
    )
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="memberships")

    audited = True
    platform_level = True

    class Meta:
        unique_together = [("user", "region")]
        verbose_name = _("RIEC-adviseur")
        verbose_name_plural = _("RIEC-adviseurs")

    def __str__(self) -> str:
        return f"{self.user} — {self.region}"
