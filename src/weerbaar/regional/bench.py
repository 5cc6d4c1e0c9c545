"""``weerbaar bench regional``: the platform hosting every municipality of the country.

Builds 342 municipalities in 25 RIEC regions, each with a published report of a survey of
1,000 respondents, stored as the aggregates publishing makes (a :class:`~.models.ReportSummary`
per report, a progress report's totals), by bulk inserts: no survey is answered through the
web. Then times one region's dashboard and the national benchmark of every item (every
figure of every scope computed from the stored aggregates), and reports peak memory.
Everything is built in one transaction that is rolled back: the database is left as it was.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import random
import resource
import time
import tracemalloc
from typing import Any

from weerbaar.bench import Output, register_bench
from weerbaar.bench.machine import machine

REGION_TARGET_S = 0.5
NATIONAL_TARGET_S = 2.0
MEMORY_TARGET_MB = 1000.0


def regional_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--municipalities", type=int, default=342, help="municipalities (342)")
    parser.add_argument("--regions", type=int, default=25, help="RIEC regions (25)")
    parser.add_argument(
        "--respondents", type=int, default=1000, help="respondents per municipality (1000)"
    )


def survey_item_keys() -> list[str]:
    """Every item of the shipped questionnaires as the summaries key it (matrix rows apart)."""
    from weerbaar.surveys.models import Questionnaire
    from weerbaar.surveys.results.tallies import questions_of

    keys: list[str] = []
    rows = Questionnaire.objects.filter(organisation__isnull=True).values_list(
        "audience", "definition"
    )
    for audience, definition in rows:
        for q in questions_of(definition):
            units = [f"{q['id']}.{r['id']}" for r in q.get("rows") or []] or [q["id"]]
            keys.extend(f"item:{audience}:{u}" for u in units)
    return keys


def _share(rng: random.Random, p: float, n: int) -> int:
    """A whole percentage of n respondents agreeing with probability p (normal approx.)."""
    sd = (p * (1 - p) / n) ** 0.5
    return max(0, min(100, round(100 * rng.gauss(p, sd + 0.08))))


def build_country(municipalities: int, regions: int, respondents: int, seed: int = 342):
    """The regions and municipalities with their stored aggregates (bulk inserts)."""
    from django.utils import timezone

    from weerbaar.actions.models import ProgressReport
    from weerbaar.library.loader import load_shipped, require_current_version
    from weerbaar.organisations.models import Organisation, Region
    from weerbaar.scans.models import Scan, ScanStatus
    from weerbaar.surveys.services import install_shipped_questionnaires

    from .models import BenchmarkOptIn, ReportSummary

    rng = random.Random(seed)
    load_shipped()
    install_shipped_questionnaires()
    library = require_current_version()
    pillar_ids = [p["id"] for p in library.framework.pillars]
    norm_ids = [n["id"] for n in library.framework.norms]
    items = survey_item_keys()
    stamp = f"{int(time.time())}{rng.randrange(10**6)}"
    region_objs = Region.objects.bulk_create(
        Region(name=f"RIEC Benchregio {stamp}-{r}", slug=f"bench-{stamp}-{r}")
        for r in range(regions)
    )
    orgs = Organisation.objects.bulk_create(
        Organisation(
            name=f"Gemeente Bench {stamp}-{i}",
            slug=f"bench-{stamp}-{i}",
            inhabitants=int(rng.lognormvariate(10.3, 0.8)),
            region=region_objs[i % regions],
        )
        for i in range(municipalities)
    )
    today = timezone.localdate()
    scans = Scan.objects.bulk_create(
        Scan(
            organisation=org,
            title="0-meting",
            library_version=library,
            period_start=today - datetime.timedelta(days=200),
            period_end=today - datetime.timedelta(days=100),
            status=ScanStatus.FOLLOW_UP,
        )
        for org in orgs
    )
    now = timezone.now()
    labels = {k: {"nl": k, "en": k} for k in items}
    ReportSummary.objects.bulk_create(
        (
            ReportSummary(
                organisation=org,
                scan=scan,
                published_at=now - datetime.timedelta(days=rng.randrange(1, 300)),
                pillars={p: rng.randint(1, 4) for p in pillar_ids},
                norms={n: rng.choice((0, 1, 1, 2)) for n in norm_ids},
                items={k: _share(rng, rng.uniform(0.2, 0.8), respondents) for k in items},
                labels=labels,
            )
            for org, scan in zip(orgs, scans, strict=True)
        ),
        batch_size=100,
    )
    ProgressReport.objects.bulk_create(
        ProgressReport(
            organisation=org,
            title="Voortgangsrapportage",
            period_end=now,
            content={
                "totals": {
                    "done": rng.randint(0, 20),
                    "open": (o := rng.randint(1, 30)),
                    "overdue": rng.randint(0, o),
                }
            },
        )
        for org in orgs
    )
    BenchmarkOptIn.objects.bulk_create(
        BenchmarkOptIn(organisation=org) for org in orgs if rng.random() < 0.9
    )
    return region_objs, orgs, len(items) + len(pillar_ids) + len(norm_ids)


@register_bench(
    "regional",
    help="342 municipalities in 25 regions: region dashboard and national benchmark",
    arguments=regional_arguments,
)
def bench_regional(out: Output, options: dict[str, Any]) -> int:
    from django.db import transaction

    from .benchmark import compare
    from .dashboard import region_dashboard
    from .figures import refresh

    n, r, resp = options["municipalities"], options["regions"], options["respondents"]
    out.write(f"regional-bench: {machine()}")  # the load average: wall times on a busy machine
    out.write(
        f"regional-bench: building {n} municipalities in {r} regions "
        f"({n * resp} responses, as aggregates) …"
    )
    with transaction.atomic():
        t0 = time.perf_counter()
        regions, orgs, n_items = build_country(n, r, resp)
        out.write(f"regional-bench: built in {time.perf_counter() - t0:.1f} s, {n_items} items")
        gc.collect()
        tracemalloc.start()
        t0, c0 = time.perf_counter(), time.process_time()
        figures = refresh()
        first_s, first_cpu = time.perf_counter() - t0, time.process_time() - c0
        t0 = time.perf_counter()
        refresh()  # again, now against the history of shown populations
        again_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        compare(orgs[0])
        compare_s = time.perf_counter() - t0
        national_s = max(first_s, again_s) + compare_s
        times = []
        for region in regions[:5]:
            t0 = time.perf_counter()
            region_dashboard(region)
            times.append(time.perf_counter() - t0)
        region_s = max(times)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        transaction.set_rollback(True)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_mb = max(peak / 1e6, rss_mb)
    out.write(
        f"national benchmark, all items ({figures} figures): {national_s:.3f} s "
        f"(first {first_s:.3f} s of which {first_cpu:.3f} s CPU in this process, again "
        f"{again_s:.3f} s, one municipality {compare_s:.3f} s)"
        f"  (target < {NATIONAL_TARGET_S:g} s)"
    )
    out.write(
        f"region dashboard (slowest of 5 regions): {region_s:.3f} s"
        f"  (target < {REGION_TARGET_S:g} s)"
    )
    out.write(
        f"peak memory: {peak_mb:.0f} MB (process {rss_mb:.0f} MB,"
        f" measured part {peak / 1e6:.0f} MB)"
        f"  (target < {MEMORY_TARGET_MB:g} MB)"
    )
    out.write(
        f"regional-bench: region_s={region_s:.3f} national_s={national_s:.3f} peak_mb={peak_mb:.0f}"
    )
    ok = (
        region_s < REGION_TARGET_S and national_s < NATIONAL_TARGET_S and peak_mb < MEMORY_TARGET_MB
    )
    return 0 if ok else 1
