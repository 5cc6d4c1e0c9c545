"""Computing and storing every figure of the region's and the benchmark's pages.

:func:`refresh` reads the stored summaries (one per published report), the latest progress
report's totals and who takes part, computes every figure of every scope at once and stores
them; the pages read the stored figures. :func:`ensure_current` refreshes only when a report
version was decided or a progress report made since the last run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Max
from django.db.models.fields.json import KeyTransform
from django.utils import timezone

from weerbaar.actions.models import ProgressReport
from weerbaar.organisations.models import Organisation
from weerbaar.reports.models import VersionDecision

from .models import (
    BenchmarkOptIn,
    ContributedScore,
    Population,
    ReportSummary,
    ScopeFigures,
    SyncState,
)
from .stats import History, digest, quartiles, size_class
from .summaries import sync, unit_of

ALL = "all"
OVERDUE = "progress:overdue"
DONE = "progress:done"
#: The roles self-scan's contributed scores: all contributors and per region (see
#: :mod:`.rolescores`), items ``gsrole:<role id>``.
GS_ALL = "gsroles:all"
GS_ITEM = "gsrole:"


def scope_of_gs_region(region_id: int) -> str:
    return f"gsroles:region:{region_id}"


def scope_of_region(region_id: int) -> str:
    return f"region:{region_id}"


def scope_of_size(key: str) -> str:
    return f"size:{key}"


def scope_of_riec(region_id: int) -> str:
    """The region's medians on the RIEC dashboard: every municipality with a report."""
    return f"riec:{region_id}"


def latest_summaries(organisation_ids: list[int] | None = None) -> dict[int, dict[str, Any]]:
    """The latest summary per municipality (as values: pk, pillars, norms, items)."""
    qs = ReportSummary.objects.order_by("organisation_id", "-published_at", "-pk")
    if organisation_ids is not None:
        qs = qs.filter(organisation_id__in=organisation_ids)
    out: dict[int, dict[str, Any]] = {}
    for row in qs.values("pk", "organisation_id", "pillars", "norms", "items"):
        out.setdefault(row["organisation_id"], dict(row))
    return out


def values_of(summary: dict[str, Any]) -> dict[str, int]:
    """Item key -> integer of a summary (pillars and norms under their prefixes)."""
    values = {f"pillar:{k}": v for k, v in summary["pillars"].items()}
    values.update({f"norm:{k}": v for k, v in summary["norms"].items()})
    values.update(summary["items"])
    return values


def latest_progress(organisation_ids: list[int] | None = None) -> dict[int, dict[str, Any]]:
    """The totals of each municipality's latest progress report: pk, date, done, open, overdue."""
    qs = ProgressReport.objects.order_by("organisation_id", "-period_end", "-pk")
    if organisation_ids is not None:
        qs = qs.filter(organisation_id__in=organisation_ids)
    out: dict[int, dict[str, Any]] = {}
    rows = qs.annotate(totals=KeyTransform("totals", "content")).values_list(
        "pk", "organisation_id", "period_end", "totals"
    )
    for pk, org, period_end, totals in rows:
        if org in out:
            continue
        totals = totals or {}
        out[org] = {
            "pk": pk,
            "date": period_end,
            "done": int(totals.get("done") or 0),
            "open": int(totals.get("open") or 0),
            "overdue": int(totals.get("overdue") or 0),
        }
    return out


def progress_values(totals: dict[str, Any]) -> dict[str, int]:
    """The shares a progress report shows: overdue of the open actions, done of all."""
    out: dict[str, int] = {}
    if totals["open"]:
        out[OVERDUE] = round(100 * totals["overdue"] / totals["open"])
    if totals["done"] + totals["open"]:
        out[DONE] = round(100 * totals["done"] / (totals["done"] + totals["open"]))
    return out


def item_labels(items: set[str]) -> dict[str, Any]:
    """The label of every item (from the newest summaries that have it; progress items are
    labelled by the pages, with gettext)."""
    labels: dict[str, Any] = {}
    wanted = {i for i in items if not i.startswith(("progress:", GS_ITEM))}
    rows = ReportSummary.objects.order_by("-published_at", "-pk").values_list("labels", flat=True)
    for row in rows.iterator(chunk_size=20):
        for key in wanted & row.keys():
            labels[key] = row[key]
        wanted -= row.keys()
        if not wanted:
            break
    return labels


