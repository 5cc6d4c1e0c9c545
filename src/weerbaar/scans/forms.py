from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from weerbaar.library.models import LibraryVersion


class DateInput(forms.DateInput):
    input_type = "date"


class ScanForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    library_version = forms.ModelChoiceField(
        label=_("Referentiekader"), queryset=LibraryVersion.objects.none(), empty_label=None
    )
    period_start = forms.DateField(label=_("Begin periode"), widget=DateInput)
    period_end = forms.DateField(label=_("Einde periode"), widget=DateInput)
    description = forms.CharField(label=_("Toelichting"), widget=forms.Textarea, required=False)

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library_version"].queryset = LibraryVersion.objects.order_by("-loaded_at")

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Het einde van de periode ligt voor het begin."))
        return data
