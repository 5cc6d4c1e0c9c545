from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PracticeKind, SupportKind
from .services import PracticeData, SupportData


class PracticeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=PracticeKind.choices)
    title = forms.CharField(label=_("Titel"), max_length=200)
    summary = forms.CharField(
        label=_("Samenvatting"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat doet de praktijk en voor wie? Noem geen personen of zaken."),
    )
    description = forms.CharField(
        label=_("Beschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    norm_ids = forms.MultipleChoiceField(
        label=_("Normen uit het referentiekader"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    process_ids = forms.MultipleChoiceField(
        label=_("Kwetsbare processen"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    measure_ids = forms.MultipleChoiceField(
        label=_("Maatregelen"), required=False, widget=forms.SelectMultiple(attrs={"size": 8})
    )

    def __init__(self, *args, choices: dict[str, list[tuple[str, str]]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, key in (
            ("norm_ids", "norms"),
            ("process_ids", "processes"),
            ("measure_ids", "measures"),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.MultipleChoiceField)
            field.choices = choices[key]

    def data_object(self) -> PracticeData:
        return PracticeData(**self.cleaned_data)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titel van het document"), max_length=200)
    file = forms.FileField(
        label=_("Bestand"), help_text=_("PDF, Word (DOCX), OpenDocument (ODT) of Excel (XLSX).")
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[("publish", _("Publiceren")), ("reject", _("Afwijzen"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reden bij afwijzen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De indieners lezen deze reden."),
    )


class SupportLinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=SupportKind.choices)
    title = forms.CharField(label=_("Titel"), max_length=200)
    url = forms.URLField(label=_("Adres (URL)"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("E-mailadres"), required=False)
    phone = forms.CharField(label=_("Telefoonnummer"), max_length=40, required=False)
    description = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def data_object(self) -> SupportData:
        return SupportData(**self.cleaned_data)
