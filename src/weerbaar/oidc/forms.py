from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from weerbaar.organisations.models import Role

from .models import Configuration


class ConfigurationForm(forms.ModelForm):
    client_secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_(
            "Wordt versleuteld opgeslagen en nooit meer getoond. Laat leeg om het opgeslagen "
            "secret te houden."
        ),
    )

    class Meta:
        model = Configuration
        fields = ["enabled", "issuer", "client_id", "client_secret", "scopes", "mfa_acr_values"]

    def __init__(self, *args: Any, has_secret: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_secret = has_secret

    def clean_issuer(self) -> str:
        issuer: str = self.cleaned_data["issuer"].rstrip("/")
        insecure_ok = settings.OIDC_ALLOW_INSECURE_ISSUER and issuer.startswith("http://")
        if not (issuer.startswith("https://") or insecure_ok):
            raise forms.ValidationError(_("De issuer moet een https-adres zijn."))
        return issuer

    def clean_scopes(self) -> str:
        scopes = self.cleaned_data["scopes"].split()
        if "openid" not in scopes:
            scopes.insert(0, "openid")
        return " ".join(dict.fromkeys(scopes))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("enabled") and not (data.get("client_secret") or self.has_secret):
            self.add_error("client_secret", _("Vul het client secret in."))
        return data


class RuleForm(forms.Form):
    claim = forms.CharField(label=_("Claim"), max_length=100, initial="groups")
    value = forms.CharField(label=_("Waarde"), max_length=255)
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)


class RuleActionForm(forms.Form):
    rule = forms.IntegerField(widget=forms.HiddenInput)
