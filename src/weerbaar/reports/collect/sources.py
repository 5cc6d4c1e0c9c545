"""The sources of the report's findings (triangulatie, seed 004 §1.3, §7.3, Bijlage 2).

Per norm what each kind of source says (from :mod:`weerbaar.assessment.triangulation`), the
documents of the document study and the conversation partners by function (from
:mod:`weerbaar.fieldwork.selectors`). Texts are frozen in every interface language, since a
published snapshot never changes; interview notes never enter the report.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.conf import settings
from django.utils import translation

from weerbaar.assessment.triangulation import SourceBlock, norm_sources, survey_lines
from weerbaar.fieldwork.selectors import conversation_partners, documents
from weerbaar.surveys.describe import in_each_language
from weerbaar.surveys.results import services as survey_results


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _per_language[T](make: Callable[[], T]) -> dict[str, T]:
    out = {}
    for code in _languages():
        with translation.override(code):
            out[code] = make()
    return out


def _bilingual_blocks(by_language: dict[str, list[SourceBlock]]) -> list[dict]:
    """One list of blocks whose texts are ``{"nl": ..., "en": ...}`` (same order per language)."""
    languages = list(by_language)
    first = by_language[languages[0]]
    out = []
    for i, block in enumerate(first):
        same = {code: by_language[code][i] for code in languages}
        out.append(
            {
                "kind": block.kind,
                "label": {code: b.label for code, b in same.items()},
                "notes": [
                    {code: same[code].notes[j] for code in languages}
                    for j in range(len(block.notes))
                ],
                "lines": [
                    {
                        "text": {code: same[code].lines[j].text for code in languages},
                        "detail": {code: same[code].lines[j].detail for code in languages},
                    }
                    for j in range(len(block.lines))
                ],
            }
        )
    return out


def collect_norm_sources(scan) -> dict[str, list[dict]]:
    """Per norm id of the scan's framework, what each kind of source says about it."""
    norms = list(scan.framework.norms)
    results = survey_results.scan_results(scan)
    by_language = _per_language(
        lambda: norm_sources(scan, norms, survey_figures=survey_lines(results))
    )
    return {
        norm["id"]: _bilingual_blocks({code: by_language[code][norm["id"]] for code in by_language})
        for norm in norms
    }


def _kind_label(document) -> str:
    return document.kind_label


def collect_documents(scan) -> list[dict[str, Any]]:
    """The documents of the document study: title, kind, owner, requested and received."""
    out = []
    for d in documents(scan):
        kind_label = in_each_language(partial(_kind_label, d))
        out.append(
            {
                "title": d.title,
                "kind_label": kind_label,
                "owner": d.owner,
                "requested_on": d.requested_on.isoformat() if d.requested_on else None,
                "received_on": d.received_on.isoformat() if d.received_on else None,
            }
        )
    return out


def collect_partners(scan) -> list[dict[str, Any]]:
    """The conversation partners by function (gesprekspartners): function, kind, date."""
    by_language = _per_language(lambda: conversation_partners(scan))
    languages = list(by_language)
    rows = by_language[languages[0]]
    return [
        {
            "function": row["function"],
            "kind_label": {code: by_language[code][i]["kind_label"] for code in languages},
            "held_on": row["held_on"].isoformat() if row["held_on"] else None,
        }
        for i, row in enumerate(rows)
    ]
