from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerbaar.core.forms import DateInput
from weerbaar.core.locking import VersionedFormMixin
from weerbaar.library.models import LibraryVersion


class ScanForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    library_version = forms.ModelChoiceField(
        label=_("Referentiekader"),
        queryset=LibraryVersion.objects.for_scans().order_by("-loaded_at"),
        empty_label=None,
    )
    period_start = forms.DateField(label=_("Begin periode"), widget=DateInput)
    period_end = forms.DateField(label=_("Einde periode"), widget=DateInput)
    description = forms.CharField(label=_("Toelichting"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, organisation: object = None, **kwargs: Any) -> None:
        # ``organisation`` is passed by the view; every version of the library is offered.
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Het einde van de periode ligt voor het begin."))
        return data


class ScanEditForm(VersionedFormMixin, forms.Form):
    """Change a scan's title, period and description (the framework stays pinned)."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    period_start = forms.DateField(label=_("Begin periode"), widget=DateInput)
    period_end = forms.DateField(label=_("Einde periode"), widget=DateInput)
    description = forms.CharField(label=_("Toelichting"), widget=forms.Textarea, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Het einde van de periode ligt voor het begin."))
        return data
