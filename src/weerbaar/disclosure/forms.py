from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class GrantForm(forms.Form):
    researcher = forms.TypedChoiceField(label=_("Onderzoeker"), coerce=int)
    reason = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Bijvoorbeeld het onderzoek van de rekenkamer waarvoor het bestand nodig is."),
    )

    def __init__(self, *args, researcher_choices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["researcher"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = researcher_choices


class RedactionForm(forms.Form):
    item = forms.CharField(widget=forms.HiddenInput, max_length=200)
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    redacted = forms.CharField(
        label=_("Tekst zoals die getoond mag worden"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )


class ReleaseForm(forms.Form):
    count = forms.ChoiceField(label=_("Aantal"))
    reason = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_(
            "Waarom dit aantal onder k openbaar wordt, bijvoorbeeld: de rekenkamer rapporteert "
            "hoeveel van de raadsleden dit meemaakten."
        ),
    )

    def __init__(self, *args, count_choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["count"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = count_choices
