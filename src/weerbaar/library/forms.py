"""The upload form of a library (a ZIP of YAML files or a filled-in spreadsheet)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .drafts import upload_regions

PLATFORM = ""


class LibraryUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_(
            "Een ZIP-bestand met een manifest.yaml en de YAML-bestanden die het noemt, of het "
            "ingevulde Excel-sjabloon (.xlsx)."
        ),
    )
    scope = forms.ChoiceField(
        label=_("Voor wie"),
        required=False,
        help_text=_("Een regionaal kader is alleen zichtbaar voor de gemeenten van de regio."),
    )
    note = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(r.pk), r.name) for r in upload_regions(user)]
        if user.is_superuser:
            choices.insert(0, (PLATFORM, str(_("Landelijk: alle gemeenten"))))
        self.scope_field.choices = choices
        self.scope_values = {value for value, _label in choices}

    @property
    def scope_field(self) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields["scope"])

    def clean_scope(self) -> str:
        scope = self.cleaned_data["scope"]
        if scope not in self.scope_values:
            raise forms.ValidationError(_("Kies de regio waarvoor het kader geldt."))
        return scope

    def region_id(self) -> int | None:
        scope = self.cleaned_data["scope"]
        return None if scope == PLATFORM else int(scope)