def _populations() -> Iterator[tuple[str, str, list[tuple[str, int]]]]:
    """(scope, item, [(member, value)]) of every candidate figure, in the order in which
    they are admitted: the country, the size classes, the regions, the RIEC views."""
    orgs = {
        pk: (region, size_class(inhabitants))
        for pk, region, inhabitants in Organisation.objects.values_list(
            "pk", "region_id", "inhabitants"
        )
    }
    opted = set(BenchmarkOptIn.objects.values_list("organisation_id", flat=True))
    summaries = latest_summaries()
    bench: dict[str, dict[str, list[tuple[str, int]]]] = defaultdict(lambda: defaultdict(list))
    riec: dict[str, dict[str, list[tuple[str, int]]]] = defaultdict(lambda: defaultdict(list))
    for org, summary in summaries.items():
        region, size = orgs.get(org, (None, None))
        member = f"s{summary['pk']}"
        values = values_of(summary)
        if org in opted:
            scopes = [ALL]
            if size:
                scopes.append(scope_of_size(size))
            if region:
                scopes.append(scope_of_region(region))
            for scope in scopes:
                target = bench[scope]
                for key, value in values.items():
                    target[key].append((member, value))
        if region:
            target = riec[scope_of_riec(region)]
            for key, value in values.items():
                if key.startswith("pillar:"):
                    target[key].append((member, value))
    for org, totals in latest_progress().items():
        region = orgs.get(org, (None, None))[0]
        if region:
            for key, value in progress_values(totals).items():
                riec[scope_of_riec(region)][key].append((f"p{totals['pk']}", value))
    roles = _role_score_populations({pk: region for pk, (region, _size) in orgs.items()})

    def order(scope: str) -> tuple[int, str]:
        return ({"all": 0, "size": 1, "region": 2}.get(scope.split(":")[0], 3), scope)

    for group in (bench, riec, roles):
        for scope in sorted(group, key=order):
            for item in sorted(group[scope]):
                yield scope, item, group[scope][item]


def _role_score_populations(
    regions: dict[int, int | None],
) -> dict[str, dict[str, list[tuple[str, int]]]]:
    """The contributed self-scan scores by scope and item: all contributors first (the
    scope ``gsroles:all`` sorts before the regions). A changed score is a new row, so a
    member (``g<row id>``) always stands for one value."""
    out: dict[str, dict[str, list[tuple[str, int]]]] = defaultdict(lambda: defaultdict(list))
    rows = ContributedScore.objects.order_by("pk").values_list(
        "pk", "organisation_id", "item", "value"
    )
    for pk, org, item, value in rows:
        key, member = f"{GS_ITEM}{item}", f"g{pk}"
        out[GS_ALL][key].append((member, value))
        region = regions.get(org)
        if region:
            out[scope_of_gs_region(region)][key].append((member, value))
    return out


def refresh() -> int:
    """Bring the summaries up to date (:func:`.summaries.sync`), then compute and store every
    figure (see :mod:`.stats` for what is withheld). Returns the number of figures."""
    with transaction.atomic():
        state = _state(lock=True)
        sync()
        populations = {
            key: (pk, frozenset(members), items)
            for pk, key, members, items in Population.objects.values_list(
                "pk", "digest", "members", "items"
            )
        }
        history = History(
            (item, key, members)
            for key, (_pk, members, items) in populations.items()
            for item in items
        )
        figures: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        # Candidates of one scope list their contributions in the same order for every item,
        # so the unsorted tuple finds a population already seen.
        seen: dict[tuple[str, ...], tuple[frozenset[str], str]] = {}
        for scope, item, pairs in _populations():
            members_key = tuple(m for m, _v in pairs)
            cached = seen.get(members_key)
            if cached is None:
                members = frozenset(members_key)
                cached = seen[members_key] = (members, digest(members))
            withheld = history.admit(item, cached[0], cached[1]) or ""
            figure: dict[str, Any] = {
                "unit": unit_of(item),
                "n": len(pairs),
                "q1": None,
                "median": None,
                "q3": None,
                "withheld": withheld,
            }
            if not withheld:
                q = quartiles(v for _m, v in pairs)
                figure.update(q1=q.q1, median=q.median, q3=q.q3)
            figures[scope][item] = figure
        _store_figures(figures)
        _store_populations(history.added, populations)
        items = {item for by_item in figures.values() for item in by_item}
        state.labels = item_labels(items)
        state.stamp = current_stamp()
        state.computed_at = timezone.now()
        state.save()
    return sum(len(items) for items in figures.values())


