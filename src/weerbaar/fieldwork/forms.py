"""Forms of the field work: documents, sessions, notes, invitations and the intake."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from weerbaar.core.forms import DateInput
from weerbaar.core.locking import VersionedFormMixin
from weerbaar.core.text import translate
from weerbaar.organisations.models import Department, Role
from weerbaar.registers.method import method_for_scan
from weerbaar.registers.models import ControlState
from weerbaar.registers.services import ControlInput
from weerbaar.scans.models import Scan

from .content import kind_choices
from .models import FieldDocument, IntakeFunction, IntakeProcess, InterviewSession
from .norms import norm_choices


def _norm_field(scan: Scan, *, required: bool, help_text: Any = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Normen"),
        choices=norm_choices(scan),
        required=required,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=help_text or _("Houd Ctrl (of Cmd) ingedrukt om meer normen te kiezen."),
    )


class DocumentForm(VersionedFormMixin, forms.ModelForm):
    kind = forms.ChoiceField(
        label=_("Soort"),
        error_messages={"invalid_choice": _("Kies een soort document uit de lijst.")},
    )
    upload = forms.FileField(
        label=_("Bestand (optioneel)"),
        required=False,
        help_text=_("PDF, DOCX, ODT of XLSX. Het bestand wordt alleen als download aangeboden."),
    )

    class Meta:
        model = FieldDocument
        fields = ["kind", "title", "owner", "requested_on", "received_on", "notes"]
        widgets = {
            "requested_on": DateInput,
            "received_on": DateInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, scan: Scan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = kind_choices(scan)
        self.fields["norm_ids"] = _norm_field(scan, required=False)
        if self.instance.pk:
            self.initial.setdefault("norm_ids", self.instance.norm_ids)


class SessionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = InterviewSession
        fields = ["kind", "functions", "planned_on", "held_on", "interviewers"]
        widgets = {
            "functions": forms.Textarea(attrs={"rows": 3}),
            "planned_on": DateInput,
            "held_on": DateInput,
            "interviewers": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "interviewers": _(
                "Alleen de gespreksvoerders en de gemeentesecretaris lezen de aantekeningen."
            )
        }

    def __init__(self, *args: Any, scan: Scan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["interviewers"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = (
            get_user_model()
            .objects.filter(
                memberships__organisation=scan.organisation,
                memberships__role=Role.COORDINATOR,
                is_active=True,
            )
            .order_by("full_name", "email")
        )


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Aantekening"), widget=forms.Textarea(attrs={"rows": 4}))
    is_quote = forms.BooleanField(label=_("Dit is een citaat"), required=False)
    anonymised = forms.BooleanField(
        label=_("Geanonimiseerd: zonder namen of herleidbare details"), required=False
    )

    def __init__(self, *args: Any, scan: Scan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["norm_ids"] = _norm_field(scan, required=True)


class InviteForm(forms.Form):
    department: forms.ModelChoiceField[Department] = forms.ModelChoiceField(
        label=_("Afdeling"), queryset=Department.objects.none()
    )
    email = forms.EmailField(label=_("E-mailadres van het afdelingshoofd"))
    full_name = forms.CharField(label=_("Naam (optioneel)"), max_length=200, required=False)

    def __init__(self, *args: Any, scan: Scan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = scan.organisation.departments.all()


class IntakeProcessForm(forms.ModelForm):
    """A process with, per kind of control measure of the scan's method, its state."""

    class Meta:
        model = IntakeProcess
        fields = ["library_process_id", "own_name", "steps", "money_flows", "external_parties"]
        widgets = {
            "steps": forms.Textarea(attrs={"rows": 3}),
            "external_parties": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, scan: Scan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        processes: list[tuple[str, Any]] = [("", _("— eigen proces (vul hieronder een naam in) —"))]
        processes += [(p["id"], translate(p["name"])) for p in scan.framework.processes]
        self.fields["library_process_id"] = forms.ChoiceField(
            label=_("Proces uit de lijst"),
            choices=processes,
            required=False,
            help_text=_("De lijst van kwetsbare processen uit het referentiekader."),
        )
        states = [("", _("Niet ingevuld")), *ControlState.choices]
        self.control_types = list(method_for_scan(scan).process_control_names.items())
        for ctype, name in self.control_types:
            self.fields[f"control_{ctype}"] = forms.ChoiceField(
                label=translate(name), choices=states, required=False
            )

    def measures(self) -> list[ControlInput]:
        return [
            ControlInput(
                control_type=ctype, state=self.cleaned_data.get(f"control_{ctype}") or None
            )
            for ctype, _name in self.control_types
        ]


class IntakeFunctionForm(forms.ModelForm):
    class Meta:
        model = IntakeFunction
        fields = [
            "name",
            "incumbents",
            "has_mandate",
            "external_contact",
            "financial_flows",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"name": _("De functie, nooit de naam van een persoon.")}
