"""Turning rule matches into recommendations, and the coordinator's decisions on them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from weerbaar.core.text import translate
from weerbaar.registers.models import ControlState, ScreeningLevel, ScreeningPractice

from ..content import document_for
from ..models import AssessmentStatus, Recommendation, RecommendationStatus
from .engine import fields_used, matches, render
from .facts import FACT_SOURCES, collect_facts

UNKNOWN_STATUS = AssessmentStatus.UNKNOWN.value

if TYPE_CHECKING:
    from weerbaar.scans.models import Scan


def value_label(name: str, value, language: str | None = None) -> str:
    """Readable text for a fact value in a rationale (choices of the registers, yes/no)."""
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, float):
        return f"{value:.0f}"
    labels = _value_labels()
    return str(labels.get(value, value))


def _value_labels() -> dict[str, str]:
    labels: dict[str, str] = {}
    for choices in (ControlState, ScreeningPractice, ScreeningLevel):
        labels.update({k: str(v) for k, v in choices.choices})
    labels["none"] = _("niet vastgelegd")
    return labels


@dataclass
class RunResult:
    created: list[Recommendation] = field(default_factory=list)
    refreshed: int = 0
    kept: int = 0
    facts: dict[str, int] = field(default_factory=dict)  # facts looked at, per fact source
    matched: int = 0  # (rule, finding) pairs whose condition held

    def why_nothing_new(self) -> str:
        """Why this run proposed nothing new (empty when it did): shown to the coordinator."""
        if self.created:
            return ""
        if self.matched:
            return _(
                "Geen nieuwe voorstellen: alles wat de regels vonden, staat al in de lijst "
                "(open, overgenomen of afgewezen)."
            )
        if not any(self.facts.values()):
            return _(
                "Geen voorstellen: er zijn nog geen bevindingen om de regels op toe te passen. "
                "Vul de registers van kwetsbare processen en functies in, beoordeel normen in "
                "de zelfevaluatie of sluit de medewerkersenquête."
            )
        looked_at = ", ".join(
            f"{FACT_SOURCES[kind].source}: {count}" for kind, count in self.facts.items() if count
        )
        return _(
            "Geen voorstellen: de regels vonden in de bevindingen (%(looked_at)s) geen "
            "tekortkoming waarvoor de maatregelencatalogus een maatregel voorstelt."
        ) % {"looked_at": looked_at}


def citation(match) -> dict:
    fields = fields_used(match.rule["when"])
    cite = match.fact.citation(fields)
    rationale = {}
    for lang, _language_name in settings.LANGUAGES:
        with translation.override(lang):
            rationale[lang] = render(match.rule["rationale"], match.fact, value_label, lang)
    cite["rationale"] = rationale
    cite["rule_title"] = match.rule["title"]
    return cite


def proposal_text(measure: dict) -> str:
    return f"{translate(measure['name'], 'nl')}: {translate(measure['description'], 'nl')}"


def run_rules(scan: Scan, survey_figures: dict | None = None) -> RunResult:
    """Evaluate the rules and store new proposals.

    Idempotent: a proposal is identified by (rule, measure, subject). Re-running never
    duplicates it, never changes a decided one (accepted, rejected or edited), and only
    refreshes the citation of a proposal that is still open.
    """
    fw = scan.framework
    rules = document_for(scan, "recommendation_rules").get("rules", [])
    facts = collect_facts(scan, survey_figures)
    result = RunResult()
    for kind, _source in FACT_SOURCES.items():
        # A norm still "onbekend" is no finding: it only counts once it has a verdict.
        result.facts[kind] = sum(
            1 for f in facts if f.type == kind and f.values.get("status") != UNKNOWN_STATUS
        )
    with transaction.atomic():
        existing = {
            (r.rule_id, r.measure_id, r.subject_key): r
            for r in Recommendation.objects.select_for_update().filter(scan=scan)
        }
        for match in matches(rules, facts, fw):
            result.matched += 1
            cite = citation(match)
            for measure_id in match.measure_ids:
                key = (match.rule["id"], measure_id, match.fact.subject_key)
                rec = existing.get(key)
                if rec is None:
                    rec = Recommendation.objects.create(
                        scan=scan,
                        rule_id=match.rule["id"],
                        measure_id=measure_id,
                        subject_key=match.fact.subject_key,
                        text=proposal_text(fw.measure_index[measure_id]),
                        triggers=[cite],
                    )
                    existing[key] = rec
                    result.created.append(rec)
                elif rec.status == RecommendationStatus.PROPOSED and rec.triggers != [cite]:
                    rec.triggers = [cite]
                    rec.save(update_fields=["triggers"])
                    result.refreshed += 1
                else:
                    result.kept += 1
    return result


def decide(
    rec: Recommendation,
    *,
    decision: str,
    text: str | None = None,
    reason: str = "",
    user=None,
    expected_version: int | None = None,
) -> Recommendation:
    """Accept (optionally with edited text) or reject (with a reason) a proposal."""
    if decision not in (RecommendationStatus.ACCEPTED, RecommendationStatus.REJECTED):
        raise ValidationError(
            _("Onbekende beslissing. Kies overnemen of afwijzen."), code="unknown_decision"
        )
    reason = (reason or "").strip()
    if decision == RecommendationStatus.REJECTED and not reason:
        raise ValidationError(
            {"reason": _("Geef een reden op waarom u deze aanbeveling afwijst.")},
            code="reason_required",
        )
    if text is not None and not text.strip():
        raise ValidationError(
            {"text": _("De tekst van de aanbeveling mag niet leeg zijn.")}, code="text_required"
        )
    with transaction.atomic():
        current = Recommendation.objects.select_for_update().get(pk=rec.pk)
        if expected_version is not None and current.lock_version != expected_version:
            raise ValidationError(
                _(
                    "Iemand anders heeft over deze aanbeveling beslist terwijl u hem bekeek. "
                    "Uw invoer staat hieronder nog; controleer de opgeslagen versie en "
                    "beslis opnieuw."
                ),
                code="conflict",
            )
        current.status = decision
        if text is not None:
            current.text = text.strip()
        current.reason = reason
        current.decided_by = user if getattr(user, "is_authenticated", False) else None
        current.decided_at = timezone.now()
        current.lock_version += 1
        current.save()
    return current
