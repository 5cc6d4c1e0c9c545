"""API tokens: one organisation's key to the API, with scopes, an expiry and a revocation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    """What a token may do; a request needs the scope its endpoint names."""

    READ = "read", _("Lezen: organisatie, scans, rapporten, acties en enquêtes")
    RESULTS = "results:read", _("Lezen: enquêteresultaten en incidentcijfers (onderdrukt)")
    ACTIONS_WRITE = "actions:write", _("Schrijven: status en voortgangsnotities van acties")


class ApiToken(models.Model):
    """A token of one organisation. Only the SHA-256 of the token is stored; the token itself
    is shown once, when it is created. It acts on behalf of the person who created it and
    stops working when revoked, expired, or when that person no longer manages tokens."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("naam"), max_length=100)
    prefix = models.CharField(_("begin van de sleutel"), max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("rechten"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    expires_at = models.DateTimeField(_("verloopt op"))
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)

    organisation_field = "organisation"
    audited = True

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
