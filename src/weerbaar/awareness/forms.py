from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from weerbaar.core.forms import DateInput
from weerbaar.practices.models import Practice

from .content import target_group_choices
from .models import Cadence
from .services import SessionPlan


class SessionForm(forms.Form):
    target_group = forms.ChoiceField(
        label=_("Doelgroep"), error_messages={"invalid_choice": _("Kies een doelgroep.")}
    )
    title = forms.CharField(label=_("Titel"), max_length=200)
    cadence_months = forms.TypedChoiceField(
        label=_("Frequentie"), choices=Cadence.choices, coerce=int, initial=Cadence.YEARLY
    )
    planned_date = forms.DateField(label=_("Geplande datum"), widget=DateInput())
    materials: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Materiaal uit de praktijkbibliotheek"),
        queryset=Practice.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, materials, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        group = self.fields["target_group"]
        assert isinstance(group, forms.ChoiceField)
        group.choices = target_group_choices()
        field = self.fields["materials"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = materials

    def plan(self) -> SessionPlan:
        return SessionPlan(
            target_group=self.cleaned_data["target_group"],
            title=self.cleaned_data["title"],
            cadence_months=self.cleaned_data["cadence_months"],
            planned_date=self.cleaned_data["planned_date"],
            materials=list(self.cleaned_data["materials"]),
        )


class HeldForm(forms.Form):
    held_date = forms.DateField(label=_("Gehouden op"), widget=DateInput())
    invited_count = forms.IntegerField(label=_("Aantal uitgenodigd"), min_value=0, required=False)
    attendance_count = forms.IntegerField(
        label=_("Aantal aanwezig"),
        min_value=0,
        help_text=_("Alleen een aantal: de planner bewaart geen namen van deelnemers."),
    )
