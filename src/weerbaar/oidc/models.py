"""Per-organisation OpenID Connect configuration and the rules that turn claims into roles.

The client secret lives apart from the audited configuration (:class:`ClientSecret`), so the
audit trail records *that* it changed (``secret_changed_at``) and never the secret itself,
not even encrypted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from weerbaar.organisations.models import Organisation, Role


class Configuration(models.Model):
    """How one organisation's identity provider is reached (one per organisation)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="oidc_configuration"
    )
    enabled = models.BooleanField(
        _("ingeschakeld"),
        default=False,
        help_text=_("Alleen als dit aan staat, kunnen leden via de identiteitsprovider inloggen."),
    )
    issuer = models.URLField(
        _("issuer"),
        max_length=500,
        help_text=_(
            "De issuer-URL van de identiteitsprovider, bijvoorbeeld "
            "https://login.microsoftonline.com/<tenant-id>/v2.0 of "
            "https://sso.gemeente.nl/realms/gemeente. De discovery-gegevens worden opgehaald "
            "van <issuer>/.well-known/openid-configuration."
        ),
    )
    client_id = models.CharField(_("client-ID"), max_length=255)
    scopes = models.CharField(
        _("scopes"),
        max_length=500,
        default="openid email profile",
        help_text=_("Gescheiden door spaties; openid is altijd nodig."),
    )
    mfa_acr_values = models.CharField(
        _("acr-waarden die als tweede factor tellen"),
        max_length=500,
        blank=True,
        help_text=_(
            "Gescheiden door spaties. Geeft de identiteitsprovider een van deze acr-waarden af, "
            "of een amr-waarde die een tweede factor aangeeft (zoals mfa, otp, hwk), dan vraagt "
            "Weerbaar niet nog eens om een tweede factor."
        ),
    )
    secret_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    organisation_field = "organisation"
    audited = True

    class Meta:
        verbose_name = _("OIDC-configuratie")
        verbose_name_plural = _("OIDC-configuraties")

    def __str__(self) -> str:
        return f"OIDC — {self.organisation}"

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    def scope_list(self) -> list[str]:
        scopes = self.scopes.split()
        return scopes if "openid" in scopes else ["openid", *scopes]

    def acr_list(self) -> set[str]:
        return set(self.mfa_acr_values.split())


class ClientSecret(models.Model):
    """The client secret, encrypted (see :mod:`weerbaar.oidc.secrets`). Never shown again."""

    configuration = models.OneToOneField(
        Configuration, on_delete=models.CASCADE, related_name="secret"
    )
    encrypted = models.TextField()

    organisation_field = "configuration__organisation"

    def __str__(self) -> str:
        return f"secret — {self.configuration}"


class ClaimRule(models.Model):
    """If claim ``claim`` equals (or, for a list, contains) ``value``, grant ``role``."""

    configuration = models.ForeignKey(Configuration, on_delete=models.CASCADE, related_name="rules")
    claim = models.CharField(
        _("claim"), max_length=100, help_text=_("Bijvoorbeeld groups of roles.")
    )
    value = models.CharField(
        _("waarde"), max_length=255, help_text=_("Bijvoorbeeld weerbaar-coordinatoren.")
    )
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A rule grants nothing until confirmed. Rules for roles that need a second person's
    # confirmation (see weerbaar.organisations.governance) are confirmed by someone else.
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    organisation_field = "configuration__organisation"
    audited = True

    class Meta:
        ordering = ["claim", "value", "role"]
        unique_together = [("configuration", "claim", "value", "role")]
        verbose_name = _("claimregel")
        verbose_name_plural = _("claimregels")

    def __str__(self) -> str:
        return f"{self.claim} ∋ {self.value} → {self.get_role_display()}"


class Identity(models.Model):
    """Links a provider's subject (``sub``) to a user, so later logins need no e-mail match."""

    configuration = models.ForeignKey(
        Configuration, on_delete=models.CASCADE, related_name="identities"
    )
    subject = models.CharField(max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="oidc_identities"
    )
    last_login = models.DateTimeField(auto_now=True)

    organisation_field = "configuration__organisation"

    class Meta:
        unique_together = [("configuration", "subject")]

    def __str__(self) -> str:
        return f"{self.subject} — {self.user}"


class GrantedMembership(models.Model):
    """Marks a membership as granted by a claim rule, so a later login can withdraw it."""

    membership = models.OneToOneField(
        "organisations.Membership", on_delete=models.CASCADE, related_name="oidc_grant"
    )

    organisation_field = "membership__organisation"

    def __str__(self) -> str:
        return f"OIDC — {self.membership}"
