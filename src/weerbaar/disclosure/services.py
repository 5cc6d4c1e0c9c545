"""What leaves a survey beyond its suppressed results: research file, free texts, releases.

Every function reads the survey's results through ``weerbaar.surveys.results.services`` (the
suppressed results) and decides on top of them; nothing here shows an insider a row.

* Research file: only for an external researcher (role ``onderzoeker``) with a grant for
  that survey, given by the gemeentesecretaris with a reason, after closing and with at
  least 3·k respondents. The file itself is :func:`weerbaar.surveys.exports.research_dataset`
  (published department groups, no free text).
* Free texts: after closing, only items with at least k texts (the engine decides), in a
  fresh random order per call, each on its own: no department, no other answer.
  The coördinator's redactions replace the original wherever a text is shown or reported.
* Releases: one whole-survey count below k, as an explicit decision with a reason; never a
  department, never a breakdown.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from typing import Any, TypedDict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from weerbaar.core.text import translate
from weerbaar.organisations.models import Membership, Organisation, Role
from weerbaar.surveys import exports
from weerbaar.surveys.fieldwork import results_released
from weerbaar.surveys.models import Survey
from weerbaar.surveys.results.engine import compute_results
from weerbaar.surveys.results.services import organisation_k, submitted_rows, survey_results
from weerbaar.surveys.types import CategoryResult, ResultItem

from .models import Release, ResearchGrant, TextRedaction

RESEARCH_FACTOR = 3
"""A research file needs at least this many times k respondents."""

RESEARCH_FORMATS = {
    "csv": ("text/csv; charset=utf-8", exports.dataset_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        exports.dataset_xlsx,
    ),
    "sav": ("application/x-spss-sav", exports.dataset_sav),
}


def is_closed(survey: Survey) -> bool:
    """Whether the survey's field period has ended and its results are released."""
    return results_released(survey)


# ----------------------------------------------------------------------------- research file


def researchers(organisation: Organisation) -> QuerySet:
    """Memberships of the organisation's external researchers (who may be given a grant)."""
    return (
        Membership.objects.filter(
            organisation=organisation, role=Role.ONDERZOEKER, user__is_active=True
        )
        .select_related("user")
        .order_by("user__email")
    )


def research_refusals(survey: Survey) -> list[str]:
    """Why no research file of the survey may be given now (empty: it may)."""
    out = []
    if not is_closed(survey):
        out.append(_("De enquête is nog niet gesloten."))
    k = organisation_k(survey)
    n = survey_results(survey)["n_respondents"]
    if n < RESEARCH_FACTOR * k:
        out.append(
            _("Er zijn minder dan %(min)s respondenten (3 × k); een onderzoeksbestand kan niet.")
            % {"min": RESEARCH_FACTOR * k}
        )
    return out


def grant_research(survey: Survey, *, researcher, reason: str, by) -> ResearchGrant:
    """Give ``researcher`` (an ``onderzoeker`` of the organisation) the survey's research file."""
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = [_("Leg de reden vast.")]
    if not researchers(survey.scan.organisation).filter(user=researcher).exists():
        errors["researcher"] = [_("Kies een onderzoeker van deze organisatie.")]
    refusals = research_refusals(survey)
    if refusals:
        errors["__all__"] = refusals
    if errors:
        raise ValidationError(errors)
    grant, _created = ResearchGrant.objects.update_or_create(
        survey=survey,
        researcher=researcher,
        defaults={
            "reason": reason,
            "granted_by": by,
            "granted_on": timezone.localdate(),
            "withdrawn": False,
        },
    )
    return grant


def withdraw_research(grant: ResearchGrant) -> None:
    grant.withdrawn = True
    grant.save(update_fields=["withdrawn"])


def grants(survey: Survey) -> QuerySet[ResearchGrant]:
    return survey.research_grants.select_related("researcher", "granted_by").order_by("pk")


def granted_surveys(user, organisation: Organisation) -> QuerySet[Survey]:
    """The organisation's surveys whose research file ``user`` has an active grant for."""
    return Survey.objects.filter(
        scan__organisation=organisation,
        research_grants__researcher=user,
        research_grants__withdrawn=False,
    ).distinct()


def research_file(survey: Survey, user, fmt: str) -> tuple[bytes, str]:
    """(content, content type) of the research file for a granted researcher; refused else."""
    if fmt not in RESEARCH_FORMATS:
        raise ValidationError(_("Onbekend bestandsformaat."))
    if not granted_surveys(user, survey.scan.organisation).filter(pk=survey.pk).exists():
        raise PermissionDenied
    refusals = research_refusals(survey)
    if refusals:
        raise ValidationError(refusals)
    content_type, write = RESEARCH_FORMATS[fmt]
    return write(exports.research_dataset(survey)), content_type


# ----------------------------------------------------------------------------- free texts


@dataclass
class FreeText:
    key: str
    text: str  # the redacted version when there is one
    redacted: bool


@dataclass
class TextItem:
    item: str
    number: str
    question: Any  # bilingual text of the question
    texts: list[FreeText] = field(default_factory=list)


def text_key(survey: Survey, item: str, text: str) -> str:
    """The name of a free text: a digest of the text itself (no response is referred to)."""
    data = f"{survey.pk}\x1f{item}\x1f{text}".encode()
    return hashlib.sha256(data).hexdigest()