def _store_figures(figures: dict[str, dict[str, dict[str, Any]]]) -> None:
    """Replace the stored figures of every scope whose figures changed."""
    stored = dict(ScopeFigures.objects.values_list("scope", "figures"))
    gone = set(stored) - set(figures)
    if gone:
        ScopeFigures.objects.filter(scope__in=gone).delete()
    for scope, items in figures.items():
        if scope not in stored:
            ScopeFigures.objects.create(scope=scope, figures=items)
        elif stored[scope] != items:
            ScopeFigures.objects.filter(scope=scope).update(figures=items)


def _store_populations(
    added: list[tuple[str, str, frozenset[str]]],
    known: dict[str, tuple[int, frozenset[str], list[str]]],
) -> None:
    """Keep the newly shown populations and the items they were shown for."""
    new_items: dict[str, list[str]] = defaultdict(list)
    members_of: dict[str, frozenset[str]] = {}
    for item, key, members in added:
        new_items[key].append(item)
        members_of[key] = members
    for key, items in new_items.items():
        if key in known:
            pk, _members, old = known[key]
            Population.objects.filter(pk=pk).update(items=sorted({*old, *items}))
    Population.objects.bulk_create(
        Population(digest=key, members=sorted(members_of[key]), items=sorted(items))
        for key, items in new_items.items()
        if key not in known
    )


def _state(*, lock: bool = False) -> SyncState:
    qs = SyncState.objects.select_for_update() if lock else SyncState.objects
    state = qs.filter(pk=1).first()
    if state is None:
        state, _created = SyncState.objects.get_or_create(pk=1)
    return state


def current_stamp() -> str:
    """What the figures depend on besides opt-ins: report decisions, progress reports and
    the contributed self-scan scores (which also go when their organisation is deleted)."""
    decisions = VersionDecision.objects.aggregate(m=Max("pk"))["m"] or 0
    progress = ProgressReport.objects.aggregate(m=Max("pk"))["m"] or 0
    scores = ContributedScore.objects.aggregate(m=Max("pk"), n=Count("pk"))
    return f"{decisions}:{progress}:{scores['n']}:{scores['m'] or 0}"


def ensure_current() -> None:
    """Bring the summaries and figures up to date when a report or progress report changed."""
    if _state().stamp == current_stamp():
        return
    with transaction.atomic():
        if _state(lock=True).stamp != current_stamp():  # not done meanwhile by another request
            refresh()


@dataclass
class FigureRow:
    """One stored figure (see :class:`~.models.ScopeFigures`)."""

    scope: str
    item: str
    label: Any
    unit: str
    n: int
    q1: int | None
    median: int | None
    q3: int | None
    withheld: str


def figures_of(scopes: list[str]) -> dict[str, dict[str, FigureRow]]:
    """The stored figures of ``scopes``: scope -> item -> figure."""
    out: dict[str, dict[str, FigureRow]] = {}
    labels = _state().labels
    for scope, items in ScopeFigures.objects.filter(scope__in=scopes).values_list(
        "scope", "figures"
    ):
        out[scope] = {
            item: FigureRow(scope=scope, item=item, label=labels.get(item), **f)
            for item, f in items.items()
        }
    return out


def figure(scope: str, item: str) -> FigureRow | None:
    return figures_of([scope]).get(scope, {}).get(item)
