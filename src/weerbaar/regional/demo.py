"""Demo steps: five more municipalities of the demo region with published figures, and every
municipality with a report in the benchmark, so the RIEC dashboard and the benchmark show;
then the same five contribute roles self-scan scores beside Voorbeeld's secretaris, so the
self-scan shows the region's figure.

The other municipalities' figures are aggregates only (a summary of a report, as publishing
one makes): no surveys, responses or report documents are made for them.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from weerbaar.core.demo import DemoContext, demo_step
from weerbaar.organisations.models import Organisation
from weerbaar.scans.models import STATUS_ORDER
from weerbaar.scans.services import change_status, create_scan

from .figures import refresh
from .models import BenchmarkOptIn, ContributedScore, ReportSummary, RoleScoreOptIn
from .summaries import sync

# (name, slug, CBS code, inhabitants)
MUNICIPALITIES = [
    ("Gemeente Beekvliet", "beekvliet", "GM9904", 8_900),
    ("Gemeente Heidedorp", "heidedorp", "GM9905", 17_600),
    ("Gemeente Veenhoven", "veenhoven", "GM9906", 33_100),
    ("Gemeente Zandmere", "zandmere", "GM9907", 58_700),
    ("Gemeente Kanaalstede", "kanaalstede", "GM9908", 112_000),
]


def _vary(rng: random.Random, key: str, value: int) -> int:
    if key.startswith("pillar:"):
        return max(1, min(4, value + rng.choice((-1, 0, 0, 1))))
    if key.startswith("norm:"):
        return rng.choice((0, 1, 1, 2, 2))
    if key.startswith("grade:"):
        return max(10, min(100, value + rng.randint(-8, 8)))
    return max(0, min(100, value + rng.randint(-18, 18)))


def _varied(rng: random.Random, prefix: str, values: dict[str, int]) -> dict[str, int]:
    return {k: _vary(rng, f"{prefix}{k}", v) for k, v in values.items()}


@demo_step(order=90)
def build_region(ctx: DemoContext) -> None:
    sync()
    voorbeeld = ctx.objects["voorbeeld"]
    base = ReportSummary.objects.filter(organisation=voorbeeld).order_by("-published_at").first()
    if base is None:
        return
    rng = random.Random(15)
    scan_of_voorbeeld = base.scan
    today = timezone.localdate()
    summaries = []
    for i, (name, slug, code, inhabitants) in enumerate(MUNICIPALITIES):
        org = Organisation.objects.create(
            name=name,
            slug=slug,
            cbs_code=code,
            inhabitants=inhabitants,
            province="Drenthe",
            region=ctx.objects["region"],
        )
        scan = create_scan(
            organisation=org,
            title="0-meting",
            library_version=scan_of_voorbeeld.library_version,
            period_start=today - datetime.timedelta(days=300 - 20 * i),
            period_end=today - datetime.timedelta(days=120 - 10 * i),
        )
        if i % 2:  # in follow-up (or still reporting) after publishing the report
            for status in STATUS_ORDER[1 : 4 + i // 2 % 2]:
                scan = change_status(scan, status)
        else:  # the report is out and the next scan is being prepared
            create_scan(
                organisation=org,
                title="Herhaalmeting",
                library_version=scan.library_version,
                period_start=today,
                period_end=today + datetime.timedelta(days=120),
                previous_scan=scan,
            )
        summaries.append(
            ReportSummary(
                organisation=org,
                scan=scan,
                published_at=timezone.now() - datetime.timedelta(days=100 - 10 * i),
                pillars=_varied(rng, "pillar:", base.pillars),
                norms=_varied(rng, "norm:", base.norms),
                items=_varied(rng, "", base.items),
                labels=dict(base.labels),
            )
        )
        BenchmarkOptIn.objects.create(organisation=org)
    ReportSummary.objects.bulk_create(summaries)
    BenchmarkOptIn.objects.create(
        organisation=voorbeeld, opted_in_by=ctx.objects["user_secretaris"]
    )
    refresh()


@demo_step(order=96)
def build_role_scores(ctx: DemoContext) -> None:
    """After Voorbeeld's secretaris contributed (the workspace step): the five others."""
    own = list(
        ContributedScore.objects.filter(organisation=ctx.objects["voorbeeld"]).order_by("item")
    )
    if not own:
        return
    rng = random.Random(16)
    orgs = Organisation.objects.filter(slug__in=[m[1] for m in MUNICIPALITIES]).order_by("pk")
    scores: list[ContributedScore] = []
    for org in orgs:
        opt_in = RoleScoreOptIn.objects.create(organisation=org)
        scores.extend(
            ContributedScore(
                opt_in=opt_in,
                organisation=org,
                year=s.year,
                item=s.item,
                value=max(1, min(5, s.value + rng.choice((-1, 0, 0, 1)))),
            )
            for s in own
        )
    ContributedScore.objects.bulk_create(scores)
    refresh()