def free_texts(survey: Survey) -> list[TextItem]:
    """The free texts of a closed survey, per item with at least k texts, in random order.

    Each text stands alone (no department, no other answer); the order is drawn afresh on
    every call, so it follows neither the responses nor the previous view."""
    if not is_closed(survey):
        return []
    results = survey_results(survey, include_texts=True)
    redactions = {
        (r.item, r.text_key): r.redacted for r in TextRedaction.objects.filter(survey=survey)
    }
    rng = random.SystemRandom()
    out = []
    for it in results["items"]:
        texts = it.get("texts")
        if not texts:
            continue
        entries = []
        for text in texts:
            key = text_key(survey, it["id"], text)
            redacted = redactions.get((it["id"], key))
            entries.append(
                FreeText(key, text if redacted is None else redacted, redacted is not None)
            )
        rng.shuffle(entries)
        out.append(TextItem(it["id"], str(it.get("number") or ""), it.get("text"), entries))
    return out


def redact_text(survey: Survey, *, item: str, key: str, redacted: str, by) -> TextRedaction:
    """Store the coördinator's redacted version of one free text (audited)."""
    redacted = (redacted or "").strip()
    if not redacted:
        raise ValidationError({"redacted": [_("Vul de tekst in zoals die getoond mag worden.")]})
    known = {(t.item, e.key) for t in free_texts(survey) for e in t.texts}
    if (item, key) not in known:
        raise ValidationError(_("Deze tekst bestaat niet (meer)."))
    redaction, _created = TextRedaction.objects.update_or_create(
        survey=survey, item=item, text_key=key, defaults={"redacted": redacted, "redacted_by": by}
    )
    return redaction


class ReportText(TypedDict):
    item: str
    number: str
    question: Any
    texts: list[str]


def report_texts(survey: Survey) -> list[ReportText]:
    """The free texts a report may show: closed survey, ≥ k texts, redactions applied."""
    return [
        {
            "item": t.item,
            "number": t.number,
            "question": t.question,
            "texts": [e.text for e in t.texts],
        }
        for t in free_texts(survey)
    ]


# ----------------------------------------------------------------------------- releases


@dataclass
class Releasable:
    item: str
    value: str
    label: str  # question and answer in words


def _whole_survey_counts(survey: Survey) -> dict[tuple[str, str], int]:
    """Every (item, answer) count over the whole survey, unsuppressed (never shown as such)."""
    rows = [(answers, None) for answers, _dep in submitted_rows(survey)]
    results = compute_results(survey.definition, rows, k=1)
    return {
        (it["id"], str(c["value"])): int(c["count"] or 0)
        for it in results["items"]
        for c in it.get("categories") or []
    }


def _label(it: ResultItem, category: CategoryResult) -> str:
    parts = [f"{it.get('number') or ''} {translate(it.get('text'))}".strip()]
    for extra in (it.get("row_text"), it.get("option_label")):
        if extra:
            parts.append(translate(extra))
    parts.append(translate(category.get("label")))
    return " — ".join(parts)


def releasable(survey: Survey) -> list[Releasable]:
    """Whole-survey counts withheld by the suppression that a release could make public.

    Only items whose base is published; never the department question (its counts are a
    breakdown) and never a department's cell."""
    if not is_closed(survey):
        return []
    results = survey_results(survey)
    done = set(Release.objects.filter(survey=survey).values_list("item", "value"))
    out = []
    for it in results["items"]:
        if it.get("suppressed") or _is_breakdown(survey, it):
            continue
        if (it.get("bases") or {}).get("answered") is None:
            continue
        for c in it.get("categories") or []:
            if c.get("count") is None and (it["id"], str(c["value"])) not in done:
                out.append(Releasable(it["id"], str(c["value"]), _label(it, c)))
    return out


def _is_breakdown(survey: Survey, item: ResultItem) -> bool:
    index = {q["id"]: q for page in survey.definition["pages"] for q in page["questions"]}
    return index.get(item["question"], {}).get("options_from") == "departments"


def release_count(survey: Survey, *, item: str, value: str, reason: str, by) -> Release:
    """Publish one withheld whole-survey count below k, as a recorded decision (audited)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Leg de reden van de vrijgave vast.")]})
    if not is_closed(survey):
        raise ValidationError(_("Een aantal kan pas na het sluiten van de enquête vrij."))
    allowed = {(r.item, r.value) for r in releasable(survey)}
    if (item, value) not in allowed:
        raise ValidationError(
            _(
                "Alleen een aantal over de hele enquête dat nu verborgen is, kan vrij; nooit "
                "een aantal per afdeling of een uitsplitsing."
            )
        )
    count = _whole_survey_counts(survey).get((item, value), 0)
    k = organisation_k(survey)
    if count >= k:
        raise ValidationError(
            _("Dit aantal is %(k)s of meer en beschermt een ander aantal; het kan niet vrij.")
            % {"k": k}
        )
    base = next(it for it in survey_results(survey)["items"] if it["id"] == item)["bases"]
    with transaction.atomic():
        return Release.objects.create(
            survey=survey,
            item=item,
            value=value,
            count=count,
            base=int(base.get("answered") or 0),
            reason=reason,
            decided_by=by,
            decided_on=timezone.localdate(),
        )


def releases(survey: Survey) -> QuerySet[Release]:
    return survey.releases.select_related("decided_by").order_by("pk")


class ReleaseNote(TypedDict):
    item: str
    value: str
    count: int
    base: int
    decided_on: str


def release_notes(survey: Survey) -> list[ReleaseNote]:
    """The deliberate releases of a survey, for the report to show and mark."""
    return [
        {
            "item": r.item,
            "value": r.value,
            "count": r.count,
            "base": r.base,
            "decided_on": r.decided_on.isoformat(),
        }
        for r in releases(survey)
    ]
