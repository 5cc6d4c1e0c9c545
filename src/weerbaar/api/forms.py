from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Scope


def default_expiry() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=365)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Naam"),
        max_length=100,
        help_text=_("Waarvoor de sleutel is, bijvoorbeeld „Dashboard gemeenteraad”."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Rechten"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Scope.READ.value],
        error_messages={"required": _("Kies ten minste één recht uit de lijst.")},
    )
    expires_on = forms.DateField(
        label=_("Geldig tot en met"),
        initial=default_expiry,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Ten hoogste twee jaar vanaf vandaag."),
        error_messages={"invalid": _("Geef een datum, bijvoorbeeld 31-12-2027.")},
    )
