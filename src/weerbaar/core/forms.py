"""Form helpers shared by every app's views."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ``ValidationError`` on ``form``: per field where the field exists.

    Services raise ``ValidationError({"field": [...]})`` or a plain ``ValidationError``;
    messages for fields the form does not have (and plain messages) become non-field errors,
    so no message is lost and what the user typed stays in the bound form.
    """
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.error_list)


class DateInput(forms.DateInput):
    """An ``<input type="date">`` that round-trips its value.

    The browser's date input only accepts ISO dates (``2027-06-30``); rendering the value in
    the locale's format (``30-06-2027``) shows an empty field and saving then wipes the date.
    The browser displays the date in the user's own format.
    """

    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None, format: str | None = None) -> None:  # noqa: A002
        super().__init__(attrs=attrs, format=format or "%Y-%m-%d")
