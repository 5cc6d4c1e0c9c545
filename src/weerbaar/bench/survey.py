"""``weerbaar bench survey``: the employee survey of a large municipality.

A municipality with 20,000 respondents to the employee survey; (a) computing all results of
the scan (target < 1 s, peak < 300 MB), (b) page submits against the production server
(gunicorn, PostgreSQL) with 100 concurrent respondents from a load generator on loopback
(target >= 200 submits/s, p95 < 250 ms, no errors, no lost answers).
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from typing import Any

from . import Output, register_bench
from .load import measure_submits
from .machine import loadavg, machine
from .municipality import build_municipality


def measure_results(scan) -> tuple[float, float]:
    """Seconds and peak MB (tracemalloc, in a second run) for computing all results."""
    from weerbaar.surveys.results.services import scan_results

    scan_results(scan)  # warm up (imports, query plans)
    gc.collect()
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        scan_results(scan)
        times.append(time.perf_counter() - t0)
    gc.collect()
    tracemalloc.start()
    scan_results(scan)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return min(times), peak / 1e6


def survey_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--respondents", type=int, default=20_000, help="respondents of the survey (20000)"
    )
    parser.add_argument(
        "--load-respondents", type=int, default=600, help="simulated respondents (600)"
    )
    parser.add_argument("--concurrency", type=int, default=100, help="concurrent respondents (100)")
    parser.add_argument(
        "--limit", type=float, default=240.0, help="time limit of the load in seconds (240)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
    parser.add_argument(
        "--rate",
        type=float,
        default=220.0,
        help="offered page submits per second (220; 0 = saturation)",
    )
    parser.add_argument("--skip-load", action="store_true", help="only part (a): the results")


@register_bench(
    "survey",
    help="Employee survey: results of 20,000 respondents; page submits",
    arguments=survey_arguments,
)
def bench_survey(out: Output, options: dict[str, Any]) -> int:
    n = int(options["respondents"])
    out.write(f"survey-bench: {machine()}")
    out.write(f"survey-bench: generating a municipality with {n} respondents …")
    t0 = time.perf_counter()
    _org, scan, survey = build_municipality(n)
    out.write(f"survey-bench: generated in {time.perf_counter() - t0:.1f} s")
    results_s, peak_mb = measure_results(scan)
    ok = True
    ok &= results_s < 1.0
    ok &= peak_mb < 300
    out.write(f"results of the scan ({n} respondents): {results_s:.3f} s  (target < 1 s)")
    out.write(f"results peak memory (tracemalloc): {peak_mb:.1f} MB  (target < 300 MB)")
    if options["skip_load"]:
        result, lost, note = None, None, "skipped (--skip-load)"
    else:
        result, lost, note = measure_submits(
            out,
            int(options["load_respondents"]),
            int(options["concurrency"]),
            float(options["limit"]),
            int(options["workers"]),
            int(options["threads"]),
            float(options["rate"]),
        )
    if result is None:
        out.write(f"page submits: not measured: {note}")
        out.write(
            f"survey-bench: results_s={results_s:.3f} peak_mb={peak_mb:.1f} "
            "submits_per_s=n/a p95_ms=n/a lost=n/a"
        )
        return 0 if ok else 1
    lat = sorted(result.latencies)
    p95 = lat[int(0.95 * (len(lat) - 1))] * 1000 if lat else float("nan")
    overall = result.submits / result.seconds if result.seconds else 0.0
    rate = result.steady_rate()
    ok &= rate >= 200 and p95 < 250 and result.errors == 0 and lost == 0
    offered = options["rate"]
    out.write(
        "offered load: "
        + (f"{offered:.0f} page submits/s" if offered else "as fast as possible (saturation)")
    )
    out.write(
        f"page submits: {result.submits} in {result.seconds:.1f} s by "
        f"{int(options['concurrency'])} concurrent respondents"
    )
    out.write(
        f"page submits per second: {rate:.0f} (steady state; {overall:.0f} over the whole "
        "run incl. ramp-up and tail)  (target >= 200)"
    )
    out.write(f"page submit p95 latency: {p95:.0f} ms  (target < 250 ms)")
    out.write(f"errors: {result.errors}  (target 0)")
    for sample in result.error_samples:
        out.write(f"  error: {sample}")
    out.write(f"lost answers (counted in the database): {lost}  (target 0)")
    out.write(f"survey-bench: load average after the run: {loadavg()}")
    out.write(
        f"survey-bench: results_s={results_s:.3f} peak_mb={peak_mb:.1f} "
        f"submits_per_s={rate:.0f} p95_ms={p95:.0f} lost={lost}"
    )
    return 0 if ok else 1
