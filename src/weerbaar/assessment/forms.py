from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AssessmentStatus, RecommendationStatus, SourceKind

STATUS_INVALID = _(
    "Onbekende status „%(value)s”. Kies voldoet, voldoet deels, voldoet niet of onbekend."
)

STATUS_REQUIRED = _("Kies een status: voldoet, voldoet deels, voldoet niet of onbekend.")
VERSION_INVALID = _(
    "Het formulier mist de versie van het opgeslagen onderdeel. Uw tekst staat hieronder nog; "
    "herlaad de pagina in een ander tabblad, vergelijk en sla opnieuw op."
)


def prefix_for(item_id: str) -> str:
    """A form prefix (and HTML id part) for a library item id: ``D3a.N1`` -> ``i-D3a-N1``."""
    return "i-" + re.sub(r"[^A-Za-z0-9_-]", "-", item_id)


class AssessmentItemForm(forms.Form):
    """One verdict; ``lock_version`` is the stored version the user started from."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=AssessmentStatus.choices,
        error_messages={"invalid_choice": STATUS_INVALID, "required": STATUS_REQUIRED},
    )
    finding = forms.CharField(
        label=_("Bevinding"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
    )
    evidence_text = forms.CharField(
        label=_("Onderbouwing (bronnen, gesprekken, documenten)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20000,
    )
    sources = forms.MultipleChoiceField(
        label=_("Het oordeel wordt ondersteund door"),
        choices=SourceKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies alleen bronnen uit de lijst.")},
    )
    lock_version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "required": VERSION_INVALID,
            "invalid": VERSION_INVALID,
            "min_value": VERSION_INVALID,
        },
    )


class EvidenceUploadForm(forms.Form):
    document = forms.FileField(
        label=_("Bewijsstuk (PDF, DOCX, ODT of XLSX, maximaal 20 MB)"),
        error_messages={
            "required": _("Kies een bestand om te uploaden."),
            "empty": _("Het bestand is leeg."),
        },
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,.odt,.xlsx,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
                "application/vnd.oasis.opendocument.text,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    description = forms.CharField(label=_("Omschrijving"), required=False, max_length=200)


class EvidenceLinkForm(forms.Form):
    url = forms.URLField(
        label=_("Link"),
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": _("Vul een geldige link in, bijvoorbeeld https://…")},
    )
    title = forms.CharField(label=_("Omschrijving"), required=False, max_length=200)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (RecommendationStatus.ACCEPTED, _("Overnemen")),
            (RecommendationStatus.REJECTED, _("Afwijzen")),
        ],
        error_messages={
            "invalid_choice": _("Onbekende beslissing. Kies overnemen of afwijzen."),
            "required": _("Kies overnemen of afwijzen."),
        },
    )
    text = forms.CharField(
        label=_("Tekst van de aanbeveling"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("De tekst van de aanbeveling mag niet leeg zijn.")},
    )
    reason = forms.CharField(
        label=_("Motivering (verplicht bij afwijzen)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
