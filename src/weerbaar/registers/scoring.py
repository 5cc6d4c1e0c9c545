"""Pure scoring of the vulnerability profile (kwetsbaarheidsprofiel).

Every score is ``residual = inherent x (1 - reduction)`` on a 0-100 scale:

* **inherent** (inherente kwetsbaarheid): for a process the weighted mean of its eight
  criterion scores (0-3), scaled to 0-100; for a function the points of its risk attributes
  as a share of the most points a function can earn.
* **reduction** (vermindering door beheersmaatregelen): the sum over control types of
  ``relevance x effect(state)``, capped at the method's ``max_reduction``. Several controls
  of one type count once, with their best state.

Each result carries a list of :class:`Contribution` whose ``points`` add up to the score:
the positive contributions of criteria/attributes (summing to ``inherent``) and the negative
contributions of controls (summing to ``-inherent x reduction``; scaled down in proportion
when the cap applies). The functions here take plain values, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .method import AttributeRule, Band, VulnerabilityMethod
from .models import CONTROL_STATE_ORDER


@dataclass(frozen=True)
class Contribution:
    """One line of 'waarom deze score': an input and the points it adds or removes."""

    kind: str  # "criterion", "attribute" or "control"
    key: str
    name: Any  # bilingual text (dict) or plain text
    value: Any  # the input: a score 0-3, a state, a field value
    points: float
    detail: str = ""  # e.g. the rationale of a criterion score or a control's description


@dataclass(frozen=True)
class ScoreBreakdown:
    inherent: float
    raw_reduction: float
    reduction: float
    score: float
    band: Band
    contributions: tuple[Contribution, ...]
    missing: tuple[str, ...] = field(default_factory=tuple)
    #: False while nothing was measured (a process without any criterion score): its 0 is
    #: no finding, so pages say "nog niet beoordeeld" instead of "0,0 Laag".
    scored: bool = True

    @property
    def capped(self) -> bool:
        return self.raw_reduction > self.reduction

    @property
    def inherent_contributions(self) -> list[Contribution]:
        return [c for c in self.contributions if c.kind != "control"]

    @property
    def control_contributions(self) -> list[Contribution]:
        return [c for c in self.contributions if c.kind == "control"]

    @property
    def total(self) -> float:
        return sum(c.points for c in self.contributions)


def best_states(controls: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Per control type the best recorded state."""
    best: dict[str, str] = {}
    for control_type, state in controls:
        if state not in CONTROL_STATE_ORDER:
            continue
        current = best.get(control_type)
        if current is None or CONTROL_STATE_ORDER.index(state) > CONTROL_STATE_ORDER.index(current):
            best[control_type] = state
    return best


def _reduce(
    method: VulnerabilityMethod,
    inherent: float,
    states: Mapping[str, str],
    relevance: Mapping[str, float],
    names: Mapping[str, Any],
    max_reduction: float,
    details: Mapping[str, str] | None = None,
) -> tuple[float, float, list[Contribution]]:
    raw = {t: relevance.get(t, 0.0) * method.effect(s) for t, s in states.items()}
    total = sum(raw.values())
    applied = min(total, max_reduction)
    lines = []
    for control_type, state in states.items():
        share = raw[control_type] / total if total > 0 else 0.0
        lines.append(
            Contribution(
                kind="control",
                key=control_type,
                name=names.get(control_type, control_type),
                value=state,
                points=-inherent * applied * share,
                detail=(details or {}).get(control_type, ""),
            )
        )
    return total, applied, lines


