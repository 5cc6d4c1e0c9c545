from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from weerbaar.core.locking import VersionedFormMixin

from .models import Questionnaire, SurveyMode


def plausible_moment(value: datetime.datetime) -> None:
    """A field period lies in this era: far-off years cannot be stored or computed with."""
    if not 2000 <= value.year <= 2100:
        raise ValidationError(_("Kies een moment tussen het jaar 2000 en 2100."), code="year")


class QuestionnaireChoiceField(forms.ModelChoiceField):
    """A questionnaire choice labelled with its version and origin."""

    def label_from_instance(self, obj: Questionnaire) -> str:
        origin = _("meegeleverd") if obj.is_shipped else _("eigen kopie")
        return f"{obj.title} ({obj.version}, {origin})"


class SurveyForm(forms.Form):
    """Create a survey (enquête) for a scan."""

    questionnaire = QuestionnaireChoiceField(
        label=_("Vragenlijst"),
        queryset=None,
        empty_label=None,
        help_text=_("Alleen gevalideerde vragenlijsten kunnen worden gebruikt."),
    )
    title = forms.CharField(
        label=_("Titel"),
        required=False,
        max_length=300,
        help_text=_("Leeg laten: de titel van de vragenlijst."),
    )
    mode = forms.ChoiceField(
        label=_("Soort link"),
        choices=SurveyMode.choices,
        initial=SurveyMode.PERSONAL,
        widget=forms.RadioSelect,
        help_text=_(
            "Persoonlijke links: iedere respondent een eigen link (per e-mail of geprint). "
            "Open link: één link voor iedereen, bijvoorbeeld voor de raad."
        ),
    )
    opens_at = forms.DateTimeField(
        label=_("Opent op"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        validators=[plausible_moment],
        help_text=_("Leeg laten: de enquête opent wanneer u haar opent."),
    )
    closes_at = forms.DateTimeField(
        label=_("Sluit op"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        validators=[plausible_moment],
    )

    def __init__(
        self, *args: Any, questionnaires: QuerySet[Questionnaire] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(QuestionnaireChoiceField, self.fields["questionnaire"]).queryset = questionnaires

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("De sluitdatum moet na de openingsdatum liggen."))
        return data


class QuestionnaireSourceForm(VersionedFormMixin, forms.Form):
    """Edit the YAML text of an organisation's questionnaire copy."""

    source = forms.CharField(
        label=_("Vragenlijst (YAML)"),
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false", "class": "code"}),
        help_text=_(
            "Vragen, antwoorden en routering (show_if). Routering mag alleen verwijzen naar "
            "vragen op eerdere pagina's."
        ),
        max_length=500_000,
    )


class SurveyKForm(forms.Form):
    """Raise the minimum cell size (minimale celgrootte, k) of one survey."""

    k = forms.IntegerField(
        label=_("Minimale celgrootte (k)"),
        min_value=1,
        max_value=100,
        help_text=_(
            "Aantallen onder k worden niet getoond. Zodra er antwoorden zijn, kan k alleen "
            "omhoog; elke wijziging komt in het auditlog."
        ),
    )


class SurveyPeriodForm(VersionedFormMixin, forms.Form):
    """Change the title and field period (veldwerkperiode) of a survey that is not closed."""

    title = forms.CharField(
        label=_("Titel"),
        required=False,
        max_length=300,
        help_text=_("Leeg laten: de titel blijft zoals hij is."),
    )
    opens_at = forms.DateTimeField(
        label=_("Opent op"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        validators=[plausible_moment],
    )
    closes_at = forms.DateTimeField(
        label=_("Sluit op"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        validators=[plausible_moment],
        help_text=_(
            "Na dit tijdstip sluit de enquête vanzelf en worden e-mailadressen verwijderd."
        ),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("De sluitdatum moet na de openingsdatum liggen."))
        return data
