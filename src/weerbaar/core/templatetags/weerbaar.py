"""Template filters available in every template (registered as builtins)."""

from __future__ import annotations

from typing import Any

from django import template

from weerbaar.core.formatting import number
from weerbaar.core.text import translate

register = template.Library()


@register.filter(name="tr")
def tr(value: Any) -> str:
    """``{{ norm.title|tr }}``: the bilingual text in the active language."""
    return translate(value)


@register.filter
def whole(value: Any) -> str:
    """``{{ organisation.inhabitants|whole }}``: a count with the language's thousands
    separator ("25.400" in Dutch, "25,400" in English)."""
    return number(value, 0, grouping=True)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``{{ mapping|get_item:key }}`` for dict lookups with a variable key."""
    if mapping is None:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None
