from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import BODY_MAX, TITLE_MAX


class ReaderChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class NoteForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("Notitie"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=BODY_MAX,
        required=False,
    )
    readers = ReaderChoice(
        label=_("Delen met"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Alleen u en de leden die u hier aanvinkt kunnen de notitie lezen. Niemand anders: "
            "geen scancoördinator, geen beheerder, geen RIEC-adviseur."
        ),
    )

    def __init__(self, *args: Any, readers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["readers"].queryset = readers  # type: ignore[attr-defined]