def score_process(
    method: VulnerabilityMethod,
    criteria: Mapping[str, int | None],
    controls: Iterable[tuple[str, str]],
    rationales: Mapping[str, str] | None = None,
    control_details: Mapping[str, str] | None = None,
    criterion_names: Mapping[str, Any] | None = None,
) -> ScoreBreakdown:
    """Score a process from its criterion scores (0-3 or None) and its (type, state) controls."""
    weights = method.criterion_weights
    total_weight = sum(weights.values())
    lines: list[Contribution] = []
    missing: list[str] = []
    for criterion, weight in weights.items():
        value = criteria.get(criterion)
        if value is None:
            missing.append(criterion)
        elif not 0 <= int(value) <= 3:
            raise ValueError(f"criterion score {value!r} for {criterion} is outside 0-3")
        level = int(value or 0)
        lines.append(
            Contribution(
                kind="criterion",
                key=criterion,
                name=(criterion_names or {}).get(criterion, criterion),
                value=value,
                points=100.0 * weight * level / (3.0 * total_weight),
                detail=(rationales or {}).get(criterion, ""),
            )
        )
    inherent = sum(c.points for c in lines)
    states = best_states(controls)
    raw, applied, control_lines = _reduce(
        method,
        inherent,
        states,
        method.process_controls,
        method.process_control_names,
        method.process_max_reduction,
        control_details,
    )
    score = inherent * (1.0 - applied)
    return ScoreBreakdown(
        inherent=inherent,
        raw_reduction=raw,
        reduction=applied,
        score=score,
        band=method.band_for(score),
        contributions=tuple(lines + control_lines),
        missing=tuple(missing),
        scored=len(missing) < len(weights),
    )


def rule_matches(
    method: VulnerabilityMethod, rule: AttributeRule, values: Mapping[str, Any]
) -> bool:
    """Whether a function's ``values`` meet one attribute rule of the method."""
    value = values.get(rule.field)
    if rule.has_equals:
        return bool(value == rule.equals)
    threshold = rule.at_least
    if isinstance(threshold, str):  # the name of a method setting, e.g. long_tenure_years
        threshold = getattr(method, threshold)
    return value is not None and bool(value >= threshold)


def screening_state(values: Mapping[str, Any]) -> str:
    """The control state of a function's screening, derived from practice (see the method)."""
    if values.get("screening_required", "none") == "none":
        return "absent"
    done = values.get("screening_done")
    if done in ("no", "not_applicable", None):
        return "absent"
    if done == "partly":
        return "on_paper"
    external_ok = not values.get("external_hires") or values.get("screening_done_external") in (
        "yes",
        "not_applicable",
    )
    on_change_ok = values.get("screening_on_change") in ("yes", "not_applicable")
    return "effective" if external_ok and on_change_ok else "in_practice"


FUNCTION_FIELDS = (
    "incumbents",
    "typical_tenure_years",
    "dual_roles",
    "local_ties",
    "has_mandate",
    "information_access",
    "external_contact",
    "decision_authority",
    "financial_flows",
    "external_hires",
    "screening_required",
    "screening_done",
    "screening_done_external",
    "screening_on_change",
    "rotation_state",
    "four_eyes_state",
    "compensating_state",
    "compensating_control",
)


def score_function(method: VulnerabilityMethod, values: Mapping[str, Any]) -> ScoreBreakdown:
    """Score a function from its attribute and control fields (see ``FUNCTION_FIELDS``)."""
    max_points = method.function_max_points
    lines: list[Contribution] = []
    for rule in method.function_rules:
        if rule_matches(method, rule, values):
            lines.append(
                Contribution(
                    kind="attribute",
                    key=rule.attribute,
                    name=rule.name,
                    value=values.get(rule.field),
                    points=100.0 * rule.points / max_points,
                )
            )
    inherent = sum(c.points for c in lines)
    states = {
        "screening": screening_state(values),
        "four_eyes": values.get("four_eyes_state") or "absent",
        "rotation": values.get("rotation_state") or "absent",
        "compensating": values.get("compensating_state") or "absent",
    }
    states = {k: v for k, v in states.items() if k in method.function_controls}
    details = {
        "screening": values.get("screening_required", "none"),
        "compensating": values.get("compensating_control") or "",
    }
    raw, applied, control_lines = _reduce(
        method,
        inherent,
        states,
        method.function_controls,
        method.function_control_names,
        method.function_max_reduction,
        details,
    )
    score = inherent * (1.0 - applied)
    return ScoreBreakdown(
        inherent=inherent,
        raw_reduction=raw,
        reduction=applied,
        score=score,
        band=method.band_for(score),
        contributions=tuple(lines + control_lines),
    )
