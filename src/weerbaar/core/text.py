"""Bilingual content text: library and questionnaire texts are ``{"nl": ..., "en": ...}``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language


def translate(value: Any, language: str | None = None) -> str:
    """Pick the text for the active language from a bilingual mapping, falling back to Dutch."""
    if value is None:
        return ""
    if isinstance(value, dict):
        lang = (language or get_language() or "nl")[:2]
        return str(value.get(lang) or value.get("nl") or next(iter(value.values()), ""))
    return str(value)
