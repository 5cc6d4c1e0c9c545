"""The form of an organisation's own look: primary colour and logo (see :mod:`.theme`)."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from weerbaar.core.locking import VersionedFormMixin

from .models import Organisation
from .theme import check_logo, validate_colour

EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}


class ThemeForm(VersionedFormMixin, forms.ModelForm):
    """Colour (empty: the neutral default theme) and logo (PNG, JPEG or WebP)."""

    remove_logo = forms.BooleanField(label=_("Logo verwijderen"), required=False)

    class Meta:
        model = Organisation
        fields = ["theme_primary_colour", "logo"]
        labels = {"theme_primary_colour": _("Hoofdkleur"), "logo": _("Logo")}
        help_texts = {
            "theme_primary_colour": _(
                "Als #rrggbb, bijvoorbeeld #1a5f8a. Knoppen en de kopbalk krijgen deze kleur "
                "met witte tekst; daarom is een contrast met wit van ten minste 4,5:1 nodig. "
                "Leeg: de standaardkleuren."
            ),
            "logo": _("Een PNG-, JPEG- of WebP-afbeelding van ten hoogste 512 kB; geen SVG."),
        }
        widgets = {
            "theme_primary_colour": forms.TextInput(
                attrs={"autocomplete": "off", "spellcheck": "false", "size": 8}
            ),
            "logo": forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme_primary_colour"].validators = []
        if not self.instance.logo:
            del self.fields["remove_logo"]

    def clean_theme_primary_colour(self) -> str:
        value = (self.cleaned_data.get("theme_primary_colour") or "").strip()
        return validate_colour(value) if value else ""

    def clean_logo(self) -> Any:
        upload = self.cleaned_data.get("logo")
        if not isinstance(upload, UploadedFile):
            return upload
        try:
            content_type = check_logo(upload)
        except ValidationError as exc:
            raise ValidationError(exc.messages, code=exc.code) from None
        # Stored under a name of our own: nothing of the sent file name reaches the disk.
        upload.name = f"{self.instance.slug}-{secrets.token_hex(8)}.{EXTENSIONS[content_type]}"
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("remove_logo") and self.files.get(self.add_prefix("logo")) is None:
            cleaned["logo"] = ""
        return cleaned
