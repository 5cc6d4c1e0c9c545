"""Portfolio risks: per college member's portfolio its vulnerable processes and functions,
the open actions that concern them and the questions for the portfolio talk."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from weerbaar.actions.models import OPEN_STATUSES, Action
from weerbaar.core.text import translate
from weerbaar.organisations.models import Organisation
from weerbaar.registers.models import FunctionEntry, ProcessEntry

from .agenda import register_scan, residual_scores
from .content import questions_for
from .models import Portfolio


def register_entries(
    organisation: Organisation,
) -> tuple[QuerySet[ProcessEntry], QuerySet[FunctionEntry]]:
    """The processes and functions a portfolio can hold: those of the newest register."""
    scan = register_scan(organisation)
    if scan is None:
        return ProcessEntry.objects.none(), FunctionEntry.objects.none()
    return (
        ProcessEntry.objects.filter(scan=scan).select_related("scan__library_version"),
        FunctionEntry.objects.filter(scan=scan),
    )


def save_portfolio(
    portfolio: Portfolio,
    *,
    holder_title: str,
    name: str,
    processes: list[ProcessEntry],
    functions: list[FunctionEntry],
) -> Portfolio:
    """Store the portfolio; entries of another organisation raise."""
    org_id = portfolio.organisation_id
    foreign = [p for p in processes if p.scan.organisation_id != org_id] + [
        f for f in functions if f.scan.organisation_id != org_id
    ]
    if foreign:
        raise ValidationError(
            {"processes": [_("Dit registeronderdeel hoort bij een andere organisatie.")]}
        )
    if not holder_title.strip() or not name.strip():
        raise ValidationError({"name": [_("Vul de portefeuillehouder en de portefeuille in.")]})
    portfolio.holder_title = holder_title.strip()
    portfolio.name = name.strip()
    portfolio.save()
    portfolio.processes.set(processes)
    portfolio.functions.set(functions)
    return portfolio


@dataclass
class PortfolioBrief:
    portfolio: Portfolio
    processes: list[dict[str, Any]] = field(default_factory=list)
    functions: list[dict[str, Any]] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    questions: list[dict[str, str]] = field(default_factory=list)


def open_actions(portfolio: Portfolio) -> list[Action]:
    """Open actions linked to one of the portfolio's entries or to their library process."""
    process_ids = set(portfolio.processes.values_list("pk", flat=True))
    function_ids = set(portfolio.functions.values_list("pk", flat=True))
    library_ids = set(
        portfolio.processes.exclude(library_process_id="").values_list(
            "library_process_id", flat=True
        )
    )
    candidates = Action.objects.filter(
        scan__organisation_id=portfolio.organisation_id, status__in=OPEN_STATUSES
    )
    return [
        a
        for a in candidates
        if a.process_entry_id in process_ids
        or a.function_entry_id in function_ids
        or library_ids & set(a.library_process_ids)
    ]


def brief(portfolio: Portfolio) -> PortfolioBrief:
    """What the one-page brief for the portfolio talk shows."""
    processes = list(portfolio.processes.select_related("scan__library_version"))
    functions = list(portfolio.functions.select_related("scan__library_version"))
    scores: dict[tuple[str, int], Any] = {}
    scans = {p.scan for p in processes} | {f.scan for f in functions}
    for scan in scans:
        scored_processes, scored_functions = residual_scores(scan)
        for scored in scored_processes:
            scores[("process", scored.entry.pk)] = scored.breakdown
        for scored in scored_functions:
            scores[("function", scored.entry.pk)] = scored.breakdown
    categories: set[str] = set()
    for p in processes:
        item = p.library_process
        if item:
            categories.add(item["category"])

    def entry_row(kind: str, entry: Any) -> dict[str, Any]:
        b = scores.get((kind, entry.pk))
        return {
            "name": entry.name,
            "score": round(b.score, 1) if b is not None and b.scored else None,
            "band": translate(b.band.name) if b is not None and b.scored else "",
        }

    return PortfolioBrief(
        portfolio=portfolio,
        processes=sorted(
            (entry_row("process", p) for p in processes), key=lambda r: -(r["score"] or 0)
        ),
        functions=sorted(
            (entry_row("function", f) for f in functions), key=lambda r: -(r["score"] or 0)
        ),
        actions=open_actions(portfolio),
        questions=[
            {"text": translate(q["text"]), "source": q["source"]} for q in questions_for(categories)
        ],
    )
