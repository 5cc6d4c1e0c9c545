"""Forms of incidents and signals: Dutch labels, plain fields, services do the rules."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from weerbaar.core.forms import DateInput
from weerbaar.organisations.models import Organisation, Role

from .models import (
    Category,
    Forward,
    IncidentForm,
    RetentionAction,
    SignalKind,
    StepKind,
    Urgency,
)
from .processes import signal_processes


def members(organisation: Organisation):
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__organisation=organisation)
        .distinct()
        .order_by("full_name", "email")
    )


MAX_PK = 2**63 - 1


def _valid_pk(value: object) -> bool:
    text = str(value)
    return text.isdigit() and int(text) <= MAX_PK


class MemberChoiceField(forms.ModelChoiceField):
    """A member by primary key; a value that is no possible key is an invalid choice."""

    def to_python(self, value):
        if value not in self.empty_values and not _valid_pk(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

    def label_from_instance(self, obj) -> str:
        return obj.full_name or obj.email


class MembersField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def _check_values(self, value):
        for pk in value:
            if not _valid_pk(pk):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]

    def label_from_instance(self, obj) -> str:
        return obj.full_name or obj.email


class IncidentReportForm(forms.Form):
    category = forms.ChoiceField(label=_("Soort incident"), choices=Category.choices)
    occurred_on = forms.DateField(label=_("Datum van het incident"), widget=DateInput())
    form = forms.ChoiceField(label=_("Vorm"), choices=IncidentForm.choices)
    place = forms.CharField(label=_("Plaats"), max_length=200, required=False)
    target_function = forms.CharField(
        label=_("Functie van het slachtoffer"),
        max_length=200,
        help_text=_("De functie is genoeg; een naam is niet nodig."),
    )
    victim = MemberChoiceField(
        label=_("Slachtoffer (als hij of zij een account heeft)"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("Het slachtoffer kan het incident dan zelf volgen."),
    )
    victim_name = forms.CharField(label=_("Naam slachtoffer"), max_length=200, required=False)
    perpetrator = forms.CharField(
        label=_("Dader (voor zover bekend)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    description = forms.CharField(
        label=_("Wat is er gebeurd?"), widget=forms.Textarea(attrs={"rows": 5})
    )
    serious = forms.BooleanField(label=_("Ernstig incident"), required=False)
    restricted = forms.BooleanField(
        label=_("Het incident betreft een bestuurder (afgeschermd)"),
        required=False,
        help_text=_(
            "Alleen melder, slachtoffer, behandelaar en de daarvoor aangewezen personen zien het."
        ),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["victim"].queryset = members(organisation)  # type: ignore[attr-defined]


class HandlerForm(forms.Form):
    handler = MemberChoiceField(
        label=_("Behandelaar"), queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = members(organisation)  # type: ignore[attr-defined]


class ContactForm(forms.Form):
    contact_at = forms.DateTimeField(
        label=_("Moment van het contact"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    note = forms.CharField(
        label=_("Notitie bij het contact"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class StepForm(forms.Form):
    kind = forms.ChoiceField(label=_("Stap"), choices=StepKind.choices, widget=forms.HiddenInput)
    done_on = forms.DateField(label=_("Gedaan op"), widget=DateInput(), required=False)
    follow_up_on = forms.DateField(label=_("Vervolg op"), widget=DateInput(), required=False)
    not_applicable = forms.BooleanField(label=_("Niet van toepassing"), required=False)
    note = forms.CharField(
        label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Bijlage"), help_text=_("PDF, DOCX, ODT of XLSX; het bestand wordt gecontroleerd.")
    )


class SignalForm(forms.Form):
    """A signal; the processes offered are the library's (see :mod:`.processes`)."""

    process = forms.ChoiceField(
        label=_("Bij welk proces?"),
        error_messages={"invalid_choice": _("Kies een proces uit de lijst.")},
    )
    kind = forms.ChoiceField(label=_("Wat voor signaal?"), choices=SignalKind.choices)
    description = forms.CharField(
        label=_("Wat is u opgevallen?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Noem geen namen als dat niet nodig is. Schrijf niets wat u herkenbaar maakt "
            "als u anoniem wilt blijven."
        ),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["process"].choices = signal_processes(organisation)  # type: ignore[attr-defined]


class AccountSignalForm(SignalForm):
    anonymous = forms.BooleanField(
        label=_("Anoniem melden (uw naam wordt niet bewaard)"), required=False, initial=True
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Uw code"), max_length=40, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )


class ReporterMessageForm(CodeForm):
    body = forms.CharField(
        label=_("Aanvulling of vraag"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class HandlerMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Bericht aan de melder"), widget=forms.Textarea(attrs={"rows": 3})
    )


class TriageForm(forms.Form):
    handler = MemberChoiceField(
        label=_("Behandelaar"), queryset=get_user_model().objects.none(), required=False
    )
    category = forms.ChoiceField(
        label=_("Categorie"), choices=[("", "—"), *Category.choices], required=False
    )
    urgency = forms.ChoiceField(label=_("Urgentie"), choices=Urgency.choices)
    forwarded_to = forms.MultipleChoiceField(
        label=_("Doorgestuurd naar"),
        choices=Forward.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    actions_taken = forms.CharField(
        label=_("Wat is er gedaan"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = members(organisation)  # type: ignore[attr-defined]


class CloseSignalForm(forms.Form):
    feedback = forms.CharField(
        label=_("Terugkoppeling aan de melder"), widget=forms.Textarea(attrs={"rows": 3})
    )


ROLE_CHOICES = [
    (Role.COORDINATOR.value, Role.COORDINATOR.label),
    (Role.SECRETARIS.value, Role.SECRETARIS.label),
    (Role.ACTIEHOUDER.value, Role.ACTIEHOUDER.label),
]


class SettingsForm(forms.Form):
    coordinators = MembersField(
        label=_("VPT-coördinatoren"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("Zien alle incidenten (behalve afgeschermde) en wijzen behandelaars aan."),
    )
    all_roles = forms.MultipleChoiceField(
        label=_("Rollen die alle incidenten zien"),
        choices=ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    serious_roles = forms.MultipleChoiceField(
        label=_("Rollen die ernstige incidenten zien"),
        choices=ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    restricted_viewers = MembersField(
        label=_("Mag afgeschermde incidenten (bestuurders) zien"),
        queryset=get_user_model().objects.none(),
        required=False,
    )
    signal_handlers = MembersField(
        label=_("Behandelaars van signalen"),
        queryset=get_user_model().objects.none(),
        required=False,
    )
    retention_action = forms.ChoiceField(
        label=_("Na de bewaartermijn"), choices=RetentionAction.choices
    )
    signal_retention_months = forms.IntegerField(
        label=_("Bewaartermijn afgesloten signalen (maanden)"), min_value=1, max_value=240
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("coordinators", "restricted_viewers", "signal_handlers"):
            self.fields[name].queryset = members(organisation)  # type: ignore[attr-defined]
        for category in Category:
            self.fields[f"retention_{category.value}"] = forms.IntegerField(
                label=_("Bewaartermijn %(category)s (maanden na afsluiten)")
                % {"category": category.label},
                min_value=1,
                max_value=240,
            )
