"""The previous scan's survey of the same questionnaire, for the results page's comparison."""

from __future__ import annotations

from weerbaar.surveys.fieldwork import results_released
from weerbaar.surveys.models import Survey


def previous_survey(survey: Survey) -> Survey | None:
    """The released survey of the same questionnaire (by its definition's id) and audience in
    the scan before ``survey``'s scan (``Scan.previous_scan``); None when there is none."""
    previous_scan = survey.scan.previous_scan
    if previous_scan is None:
        return None
    qid = (survey.definition or {}).get("id")
    candidates = (
        Survey.objects.filter(
            scan=previous_scan,
            scan__organisation=survey.scan.organisation,  # never another organisation's
            audience=survey.audience,
        )
        .select_related("scan__organisation", "questionnaire")
        .order_by("-pk")
    )
    for candidate in candidates:
        if (candidate.definition or {}).get("id") == qid and results_released(candidate):
            return candidate
    return None
