"""The roles self-scan against the region: scores the gemeentesecretaris contributes
anonymously, separate from the municipality's report benchmark (:mod:`.benchmark`).

Higher apps call :func:`contribute`, :func:`withdraw`, :func:`contributor_id` and
:func:`compare`. Only each organisation's latest year is kept (and counts). A figure is
the median and quartiles over municipalities, computed and withheld exactly as every
other figure of the region (:mod:`.figures`, :mod:`.stats`: at least k municipalities,
and no two shown figures of one item that differ in fewer than k contributions). A
changed score is a new contribution, so a municipality that changes, withdraws or joins
cannot be isolated by setting two moments side by side. Nothing here names a municipality.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from weerbaar.organisations.models import Organisation

from .benchmark import ScopeFigure, scope_figure
from .figures import (
    GS_ALL,
    GS_ITEM,
    FigureRow,
    ensure_current,
    figures_of,
    refresh,
    scope_of_gs_region,
)
from .models import ContributedScore, RoleScoreOptIn
from .stats import FEW, MIN_MUNICIPALITIES

__all__ = [
    "FEW",
    "MIN_MUNICIPALITIES",
    "RoleComparison",
    "RoleFigures",
    "ScopeFigure",
    "compare",
    "contribute",
    "contributor_id",
    "is_contributing",
    "withdraw",
]

SCORES = range(1, 6)


class RoleFigures(TypedDict):
    """One self-scan item: the region's and all contributors' figure (``None`` numbers when
    withheld; ``region`` is ``None`` for an organisation without a region)."""

    item: str  # the self-scan's role id
    own: int | None  # the organisation's own contributed score of ``year``
    region: ScopeFigure | None
    all: ScopeFigure


class RoleComparison(TypedDict):
    participating: bool
    year: int | None  # the year the organisation contributed
    min_municipalities: int
    rows: list[RoleFigures]


def contributor_id(organisation: Organisation) -> int | None:
    """The id of the user who contributes the organisation's scores (``None``: nobody, or
    the user no longer exists)."""
    return (
        RoleScoreOptIn.objects.filter(organisation=organisation)
        .values_list("opted_in_by_id", flat=True)
        .first()
    )


def is_contributing(organisation: Organisation) -> bool:
    return RoleScoreOptIn.objects.filter(organisation=organisation).exists()


def contribute(
    organisation: Organisation, year: int, values: Mapping[str, int | None], user: Any = None
) -> None:
    """Contribute (or update) the organisation's scores of ``year`` (item -> 1..5; ``None``
    or absent: not answered). An unchanged score stays the same contribution; a changed one
    is a new contribution; scores of earlier years are removed."""
    clean = {k: v for k, v in values.items() if v is not None}
    if any(not isinstance(v, int) or v not in SCORES for v in clean.values()):
        raise ValidationError(_("Een score ligt tussen 1 en 5."))
    with transaction.atomic():
        # One contribution of the organisation at a time (a double submit waits here); a
        # withdrawal in between is no error: the row is made again.
        opt_in, created = RoleScoreOptIn.objects.select_for_update().get_or_create(
            organisation=organisation, defaults={"opted_in_by": user}
        )
        stored = {s.item: s for s in ContributedScore.objects.filter(organisation=organisation)}
        latest = max((s.year for s in stored.values()), default=year)
        if year < latest:
            return  # only the latest year counts: an earlier scan does not replace it
        if not created and user is not None and opt_in.opted_in_by_id != user.pk:
            opt_in.opted_in_by = user
            opt_in.save(update_fields=["opted_in_by"])
        keep = {item for item, score in stored.items() if clean.get(item) == score.value}
        ContributedScore.objects.filter(organisation=organisation).exclude(item__in=keep).delete()
        ContributedScore.objects.filter(organisation=organisation, item__in=keep).update(year=year)
        ContributedScore.objects.bulk_create(
            ContributedScore(
                opt_in=opt_in, organisation=organisation, year=year, item=item, value=value
            )
            for item, value in sorted(clean.items())
            if item not in keep
        )
        refresh()


def withdraw(organisation: Organisation) -> None:
    """Stop contributing: the organisation's scores are deleted at once and every figure is
    computed again without them."""
    with transaction.atomic():
        RoleScoreOptIn.objects.filter(organisation=organisation).delete()
        ContributedScore.objects.filter(organisation=organisation).delete()
        refresh()


def _figure(figures: dict[str, FigureRow], item: str, scope: str) -> ScopeFigure:
    found = figures.get(f"{GS_ITEM}{item}")
    if found is None:
        return ScopeFigure(scope=scope, n=None, q1=None, median=None, q3=None, withheld=FEW)
    return scope_figure(found)


def compare(organisation: Organisation, year: int, items: list[str]) -> RoleComparison:
    """Per self-scan item (role id) the figure of the organisation's region and of all
    contributing municipalities. Only a contributing organisation gets figures; ``own`` is
    its contributed score when its contribution is of ``year``."""
    ensure_current()
    own_rows = list(
        ContributedScore.objects.filter(organisation=organisation).values_list(
            "item", "value", "year"
        )
    )
    participating = is_contributing(organisation)
    out = RoleComparison(
        participating=participating,
        year=max((y for _i, _v, y in own_rows), default=None),
        min_municipalities=MIN_MUNICIPALITIES,
        rows=[],
    )
    if not participating:
        return out
    own = {item: value for item, value, y in own_rows if y == year}
    region = scope_of_gs_region(organisation.region_id) if organisation.region_id else None
    stored = figures_of([s for s in (GS_ALL, region) if s])
    for item in items:
        out["rows"].append(
            RoleFigures(
                item=item,
                own=own.get(item),
                region=_figure(stored.get(region, {}), item, region) if region else None,
                all=_figure(stored.get(GS_ALL, {}), item, GS_ALL),
            )
        )
    return out
