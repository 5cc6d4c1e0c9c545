"""Forms of the questionnaire editor; each carries the copy's version (optimistic locking)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from weerbaar.core.locking import VersionedFormMixin
from weerbaar.core.text import translate
from weerbaar.core.uploads import check_upload

from ..forms import QuestionnaireSourceForm
from ..questiontypes import question_types
from ..types import Question
from .conditions import ConditionSource
from .operations import ADDABLE_TYPES, NewQuestion, QuestionEdit

NEW_OPTION_FIELDS = 3
MAX_YAML_BYTES = 500_000
OPERATOR_LABELS = {
    "is": _("is (een van) de gekozen antwoorden"),
    "contains": _("bevat het gekozen antwoord"),
    "answered": _("is beantwoord"),
    "not_answered": _("is niet beantwoord"),
}
COMBINE_CHOICES = [
    ("all", _("en: ook aan de bestaande voorwaarden moet zijn voldaan")),
    ("any", _("of: deze voorwaarde of de bestaande")),
]


def _text(label: Any, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 2}), **kwargs)


class QuestionForm(VersionedFormMixin, forms.Form):
    """A question's texts and answers; its fields follow the question's options and rows."""

    text = _text(_("Vraagtekst"), max_length=2000)
    number = forms.CharField(
        label=_("Nummer"),
        required=False,
        max_length=10,
        help_text=_("Zoals de respondent het ziet, bijvoorbeeld 5 of 5a. Leeg: geen nummer."),
    )
    help = _text(_("Toelichting bij de vraag"), required=False, max_length=2000)
    required = forms.BooleanField(label=_("Verplicht te beantwoorden"), required=False)

    def __init__(self, *args: Any, question: Question, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        self.option_names: list[tuple[str, str]] = []
        for option in question.get("options", []):
            value, label = option["value"], translate(option["label"])
            self.fields[f"option-{value}"] = forms.CharField(
                label=_("Antwoord ‘%(value)s’") % {"value": value},
                initial=option["label"]["nl"],
                required=False,
                max_length=500,
            )
            self.fields[f"remove-{value}"] = forms.BooleanField(
                label=_("‘%(label)s’ verwijderen") % {"label": label}, required=False
            )
            self.option_names.append((f"option-{value}", f"remove-{value}"))
        self.new_names = []
        if "options" in question:
            for i in range(1, NEW_OPTION_FIELDS + 1):
                name = f"new-option-{i}"
                self.fields[name] = forms.CharField(
                    label=_("Nieuw antwoord %(n)s") % {"n": i}, required=False, max_length=500
                )
                self.new_names.append(name)
        self.row_names = []
        for row in question.get("rows", []):
            name = f"row-{row['id']}"
            self.fields[name] = forms.CharField(
                label=_("Stelling ‘%(id)s’") % {"id": row["id"]},
                initial=row["text"]["nl"],
                max_length=2000,
            )
            self.row_names.append(name)
        self.scale_names = []
        for point in question.get("scale", []):
            name = f"scale-{point['value']}"
            self.fields[name] = forms.CharField(
                label=_("Schaalpunt ‘%(value)s’") % {"value": point["value"]},
                initial=point["label"]["nl"],
                max_length=500,
            )
            self.scale_names.append(name)

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("text", "number", "help", "required")]

    @property
    def option_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[label], self[remove]) for label, remove in self.option_names]

    @property
    def new_option_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.new_names]

    @property
    def row_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.row_names]

    @property
    def scale_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.scale_names]

    def to_edit(self) -> QuestionEdit:
        data = self.cleaned_data
        return QuestionEdit(
            text=data["text"],
            help=data["help"],
            number=data["number"],
            required=data["required"],
            option_labels={
                name.removeprefix("option-"): data[name] for name, _remove in self.option_names
            },
            removed_options={
                remove.removeprefix("remove-")
                for _name, remove in self.option_names
                if data[remove]
            },
            new_options=[data[name] for name in self.new_names if data[name].strip()],
            row_texts={name.removeprefix("row-"): data[name] for name in self.row_names},
            scale_labels={name.removeprefix("scale-"): data[name] for name in self.scale_names},
        )


def question_initial(question: Question, version: int) -> dict[str, Any]:
    return {
        "lock_version": version,
        "text": question["text"]["nl"],
        "number": question.get("number", ""),
        "help": question["help"]["nl"] if question.get("help") else "",
        "required": bool(question.get("required")),
    }


class NewQuestionForm(VersionedFormMixin, forms.Form):
    """A new question: its kind, text and (for choices) one answer per line."""

    type = forms.ChoiceField(label=_("Soort vraag"), choices=())
    text = _text(_("Vraagtekst"), max_length=2000)
    options = forms.CharField(
        label=_("Antwoorden"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Eén antwoord per regel; nodig bij ‘Eén antwoord’ en ‘Meer antwoorden’."),
    )
    required = forms.BooleanField(label=_("Verplicht te beantwoorden"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [  # type: ignore[attr-defined]
            (key, question_types[key].label) for key in ADDABLE_TYPES
        ]

    def to_new_question(self) -> NewQuestion:
        data = self.cleaned_data
        return NewQuestion(
            type=data["type"],
            text=data["text"],
            options=[line for line in data["options"].splitlines() if line.strip()],
            required=data["required"],
        )


class NewPageForm(NewQuestionForm):
    """A new page at the end, with its first question."""

    title = forms.CharField(label=_("Titel van de pagina"), max_length=300)
    field_order = ["title", "type", "text", "options", "required"]


class PageForm(VersionedFormMixin, forms.Form):
    title = forms.CharField(label=_("Titel van de pagina"), max_length=300)
    intro = _text(_("Inleiding op de pagina"), required=False, max_length=4000)


class ConditionSourceForm(forms.Form):
    """Step 1 of a condition: the earlier question it uses (a GET form)."""

    bron = forms.ChoiceField(label=_("Vraag waarvan het antwoord telt"), choices=())

    def __init__(self, *args: Any, sources: list[ConditionSource], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bron"].choices = [  # type: ignore[attr-defined]
            ("", _("Kies een vraag")),
            *((s.key, s.label) for s in sources),
        ]


class ConditionForm(VersionedFormMixin, forms.Form):
    """Step 2 of a condition: how the answer to the chosen question is compared."""

    source = forms.CharField(widget=forms.HiddenInput)
    operator = forms.ChoiceField(label=_("Voorwaarde"), widget=forms.RadioSelect, choices=())
    values = forms.MultipleChoiceField(
        label=_("Antwoorden"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=(),
        help_text=_("Alleen bij ‘is’ en ‘bevat’."),
    )
    combine = forms.ChoiceField(
        label=_("Samen met de bestaande voorwaarden"),
        widget=forms.RadioSelect,
        choices=COMBINE_CHOICES,
        initial="all",
    )

    def __init__(
        self, *args: Any, source: ConditionSource, has_existing: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.chosen = source
        self.fields["operator"].choices = [  # type: ignore[attr-defined]
            (op, OPERATOR_LABELS[op]) for op in source.operators
        ]
        self.fields["values"].choices = source.values  # type: ignore[attr-defined]
        if not source.values:
            del self.fields["values"]
        if not has_existing:
            del self.fields["combine"]


class QuestionnaireImportForm(QuestionnaireSourceForm):
    """The YAML import: paste the text, or upload a .yaml file (which then replaces it)."""

    upload = forms.FileField(
        label=_("Of upload een YAML-bestand"),
        required=False,
        help_text=_("Een geüpload bestand vervangt de tekst hierboven."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("upload")
        if upload:
            try:
                check_upload(upload, {"csv"}, max_bytes=MAX_YAML_BYTES)
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("upload", _("Het bestand is geen UTF-8-tekst."))
                return data
            except ValidationError as exc:
                self.add_error("upload", exc)
                return data
            data["source"] = text
            # Show the uploaded text in the text field (e.g. with its problems).
            posted = QueryDict(mutable=True)
            posted.update(self.data)
            posted[self.add_prefix("source")] = text
            self.data = posted
        elif not data.get("source", "").strip():
            self.add_error("source", _("Plak de YAML-tekst of kies een bestand."))
        return data
