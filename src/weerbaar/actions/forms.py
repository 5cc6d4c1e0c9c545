"""Forms of the follow-up pages. Validation that needs the domain lives in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerbaar.core.forms import DateInput
from weerbaar.core.locking import VersionedFormMixin
from weerbaar.core.text import translate
from weerbaar.organisations.models import Role

from .models import ActionStatus, FollowUpSettings


def owner_choices(organisation, users) -> list[tuple[str, str]]:
    """``role:<role>`` or ``user:<pk>``; validated by the service (an outsider is reported)."""
    roles = [(f"role:{v}", _("Rol: %(role)s") % {"role": label}) for v, label in Role.choices]
    people = [(f"user:{u.pk}", str(u)) for u in users]
    return [*roles, *people]


class ActionForm(VersionedFormMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(label=_("Omschrijving"), widget=forms.Textarea, required=False)
    owner = forms.CharField(
        label=_("Eigenaar"),
        help_text=_(
            "Standaard de rol actiehouder: HR/P&O onder de gemeentesecretaris. Een persoon kan ook."
        ),
        widget=forms.Select,
    )
    due_date = forms.DateField(
        label=_("Streefdatum"),
        widget=DateInput,
        required=False,
        error_messages={"invalid": _("Vul een geldige datum in, bijvoorbeeld 31-12-2026.")},
    )
    dimension_ids = forms.MultipleChoiceField(
        label=_("Dimensies"), required=False, widget=forms.CheckboxSelectMultiple
    )
    pillar_ids = forms.MultipleChoiceField(
        label=_("RIEC-pijlers"), required=False, widget=forms.CheckboxSelectMultiple
    )
    library_process_ids = forms.MultipleChoiceField(
        label=_("Processen uit de bibliotheek"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    process_entry = forms.ChoiceField(label=_("Kwetsbaar proces (register)"), required=False)
    function_entry = forms.ChoiceField(label=_("Kwetsbare functie (register)"), required=False)

    def __init__(self, *args, scan=None, users=(), **kwargs):
        super().__init__(*args, **kwargs)
        fw = scan.framework
        self.fields["owner"].widget.choices = owner_choices(scan.organisation, users)
        dims = []
        for d in fw.dimensions_and_themes:
            dims.append((d["id"], f"{d['number']}. {translate(d['name'])}"))
            for s in d.get("subelements", []):
                dims.append((s["id"], f"{s.get('code', s['id'])}. {translate(s['name'])}"))
        self._choice_field("dimension_ids").choices = dims
        self._choice_field("pillar_ids").choices = [
            (p["id"], translate(p["name"])) for p in fw.pillars
        ]
        self._choice_field("library_process_ids").choices = [
            (
                translate(c["name"]),
                [(p["id"], translate(p["name"])) for p in c.get("processes", [])],
            )
            for c in fw.process_categories
        ]
        processes = [("", "—")] + [(str(p.pk), p.name) for p in scan.process_entries.all()]
        functions = [("", "—")] + [(str(f.pk), f.name) for f in scan.function_entries.all()]
        self._choice_field("process_entry").choices = processes
        self._choice_field("function_entry").choices = functions

    def _choice_field(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        if not isinstance(field, forms.ChoiceField):
            raise TypeError(f"{name} is not a choice field")
        return field


class StatusForm(forms.Form):
    prefix = "status"
    status = forms.CharField(
        label=_("Nieuwe status"), widget=forms.Select(choices=ActionStatus.choices)
    )
    note = forms.CharField(
        label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    reason = forms.CharField(
        label=_("Reden (verplicht bij vervallen)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class NoteForm(forms.Form):
    prefix = "note"
    text = forms.CharField(label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 3}))


class EvidenceForm(forms.Form):
    prefix = "evidence"
    text = forms.CharField(
        label=_("Omschrijving"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    url = forms.URLField(
        label=_("Link"),
        required=False,
        error_messages={"invalid": _("Vul een volledige link in, beginnend met https://.")},
    )


class ProgressReportForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    summary = forms.CharField(
        label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class RepeatScanForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    period_start = forms.DateField(
        label=_("Begin periode"),
        widget=DateInput,
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )
    period_end = forms.DateField(
        label=_("Einde periode"),
        widget=DateInput,
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )
    description = forms.CharField(label=_("Toelichting"), widget=forms.Textarea, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Het einde van de periode ligt voor het begin."))
        return data


class SettingsForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = FollowUpSettings
        fields = ["reminders_enabled", "days_before_due", "digest_weekday"]
        error_messages = {
            "days_before_due": {
                "min_value": _("Kies ten minste 1 dag."),
                "max_value": _("Kies ten hoogste 90 dagen."),
                "invalid": _("Vul een geheel aantal dagen in."),
            }
        }
