from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from weerbaar.core.locking import VersionedFormMixin
from weerbaar.organisations.models import Role

from .access import SHAREABLE_ROLES
from .models import AgendaItem, Portfolio, WorkspaceSettings

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WorkspaceSettingsForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = WorkspaceSettings
        fields = ["cadence_weeks", "remind_days_before", "burgemeester_access"]
        error_messages = {
            "remind_days_before": {
                "invalid": _("Vul een geheel aantal dagen in."),
                "max_value": _("Kies ten hoogste 60 dagen."),
                "min_value": _("Kies ten minste 1 dag."),
            }
        }

    def __init__(self, *args, can_manage_access: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not can_manage_access:
            del self.fields["burgemeester_access"]


class SelfScanForm(forms.Form):
    """One Likert question per role and one checkbox per activity (fields from the library)."""

    def __init__(self, *args, roles: list, scale: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(s["value"]), s["label"]) for s in scale]
        self.roles = roles
        for role in roles:
            self.fields[role["id"]] = forms.TypedChoiceField(
                label=role["statement"],
                choices=choices,
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"{role['id']}.activities"] = forms.MultipleChoiceField(
                label=_("Wat doet u hiervoor?"),
                choices=[(a["id"], a["text"]) for a in role["activities"]],
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def scores(self) -> dict[str, int | None]:
        return {r["id"]: self.cleaned_data.get(r["id"]) or None for r in self.roles}

    def activities(self) -> list[str]:
        out: list[str] = []
        for r in self.roles:
            out.extend(self.cleaned_data.get(f"{r['id']}.activities") or [])
        return out


class ShareForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Delen met"),
        choices=[(r.value, r.label) for r in SHAREABLE_ROLES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Zonder vinkje ziet alleen u de zelfscan."),
    )


class AgendaCreateForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    meeting_date = forms.DateField(label=_("Datum collegevergadering"), widget=DATE_INPUT)


class AgendaEditForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "meeting_date", "introduction", "decisions_needed"]
        widgets = {"meeting_date": DATE_INPUT}
        help_texts = {
            "introduction": _("Wat het college over deze periode moet weten."),
            "decisions_needed": _("Welke besluiten u het college vraagt te nemen."),
        }


class DecisionForm(forms.Form):
    decision = forms.CharField(label=_("Besluit van het college"), widget=forms.Textarea)
    decided_on = forms.DateField(label=_("Datum besluit"), widget=DATE_INPUT)


class ResultingActionForm(forms.Form):
    title = forms.CharField(label=_("Actie"), max_length=200)
    owner_role = forms.ChoiceField(
        label=_("Eigenaar (rol)"),
        choices=[(r.value, r.label) for r in (Role.ACTIEHOUDER, Role.COORDINATOR, Role.SECRETARIS)],
    )
    due_date = forms.DateField(label=_("Streefdatum"), required=False, widget=DATE_INPUT)


class PortfolioForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Portfolio
        fields = ["holder_title", "name", "processes", "functions"]
        widgets = {
            "processes": forms.CheckboxSelectMultiple,
            "functions": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "holder_title": _("Alleen de functie, bijvoorbeeld ‘Wethouder Economie’; geen naam."),
        }

    def __init__(self, *args, processes, functions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("processes", processes), ("functions", functions)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = queryset
            field.required = False
