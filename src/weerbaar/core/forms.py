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
