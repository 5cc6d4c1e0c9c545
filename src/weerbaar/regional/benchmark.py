"""The anonymous benchmark: a municipality against its region, its size class and every
participating municipality. Opt-in per municipality by its gemeentesecretaris.

Higher apps call :func:`compare`; it reads stored figures only (see :mod:`.figures`), and a
figure never names a municipality or rests on fewer than k municipalities (see
:mod:`.stats`).
"""

from __future__ import annotations

from typing import Any, TypedDict

from django.db import transaction

from weerbaar.organisations.models import Organisation

from .figures import (
    ALL,
    FigureRow,
    ensure_current,
    figures_of,
    latest_summaries,
    refresh,
    scope_of_region,
    scope_of_size,
    values_of,
)
from .models import BenchmarkOptIn
from .stats import MIN_MUNICIPALITIES, size_class
from .summaries import unit_of


class ScopeFigure(TypedDict):
    """One figure of one scope: ``None`` numbers when withheld (``withheld`` says why)."""

    scope: str  # all | size:<class> | region:<id> | riec:<id>
    n: int | None  # contributing municipalities (None when fewer than k)
    q1: int | None
    median: int | None
    q3: int | None
    withheld: str  # "" | few | difference


class ComparisonRow(TypedDict):
    item: str  # pillar:<id> | norm:<id> | item:<survey>:<question> | grade:<survey>:<question>
    label: Any  # bilingual {nl, en}
    unit: str  # pct | grade10 | phase | verdict
    own: int | None  # the municipality's own value (from its own published report)
    figures: list[ScopeFigure]


class Comparison(TypedDict):
    organisation: str
    participating: bool
    size_class: str | None
    min_municipalities: int
    rows: list[ComparisonRow]


def is_participating(organisation: Organisation) -> bool:
    return BenchmarkOptIn.objects.filter(organisation=organisation).exists()


def opt_in(organisation: Organisation, user: Any = None) -> None:
    """The municipality takes part: its latest published report contributes."""
    with transaction.atomic():
        BenchmarkOptIn.objects.get_or_create(
            organisation=organisation, defaults={"opted_in_by": user}
        )
        refresh()


def opt_out(organisation: Organisation) -> None:
    """The municipality leaves: every figure is computed again without its contribution."""
    with transaction.atomic():
        BenchmarkOptIn.objects.filter(organisation=organisation).delete()
        refresh()


def scope_figure(figure: FigureRow) -> ScopeFigure:
    shown = not figure.withheld
    return ScopeFigure(
        scope=figure.scope,
        # A withheld figure hides its count too: a count that moves by one would show who
        # joined or left.
        n=figure.n if shown and figure.n >= MIN_MUNICIPALITIES else None,
        q1=figure.q1 if shown else None,
        median=figure.median if shown else None,
        q3=figure.q3 if shown else None,
        withheld=figure.withheld,
    )


def scopes_for(organisation: Organisation) -> list[str]:
    """The scopes a municipality compares with: the region, its size class, the country."""
    scopes = []
    if organisation.region_id:
        scopes.append(scope_of_region(organisation.region_id))
    size = size_class(organisation.inhabitants)
    if size:
        scopes.append(scope_of_size(size))
    scopes.append(ALL)
    return scopes


def compare(organisation: Organisation) -> Comparison:
    """The municipality's own values beside the region's, its size class's and all
    participants' median and quartiles. Only a participating municipality gets figures."""
    ensure_current()
    participating = is_participating(organisation)
    out = Comparison(
        organisation=organisation.slug,
        participating=participating,
        size_class=size_class(organisation.inhabitants),
        min_municipalities=MIN_MUNICIPALITIES,
        rows=[],
    )
    if not participating:
        return out
    own_summary = latest_summaries([organisation.pk]).get(organisation.pk)
    own = values_of(own_summary) if own_summary else {}
    scopes = scopes_for(organisation)
    by_item: dict[str, dict[str, FigureRow]] = {}
    for items in figures_of(scopes).values():
        for figure in items.values():
            by_item.setdefault(figure.item, {})[figure.scope] = figure
    for item in sorted(by_item, key=item_order):
        figures = by_item[item]
        first = next(iter(figures.values()))
        out["rows"].append(
            ComparisonRow(
                item=item,
                label=first.label,
                unit=unit_of(item),
                own=own.get(item),
                figures=[scope_figure(figures[s]) if s in figures else _absent(s) for s in scopes],
            )
        )
    return out


def _absent(scope: str) -> ScopeFigure:
    return ScopeFigure(scope=scope, n=None, q1=None, median=None, q3=None, withheld="few")


def item_order(item: str) -> tuple[int, str]:
    """Pillars first, then norms, then survey items (each in key order)."""
    kind = item.split(":")[0]
    return ({"pillar": 0, "norm": 1, "item": 2, "grade": 2}.get(kind, 3), item)
