"""Bilingual texts from the gettext catalogs, for structures that carry every language.

Results and report snapshots hold texts as ``{"nl": ..., "en": ...}`` so one snapshot can be
shown in either language; :func:`bilingual` builds such a text from a Dutch source string
(marked with ``gettext_noop``) and its translations in the app's catalog.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.utils import translation

from .types import Text


def bilingual(message: str, **params: object) -> Text:
    """``message`` in every configured language, with ``%(name)s`` params filled in."""
    texts = _translations(message)
    if not params:
        return dict(texts)
    return {lang: text % params for lang, text in texts}


@cache
def _translations(message: str) -> tuple[tuple[str, str], ...]:
    out = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            out.append((code[:2], translation.gettext(message)))
    return tuple(out)


def untranslated(text: str) -> Text:
    """A text that is the same in every language (a name, a number)."""
    return {code[:2]: text for code, _name in settings.LANGUAGES}
